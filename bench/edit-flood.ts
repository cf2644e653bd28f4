// `npm run bench:edits` (`-- --edits N --chars C` to change the flood): what a flood of live edits
// costs one draft. Starts the service as `npm start` runs it (`node dist/src/main.js all`, with the
// simulated model) against DATABASE_URL and REDIS_URL under a fresh key prefix, writes one draft,
// then saves N edits of C characters over section 1 (800 of 32,000 by default: issue 23's attack) and
// prints Redis and Postgres growth per edit, the log's size and lifetime, the versions response's
// size and the share page's time, as a table (and as JSON with `--json`). The edit quotas are off here
// (EDITS_PER_MIN / EDITS_PER_DAY 0): the figures are what each edit costs once it is allowed.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { ensureBuilt } from './lib/build.js';
import { freePort, startChild, stopAll, waitForHttp } from './lib/children.js';

const args = process.argv.slice(2);
/** `--root DIR`: another checkout's build (e.g. main's, for the figures before a change). */
const root = args.includes('--root')
  ? resolve(args[args.indexOf('--root') + 1]!)
  : resolve(dirname(fileURLToPath(import.meta.url)), '..');
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const EDITS = option('edits', 800);
const CHARS = option('chars', 32_000);
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * `count` characters of made-up words, different for every `n` (so no edit is a no-op) and about as
 * hard to compress as prose (Postgres compresses what it stores; a repeated phrase would hide the cost).
 */
function editText(n: number, count: number): string {
  let state = n * 2654435761;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  let text = `Edit ${n}.`;
  while (text.length < count) {
    const length = 2 + Math.floor(next() * 8);
    let word = '';
    for (let i = 0; i < length; i++) word += String.fromCharCode(97 + Math.floor(next() * 26));
    text += next() < 0.08 ? `. ${word}` : ` ${word}`;
  }
  return text.slice(0, count).trim();
}

async function json(url: string, init?: RequestInit): Promise<{ status: number; body: any; bytes: number }> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, bytes: Buffer.byteLength(text) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  ensureBuilt(root);
  const prefix = `benchedits${randomBytes(4).toString('hex')}`;
  const [port, simPort] = [await freePort(), await freePort()];
  const service = startChild({
    name: 'service',
    command: process.execPath,
    args: ['dist/src/main.js', 'all'],
    cwd: root,
    logDir: join(tmpdir(), `cg-bench-edits-${prefix}`),
    env: {
      ...process.env,
      OPENAI_API_KEY: undefined,
      API_KEYS: undefined,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      SIM_PORT: String(simPort),
      SIM_TOKENS_PER_SEC: '0',
      DATABASE_URL,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      RATE_LIMIT_PER_MIN: '0',
      MAX_OPEN_GENERATIONS: '0',
      EDITS_PER_MIN: '0',
      EDITS_PER_DAY: '0',
      BODY_LIMIT_BYTES: String(Math.max(65_536, CHARS * 6 + 1024)),
    },
  });
  const redis = new Redis(REDIS_URL);
  const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  const api = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${api}/readyz`, 60_000, service);
    const created = await json(`${api}/api/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'A photo sharing app for hikers, based in France' }),
    });
    if (created.status !== 202) throw new Error(`create answered ${created.status}: ${JSON.stringify(created.body)}`);
    const id: string = created.body.id;
    for (const deadline = Date.now() + 120_000; ;) {
      const { body } = await json(`${api}/api/generations/${id}`);
      if (body.status === 'completed') break;
      if (Date.now() > deadline) throw new Error(`draft still ${body.status} after 120 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const share = await json(`${api}/api/generations/${id}/share`, { method: 'POST' });
    const keys = ['head', 'frames', 'offsets'].map((k) => `${prefix}:gen:{${id}}:${k}`);
    const redisBytes = async () => {
      let total = 0;
      for (const key of keys) total += Number((await redis.memory('USAGE', key)) ?? 0);
      return total;
    };
    const postgresBytes = async () => {
      const [row] = await sql`
        select (select coalesce(sum(pg_column_size(v.*)), 0) from section_versions v where v.generation_id = ${id})
             + (select coalesce(sum(pg_column_size(s.*)), 0) from sections s where s.generation_id = ${id}) as bytes`;
      return Number(row?.bytes ?? 0);
    };
    const before = { redis: await redisBytes(), postgres: await postgresBytes() };

    const versions = await json(`${api}/api/generations/${id}/sections/1/versions`);
    let base = Math.max(...(versions.body.versions as { version: number }[]).map((v) => v.version));
    const statuses: Record<number, number> = {};
    const editStarted = performance.now();
    for (let n = 1; n <= EDITS; n++) {
      const saved = await json(`${api}/api/generations/${id}/sections/1`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ content: editText(n, CHARS), baseVersion: base }),
      });
      statuses[saved.status] = (statuses[saved.status] ?? 0) + 1;
      if (saved.status === 200) base = saved.body.version;
    }
    const editMs = performance.now() - editStarted;
    const after = { redis: await redisBytes(), postgres: await postgresBytes() };
    const logBytes = await redis.strlen(keys[1]!);
    const ttl = await redis.ttl(keys[0]!);

    const list = await json(`${api}/api/generations/${id}/sections/1/versions`);
    const rss = () =>
      Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${service.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    const rssBefore = rss();
    await Promise.all(Array.from({ length: 10 }, () => json(`${api}/api/generations/${id}/sections/1/versions`)));
    const rssAfter = rss();

    const sharePage = `${api}${share.body.url}`;
    const one = async () => {
      const started = performance.now();
      const response = await fetch(sharePage);
      const bytes = (await response.arrayBuffer()).byteLength;
      return { ms: performance.now() - started, bytes, status: response.status };
    };
    const sequential = [];
    for (let i = 0; i < 10; i++) sequential.push(await one());
    const burstStarted = performance.now();
    await Promise.all(Array.from({ length: 10 }, one));
    const burstMs = performance.now() - burstStarted;

    const figures = {
      edits: EDITS,
      chars: CHARS,
      statuses,
      editMsEach: editMs / EDITS,
      redisBytesPerEdit: (after.redis - before.redis) / EDITS,
      redisBytesAfter: after.redis,
      logBytes,
      logTtlSec: ttl,
      postgresBytesPerEdit: (after.postgres - before.postgres) / EDITS,
      postgresBytesAfter: after.postgres,
      versionsListed: (list.body.versions as unknown[]).length,
      versionsResponseBytes: list.bytes,
      apiRssGrowthTenVersionReads: rssAfter - rssBefore,
      sharePageMs: median(sequential.map((s) => s.ms)),
      sharePageBytes: sequential[0]?.bytes ?? 0,
      sharePageTenAtOnceMs: burstMs,
    };
    if (args.includes('--json')) console.log(JSON.stringify(figures));
    const rows: [string, string][] = [
      [
        'edits (answers)',
        `${EDITS} of ${CHARS} characters (${JSON.stringify(statuses)}), ${figures.editMsEach.toFixed(1)} ms each`,
      ],
      ['Redis growth per edit', kb(figures.redisBytesPerEdit)],
      ['Redis after the flood', `${kb(figures.redisBytesAfter)} (log ${kb(logBytes)}, expires in ${ttl} s)`],
      ['Postgres growth per edit', kb(figures.postgresBytesPerEdit)],
      ['Postgres after the flood', kb(figures.postgresBytesAfter)],
      ['versions response', `${figures.versionsListed} versions, ${kb(list.bytes)}`],
      ['API RSS growth, 10 versions reads at once', kb(figures.apiRssGrowthTenVersionReads)],
      ['share page', `${figures.sharePageMs.toFixed(1)} ms (median of 10), ${kb(figures.sharePageBytes)}`],
      ['share page, 10 at once', `${burstMs.toFixed(0)} ms`],
    ];
    for (const [what, value] of rows) console.log(`${what.padEnd(44)} ${value}`);
  } finally {
    await redis.quit();
    await sql.end();
    await stopAll();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
