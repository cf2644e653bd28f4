// What one SSE viewer holds in our API process, and what writing to it costs: starts
// `node dist/src/main.js api` (as deployed, with the inspector on; MEM_API_ARGS runs another server,
// e.g. a plain `node:http` one to compare with), opens N viewers at the head of one queued
// generation, as the bench's page-load viewers join, and diffs heap snapshots taken after a full GC
// before and after they attach: objects per viewer by constructor, bytes per viewer on the JS heap,
// outside it and in RSS. No worker runs: the viewers sit attached (subscribed, heartbeat due), which
// is what every viewer holds whatever the model does.
//
//   node --import tsx bench/memory-per-viewer.ts [viewers=2000] [top=40] [options]
//     --rss          no heap snapshots (they leave RSS inflated): memory figures only
//     --no-gc        measured as the bench does, garbage included (no full GC first)
//     --alloc        everything allocated while the viewers connect (garbage too), by function
//     --retainers    objects new in the second snapshot by what holds them (--chain=N: N holders up)
//     --why=type:name  retainer chains of a few such objects
//     --frames=K     then K one-token batches published 50 ms apart (--every=MS): API CPU per frame
//                    per viewer
// needs DATABASE_URL and REDIS_URL (a unique key prefix is used), and `npm run build` first.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { freePort, waitForHttp } from './lib/children.js';

const option = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const viewers = Number(process.argv[2] ?? 2000);
const top = Number(process.argv[3] ?? 40);
const rssOnly = process.argv.includes('--rss');
const noGc = process.argv.includes('--no-gc');
const allocations = process.argv.includes('--alloc');
const byRetainer = process.argv.includes('--retainers');
const chain = Number(option('chain') ?? 1);
const why = process.argv.filter((a) => a.startsWith('--why=')).map((a) => a.slice(6));
const frames = Number(option('frames') ?? 0);
const everyMs = Number(option('every') ?? 50);
const prefix = `mem${randomBytes(4).toString('hex')}`;
/** Bytes the viewers have received, all together. */
let received = 0;
let snapshots = 0;
let firstIds: Set<number> | undefined;
const port = await freePort();
const inspectPort = await freePort();
const api = spawn(
  process.execPath,
  [`--inspect=127.0.0.1:${inspectPort}`, ...(process.env.MEM_API_ARGS ?? 'dist/src/main.js api').split(' ')],
  {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      REDIS_PREFIX: prefix,
      OPENAI_API_KEY: undefined,
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      RATE_LIMIT_PER_MIN: '0',
      MAX_OPEN_GENERATIONS: '0',
      MAX_STREAMS_PER_CLIENT: '0',
    },
    stdio: ['ignore', 'inherit', 'pipe'],
  },
);
api.stderr.resume();
const base = `http://127.0.0.1:${port}`;

try {
  await waitForHttp(`${base}/readyz`, 60_000);
  const created = await fetch(`${base}/api/generations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: 'A photo sharing app for hikers, based in France, with paid plans. Hold.' }),
  });
  const { id } = (await created.json()) as { id: string };

  const targets = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const cdp = await connect(targets[0]!.webSocketDebuggerUrl);

  // Viewers join at the head of the log, as the bench's do (a page load renders what is there).
  const headRedis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const head = Number((await headRedis.get(`${prefix}:gen:{${id}}:seq`)) ?? 0);
  headRedis.disconnect();
  // One viewer first, so what is built once (routes compiled, the channel subscribed) is not counted.
  const sockets: http.ClientRequest[] = [];
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const open = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.get(`${base}/api/generations/${id}/events?after=${head}`, { agent }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}`));
        res.once('data', () => resolve());
        res.on('data', (chunk: Buffer) => (received += chunk.length));
      });
      req.on('error', reject);
      sockets.push(req);
    });
  await open();
  const before = await measure(cdp);
  if (allocations)
    await cdp.send('HeapProfiler.startSampling', {
      samplingInterval: 512,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  for (let done = 0; done < viewers; done += 100)
    await Promise.all(Array.from({ length: Math.min(100, viewers - done) }, open));
  if (allocations) printAllocations((await cdp.send('HeapProfiler.stopSampling')).profile as SamplingNode);
  const after = await measure(cdp);
  if (frames > 0) await fanOut(id, frames);

  const per = (a: number, b: number) => ((b - a) / viewers).toFixed(0);
  console.log(`${viewers} viewers; bytes per viewer${noGc ? ' (no GC first)' : ' after a full GC'}:`);
  console.log(
    `  heapUsed ${per(before.mem.heapUsed, after.mem.heapUsed)}  heapTotal ${per(before.mem.heapTotal, after.mem.heapTotal)}  external ${per(before.mem.external, after.mem.external)}  arrayBuffers ${per(before.mem.arrayBuffers, after.mem.arrayBuffers)}  RssAnon ${per(before.mem.rss, after.mem.rss)}  (snapshot self sizes ${per(before.total, after.total)})`,
  );
  const rows = [...after.counts.keys()]
    .map((key) => {
      const b = before.counts.get(key) ?? { count: 0, size: 0 };
      const a = after.counts.get(key)!;
      return { key, count: (a.count - b.count) / viewers, size: (a.size - b.size) / viewers };
    })
    .filter((r) => Math.abs(r.count) >= 0.5)
    .sort((x, y) => y.size - x.size)
    .slice(0, top);
  console.log('  per viewer: count  bytes  type:name');
  for (const r of rows) console.log(`  ${r.count.toFixed(2).padStart(8)} ${r.size.toFixed(0).padStart(6)}  ${r.key}`);
  for (const req of sockets) req.destroy();
  cdp.close();
} finally {
  api.kill('SIGTERM');
}

interface Cdp {
  send(method: string, params?: object): Promise<Record<string, unknown>>;
  onEvent(method: string, handler: (params: Record<string, unknown>) => void): void;
  close(): void;
}

async function connect(url: string): Promise<Cdp> {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let next = 1;
  const pending = new Map<number, (result: Record<string, unknown>) => void>();
  const handlers = new Map<string, (params: Record<string, unknown>) => void>();
  ws.onmessage = (message) => {
    const data = JSON.parse(String(message.data)) as { id?: number; result?: never; method?: string; params?: never };
    if (data.id !== undefined) pending.get(data.id)?.(data.result ?? {});
    else if (data.method) handlers.get(data.method)?.(data.params ?? {});
  };
  return {
    send: (method, params = {}) =>
      new Promise((resolve) => {
        const id = next++;
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, method, params }));
      }),
    onEvent: (method, handler) => handlers.set(method, handler),
    close: () => ws.close(),
  };
}

async function measure(cdp: Cdp) {
  await new Promise((r) => setTimeout(r, 500));
  await cdp.send('HeapProfiler.enable');
  if (!noGc) {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
  }
  const evaluated = await cdp.send('Runtime.evaluate', {
    expression: 'JSON.stringify(process.memoryUsage())',
    returnByValue: true,
  });
  const mem = JSON.parse((evaluated.result as { value: string }).value) as NodeJS.MemoryUsage;
  const rss = readFileSync(`/proc/${api.pid}/status`, 'utf8').match(/RssAnon:\s+(\d+)/)?.[1];
  mem.rss = Number(rss) * 1024;
  if (rssOnly) return { mem, counts: new Map<string, { count: number; size: number }>(), total: 0 };
  let chunks = '';
  cdp.onEvent('HeapProfiler.addHeapSnapshotChunk', (p) => (chunks += p.chunk as string));
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  const snapshot = JSON.parse(chunks) as {
    snapshot: {
      meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] };
    };
    nodes: number[];
    edges: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const [ti, ni, si] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const counts = new Map<string, { count: number; size: number }>();
  let total = 0;
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + ti]!]!;
    let name = snapshot.strings[snapshot.nodes[i + ni]!]!;
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string') name = '';
    if (type === 'code' || type === 'number') name = '';
    if (name.length > 60) name = name.slice(0, 60);
    const key = `${type}:${name}`;
    const entry = counts.get(key) ?? { count: 0, size: 0 };
    entry.count++;
    entry.size += snapshot.nodes[i + si]!;
    total += snapshot.nodes[i + si]!;
    counts.set(key, entry);
  }

  if (why.length > 0) explain(snapshot, why);
  if (byRetainer) retainedBy(snapshot);
  return { mem, counts, total };
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** Retainer chains (up to 6 steps) of three objects of each `type:name` asked for. */
function explain(s: Snapshot, keys: string[]): void {
  if (++snapshots < 2) return;
  const nf = s.snapshot.meta.node_fields;
  const w = nf.length;
  const ef = s.snapshot.meta.edge_fields;
  const ew = ef.length;
  const types = s.snapshot.meta.node_types[0];
  const etypes = s.snapshot.meta.edge_types[0];
  const [ti, ni, ci] = ['type', 'name', 'edge_count'].map((f) => nf.indexOf(f)) as [number, number, number];
  const [eti, eni, eto] = ['type', 'name_or_index', 'to_node'].map((f) => ef.indexOf(f)) as [number, number, number];
  const retainers = new Map<number, [number, string][]>();
  let e = 0;
  for (let n = 0; n < s.nodes.length; n += w) {
    for (let k = 0; k < s.nodes[n + ci]!; k++, e += ew) {
      const to = s.edges[e + eto]!;
      const et = etypes[s.edges[e + eti]!]!;
      if (et === 'weak') continue;
      const label = et === 'element' || et === 'hidden' ? `[${s.edges[e + eni]}]` : s.strings[s.edges[e + eni]!]!;
      const list = retainers.get(to) ?? [];
      list.push([n, label]);
      retainers.set(to, list);
    }
  }
  const describe = (n: number) => `${types[s.nodes[n + ti]!]}:${s.strings[s.nodes[n + ni]!]!.slice(0, 40)}`;
  for (const key of keys) {
    let shown = 0;
    for (let n = 0; n < s.nodes.length && shown < 3; n += w) {
      if (describe(n) !== key) continue;
      if ((n / w) % 97 !== 0 && shown > 0) continue;
      shown++;
      console.log(`why ${key}:`);
      let at = n;
      for (let depth = 0; depth < 7; depth++) {
        const list = (retainers.get(at) ?? []).filter(([r]) => !describe(r).startsWith('synthetic'));
        console.log(
          `   ${'  '.repeat(depth)}<- ${list
            .slice(0, 4)
            .map(([r, l]) => `${describe(r)}.${l}`)
            .join(' | ')}`,
        );
        if (list.length === 0) break;
        at = list[0]![0];
      }
    }
  }
}

function retainedBy(s: Snapshot): void {
  const nf = s.snapshot.meta.node_fields;
  const w = nf.length;
  const [ti, ni, ci, ii, si] = ['type', 'name', 'edge_count', 'id', 'self_size'].map((f) => nf.indexOf(f)) as number[];
  if (!firstIds) {
    firstIds = new Set();
    for (let n = 0; n < s.nodes.length; n += w) firstIds.add(s.nodes[n + ii!]!);
    return;
  }
  const ef = s.snapshot.meta.edge_fields;
  const ew = ef.length;
  const types = s.snapshot.meta.node_types[0];
  const etypes = s.snapshot.meta.edge_types[0];
  const [eti, eni, eto] = ['type', 'name_or_index', 'to_node'].map((f) => ef.indexOf(f)) as [number, number, number];
  const describe = (n: number) => {
    const type = types[s.nodes[n + ti!]!]!;
    const name = type.includes('string') || type === 'number' ? '' : s.strings[s.nodes[n + ni!]!]!.slice(0, 40);
    return `${type}:${name}`;
  };
  const holder = new Map<number, string>();
  const holderNode = new Map<number, number>();
  let e = 0;
  for (let n = 0; n < s.nodes.length; n += w) {
    for (let k = 0; k < s.nodes[n + ci!]!; k++, e += ew) {
      const to = s.edges[e + eto]!;
      const et = etypes[s.edges[e + eti]!]!;
      if (et === 'weak' || holder.has(to) || describe(n).startsWith('synthetic')) continue;
      const label = et === 'element' || et === 'hidden' ? `[${s.edges[e + eni]}]` : s.strings[s.edges[e + eni]!]!;
      holder.set(to, `${describe(n)}.${label.slice(0, 30)}`);
      holderNode.set(to, n);
    }
  }
  const rows = new Map<string, { count: number; size: number }>();
  for (let n = 0; n < s.nodes.length; n += w) {
    if (firstIds.has(s.nodes[n + ii!]!)) continue;
    let key = `${describe(n)}`;
    for (let at: number | undefined = n, depth = 0; at !== undefined && depth < chain; at = holderNode.get(at), depth++)
      key += `  <-  ${holder.get(at) ?? '?'}`;
    const row = rows.get(key) ?? { count: 0, size: 0 };
    row.count++;
    row.size += s.nodes[n + si!]!;
    rows.set(key, row);
  }
  console.log('new objects by holder (per viewer: count bytes):');
  for (const [key, row] of [...rows].sort((a, b) => b[1].size - a[1].size).slice(0, top))
    console.log(
      `  ${(row.count / viewers).toFixed(2).padStart(7)} ${(row.size / viewers).toFixed(0).padStart(5)}  ${key}`,
    );
}

interface SamplingNode {
  head?: SamplingNode;
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

function printAllocations(profile: SamplingNode): void {
  const root = profile.head ?? profile;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  const walk = (node: SamplingNode, stack: Set<string>) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, '')}:${lineNumber + 1}`;
    self.set(where, (self.get(where) ?? 0) + node.selfSize);
    all += node.selfSize;
    const inner = new Set(stack).add(where);
    for (const key of inner)
      if (!stack.has(key) || key === where) total.set(key, (total.get(key) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child, inner);
  };
  walk(root, new Set());
  console.log(
    `allocated while connecting: ${(all / viewers).toFixed(0)} bytes per viewer; by function (self, and with callees):`,
  );
  for (const [where, bytes] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(
      `  ${(bytes / viewers).toFixed(0).padStart(6)} ${((total.get(where) ?? 0) / viewers).toFixed(0).padStart(6)}  ${where}`,
    );
}

/** User + system CPU time of the API process so far, in µs. */
function cpuMicros(): number {
  const fields = readFileSync(`/proc/${api.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
}

async function fanOut(id: string, count: number): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const seq = Number((await redis.get(`${prefix}:gen:{${id}}:seq`)) ?? 0);
  const channel = `${prefix}:gen:{${id}}:events`;
  const frame = (n: number) =>
    `id: ${n}\nevent: token\ndata: ${JSON.stringify({ seq: n, section: 1, text: 'lorem ipsum ' })}\n\n`;
  const total = viewers + 1;
  const expected = received + [...Array(count).keys()].reduce((sum, k) => sum + frame(seq + 1 + k).length * total, 0);
  const cpuBefore = cpuMicros();
  const started = performance.now();
  for (let k = 1; k <= count; k++) {
    const n = seq + k;
    await redis.publish(channel, `${n} ${n} token ${Date.now()}\n${frame(n)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  while (received < expected && performance.now() - started < 60_000) await new Promise((r) => setTimeout(r, 5));
  const cpu = cpuMicros() - cpuBefore;
  const ms = performance.now() - started;
  console.log(
    `fan-out: ${count} frames to ${total} viewers in ${ms.toFixed(0)} ms (${count * everyMs} ms of publishing)` +
      `${received < expected ? ' INCOMPLETE' : ''}; API CPU ${(cpu / (count * total)).toFixed(2)} µs per frame per viewer`,
  );
  redis.disconnect();
}
