// The peer's producer: Vercel's resumable-stream playing the part of our worker. It reads the same
// model stream (openai SDK, the same request our worker sends) and feeds each delta, as one SSE
// frame, into `createNewResumableStream`, which keeps the chunks in memory and publishes each one to
// every resumed listener over Redis. The viewers attach through bench/procs/peer-api.ts.
//
// Usage: tsx bench/procs/peer-producer.ts <port> <simBaseUrl> <redisUrl> <keyPrefix>
// Control: POST /produce {streamId, prompt, hold?}  POST /release {streamId}  POST /cancel-all
import http from 'node:http';
import { Redis } from 'ioredis';
import OpenAI from 'openai';
import { createResumableStreamContext } from 'resumable-stream/ioredis';
import { buildMessages, getTemplate } from '../../src/domain/templates.js';

const [portArg, simUrl, redisUrl, keyPrefix] = process.argv.slice(2);
const client = new OpenAI({ apiKey: 'simulated', baseURL: `${simUrl}/v1`, maxRetries: 0 });
const template = getTemplate('terms-of-service');
const allSections = template.sections.map((title, i) => ({ index: i + 1, title }));
const context = createResumableStreamContext({
  waitUntil: null,
  keyPrefix,
  publisher: new Redis(redisUrl ?? '', { connectionName: 'bench-peer-producer' }),
  subscriber: new Redis(redisUrl ?? '', { connectionName: 'bench-peer-producer-sub' }),
});

interface Production {
  abort: AbortController;
  /** Characters produced so far: what a viewer joining now can skip (`resumeExistingStream`'s skipCharacters). */
  length: number;
  /** Called to let a held stream close (the resume workload keeps it open once complete). */
  release: () => void;
}
const productions = new Map<string, Production>();

function frames(prompt: string, production: Production, hold: boolean): ReadableStream<string> {
  let iterator: AsyncIterator<OpenAI.ChatCompletionChunk> | undefined;
  let seq = 0;
  return new ReadableStream<string>({
    async pull(controller) {
      try {
        iterator ??= (
          await client.chat.completions.create(
            {
              model: 'gpt-4o-mini',
              messages: buildMessages({ template, prompt, write: allSections, finished: [] }),
              stream: true,
              stream_options: { include_usage: true },
              temperature: 0.3,
            },
            { signal: production.abort.signal },
          )
        )[Symbol.asyncIterator]();
        for (;;) {
          const { done, value } = await iterator.next();
          if (done) {
            if (hold) await new Promise<void>((r) => (production.release = r));
            controller.enqueue(`id: ${seq + 1}\nevent: done\ndata: {"seq":${seq + 1},"status":"completed"}\n\n`);
            controller.close();
            return;
          }
          const text = value.choices[0]?.delta?.content;
          if (!text) continue;
          seq += 1;
          const frame = `id: ${seq}\nevent: token\ndata: ${JSON.stringify({ seq, section: 0, text })}\n\n`;
          production.length += frame.length;
          controller.enqueue(frame);
          return;
        }
      } catch {
        controller.close();
      }
    },
  });
}

async function produce(streamId: string, prompt: string, hold: boolean): Promise<void> {
  const production: Production = { abort: new AbortController(), length: 0, release: () => {} };
  productions.set(streamId, production);
  const stream = await context.createNewResumableStream(streamId, () => frames(prompt, production, hold));
  // The creator's own copy: drained (our worker has no viewer of its own either).
  const reader = stream?.getReader();
  void (async () => {
    try {
      while (reader && !(await reader.read()).done) {
        // discard
      }
    } finally {
      productions.delete(streamId);
    }
  })();
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return JSON.parse(text || '{}') as Record<string, unknown>;
}

const server = http.createServer(async (req, res) => {
  try {
    if (req.url === '/healthz') return res.end('ok');
    const body = req.method === 'POST' ? await readJson(req) : {};
    if (req.url === '/produce') {
      await produce(String(body.streamId), String(body.prompt), body.hold === true);
      return res.writeHead(202).end();
    }
    if (req.url === '/release') {
      productions.get(String(body.streamId))?.release();
      return res.end();
    }
    if (req.url === '/cancel-all') {
      for (const p of productions.values()) {
        p.abort.abort();
        p.release();
      }
      return res.end();
    }
    if (req.url === '/active') return res.end(String(productions.size));
    if (req.url === '/lengths') {
      const ids = (body.streamIds ?? []) as string[];
      return res.end(JSON.stringify(Object.fromEntries(ids.map((id) => [id, productions.get(id)?.length ?? 0]))));
    }
    res.writeHead(404).end();
  } catch (error) {
    res.writeHead(500).end(String(error));
  }
});
server.listen(Number(portArg), '127.0.0.1', () =>
  console.log(JSON.stringify({ msg: 'peer producer listening', port: portArg })),
);
