// The baseline: the design the first product used. One HTTP handler calls the model (openai SDK,
// stream: true, the same request our worker sends) and writes each delta to the same response as an
// SSE frame. No queue, no Redis, no database: nothing survives a dropped connection, and each viewer
// is its own model call — the floor our relay is measured against.
//
// Usage: tsx bench/procs/direct-server.ts <port> <simBaseUrl>
import http from 'node:http';
import OpenAI from 'openai';
import { buildMessages, getTemplate } from '../../src/domain/templates.js';

const port = Number(process.argv[2] ?? 0);
const client = new OpenAI({ apiKey: 'simulated', baseURL: `${process.argv[3]}/v1`, maxRetries: 0 });
const template = getTemplate('terms-of-service');
const allSections = template.sections.map((title, i) => ({ index: i + 1, title }));

async function readBody(req: http.IncomingMessage): Promise<{ prompt?: string }> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return JSON.parse(text || '{}') as { prompt?: string };
}

const server = http.createServer(async (req, res) => {
  if (req.url === '/healthz') return res.end('ok');
  if (req.method !== 'POST' || req.url !== '/stream') return res.writeHead(404).end();
  const { prompt = '' } = await readBody(req);
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.flushHeaders();
  let seq = 0;
  try {
    const stream = await client.chat.completions.create(
      {
        model: 'gpt-4o-mini',
        messages: buildMessages({ template, prompt, write: allSections, finished: [] }),
        stream: true,
        stream_options: { include_usage: true },
        temperature: 0.3,
      },
      { signal: abort.signal },
    );
    for await (const chunk of stream) {
      const text = chunk.choices[0]?.delta?.content;
      if (!text) continue;
      seq += 1;
      res.write(`id: ${seq}\nevent: token\ndata: ${JSON.stringify({ seq, section: 0, text })}\n\n`);
    }
    res.end(`id: ${seq + 1}\nevent: done\ndata: {"seq":${seq + 1},"status":"completed"}\n\n`);
  } catch (error) {
    if (!abort.signal.aborted) console.error(error);
    res.destroy();
  }
});
server.requestTimeout = 0;
server.listen(port, '127.0.0.1', () => console.log(JSON.stringify({ msg: 'direct listening', port })));
