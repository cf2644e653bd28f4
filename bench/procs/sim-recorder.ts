// The product's simulated model (src/sim), served as it is, plus a recorder: every streamed reply
// whose request carries a bench key (`Ref <key>.` in the prompt) has its bytes kept, untouched, and
// parsed only when the bench asks for its timeline: each content delta with the simulator's own
// `sim_sent_at` stamp. So the bench knows when each token left the model without any hook in the
// service, which only ever sees the ordinary OpenAI stream.
//
// Usage: tsx bench/procs/sim-recorder.ts <port> <tokensPerSec>
import { serve } from '@hono/node-server';
import { createSimApp } from '../../src/sim/app.js';
import { preciseNow } from '../lib/histogram.js';

const port = Number(process.argv[2] ?? 0);
const tokensPerSec = Number(process.argv[3] ?? 40);
const KEY_PATTERN = /Ref (bk[0-9a-z]+)\.( Hold\.)?/;

// Replies to prompts marked `Hold.` wait for the bench's release before the model starts writing, so
// that thousands of viewers can attach to a stream before its first token (fan-out workload).
const gates = new Map<string, { promise: Promise<void>; open: () => void }>();
const waiting = new Set<string>();
function gate(key: string) {
  let entry = gates.get(key);
  if (!entry) {
    let open!: () => void;
    const promise = new Promise<void>((r) => (open = r));
    entry = { promise, open };
    gates.set(key, entry);
  }
  return entry;
}

interface Recording {
  /** When the request reached the simulator (wall clock, ms). */
  arrivedAt: number;
  chunks: Uint8Array[];
  open: boolean;
}

const recordings = new Map<string, Recording[]>();
let openStreams = 0;

/** Each content delta of a recorded reply: [sentAt, text]. */
function timelineOf(recording: Recording): [number, string][] {
  const text = Buffer.concat(recording.chunks).toString('utf8');
  const deltas: [number, string][] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('data: {')) continue;
    const chunk = JSON.parse(line.slice(6)) as { sim_sent_at: number; choices: { delta?: { content?: string } }[] };
    const content = chunk.choices[0]?.delta?.content;
    if (content) deltas.push([chunk.sim_sent_at, content]);
  }
  return deltas;
}

const sim = createSimApp({ port, tokensPerSec });

async function handle(request: Request, env: unknown): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname === '/_bench/timelines' && request.method === 'POST') {
    const keys = (await request.json()) as string[];
    const out: Record<string, { arrivedAt: number; requests: number; deltas: [number, string][] }> = {};
    for (const key of keys) {
      const list = recordings.get(key);
      const first = list?.[0];
      if (first) out[key] = { arrivedAt: first.arrivedAt, requests: list.length, deltas: timelineOf(first) };
    }
    return Response.json(out);
  }
  if (url.pathname === '/_bench/release' && request.method === 'POST') {
    for (const key of (await request.json()) as string[]) gate(key).open();
    return Response.json({ ok: true });
  }
  if (url.pathname === '/_bench/waiting') return Response.json({ waiting: waiting.size });
  if (url.pathname === '/_bench/reset' && request.method === 'POST') {
    for (const entry of gates.values()) entry.open();
    gates.clear();
    recordings.clear();
    return Response.json({ ok: true });
  }
  if (url.pathname === '/_bench/open') return Response.json({ open: openStreams });
  if (url.pathname !== '/v1/chat/completions' || request.method !== 'POST') return sim.fetch(request, env);

  const body = await request.text();
  const match = KEY_PATTERN.exec(body);
  const key = match?.[1];
  if (key && match?.[2]) {
    waiting.add(key);
    await gate(key).promise;
    waiting.delete(key);
  }
  const arrivedAt = preciseNow();
  const response = await sim.fetch(
    new Request(request.url, { method: 'POST', headers: request.headers, body, signal: request.signal }),
    env,
  );
  if (!key || !response.body || !response.headers.get('content-type')?.startsWith('text/event-stream')) return response;

  const recording: Recording = { arrivedAt, chunks: [], open: true };
  const list = recordings.get(key) ?? [];
  list.push(recording);
  recordings.set(key, list);
  openStreams += 1;
  const close = () => {
    if (!recording.open) return;
    recording.open = false;
    openStreams -= 1;
  };
  // A client that went away stops the simulator's stream without ending it: count it closed then.
  request.signal.addEventListener('abort', close, { once: true });
  // A pass-through that only keeps a reference to each chunk: the stamps were set before this.
  const reader = response.body.getReader();
  const body2 = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) {
        close();
        controller.close();
        return;
      }
      recording.chunks.push(value);
      controller.enqueue(value);
    },
    cancel(reason) {
      close();
      return reader.cancel(reason);
    },
  });
  return new Response(body2, { status: response.status, headers: response.headers });
}

serve({ fetch: handle, port, hostname: '127.0.0.1' }, (info) => {
  console.log(JSON.stringify({ msg: 'sim-recorder listening', port: info.port, tokensPerSec }));
});
