// The peer's viewer edge: one process serving SSE viewers of streams produced elsewhere, through
// resumable-stream's `resumeExistingStream` (its way for any process to attach to a running stream:
// each viewer gets its own Redis channel, and the producer replays then publishes every chunk to it).
//
// Usage: tsx bench/procs/peer-api.ts <port> <redisUrl> <keyPrefix>
import http from 'node:http';
import { Redis } from 'ioredis';
import { createResumableStreamContext } from 'resumable-stream/ioredis';

const [portArg, redisUrl, keyPrefix] = process.argv.slice(2);
const context = createResumableStreamContext({
  waitUntil: null,
  keyPrefix,
  publisher: new Redis(redisUrl ?? '', { connectionName: 'bench-peer-api' }),
  subscriber: new Redis(redisUrl ?? '', { connectionName: 'bench-peer-api-sub' }),
});

const server = http.createServer(async (req, res) => {
  if (req.url === '/healthz') return res.end('ok');
  const match = /^\/streams\/([\w-]+)(?:\?skip=(\d+))?$/.exec(req.url ?? '');
  if (req.method !== 'GET' || !match?.[1]) return res.writeHead(404).end();
  let stream: ReadableStream<string> | null | undefined;
  try {
    stream = await context.resumeExistingStream(match[1], match[2] ? Number(match[2]) : undefined);
  } catch (error) {
    return res.writeHead(503).end(String(error));
  }
  if (!stream) return res.writeHead(stream === null ? 410 : 404).end();
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  const reader = stream.getReader();
  res.on('close', () => void reader.cancel().catch(() => {}));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
    }
    res.end();
  } catch {
    res.destroy();
  }
});
server.requestTimeout = 0;
server.listen(Number(portArg), '127.0.0.1', () =>
  console.log(JSON.stringify({ msg: 'peer api listening', port: portArg })),
);
