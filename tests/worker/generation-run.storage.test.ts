import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStorable } from '../../src/domain/storable-text.js';
import { startWorker, type WorkerHandle } from '../../src/worker/index.js';
import { buildWorkerDeps, openConnections, type Connections } from '../../src/wiring.js';
import { capturingLogger, eventually } from '../support/logging.js';
import { readEvents, reconstruct } from '../support/sse-client.js';
import { getJson, postJson, startStack, waitForStatus, type Stack } from '../support/stack.js';
import { hostAndPort, startTcpProxy, throughProxy, type TcpProxy } from '../support/tcp-proxy.js';

// Storage failures are not model failures: a write Postgres refuses fails the generation with a plain
// reason (no model call wasted on it), a write during an outage is retried until Postgres is back, and
// what the model writes is cleaned of what storage cannot hold before it is parsed.

let stack: Stack;
let proxy: TcpProxy;
let worker: WorkerHandle;
let workerConnections: Connections;
const workerLog = capturingLogger('warn');

beforeAll(async () => {
  stack = await startStack({ workers: 0, tokensPerSec: 0, env: { STREAM_STALL_MS: '1000' } });
  // The one worker reaches Postgres through a proxy the outage test cuts.
  proxy = await startTcpProxy(hostAndPort(stack.config.DATABASE_URL, 5432));
  const config = { ...stack.config, DATABASE_URL: throughProxy(stack.config.DATABASE_URL, proxy) };
  workerConnections = openConnections(config, 'test-storage-worker');
  worker = await startWorker(buildWorkerDeps(config, workerLog.logger, workerConnections));
  // Postgres refuses any section naming "Refusco", as it refuses a NUL (same SQLSTATE class).
  await stack.api[0]!.database.sql.unsafe(`
    create or replace function test_refuse_refusco() returns trigger language plpgsql as $$
    begin
      if new.content like '%Refusco%' then raise exception 'refused by the test' using errcode = '22P05'; end if;
      return new;
    end $$;
    drop trigger if exists test_refuse_refusco on sections;
    create trigger test_refuse_refusco before insert or update on sections for each row execute function test_refuse_refusco();`);
});
afterAll(async () => {
  await stack.api[0]!.database.sql.unsafe(
    'drop trigger if exists test_refuse_refusco on sections; drop function if exists test_refuse_refusco();',
  );
  await worker.close();
  await workerConnections.close();
  await proxy.close();
  await stack.close();
});

/** The streams the simulator served for a directive containing `key`. */
async function served(key: string): Promise<{ end: string | undefined; endedAt: number | undefined }[]> {
  const response = await fetch(`${stack.simUrl}/_sim/streams?key=${encodeURIComponent(key)}`);
  return ((await response.json()) as { streams: { end: string | undefined; endedAt: number | undefined }[] }).streams;
}

describe('when Postgres refuses a section', () => {
  it('fails the generation at once with a plain reason, an error event and done, without asking the model again', async () => {
    const started = Date.now();
    const created = await postJson(`${stack.apiUrl}/api/generations`, {
      prompt: 'The client is a bakery called "Refusco" [[sim:id=refused]]',
    });
    const { events } = await readEvents(`${stack.apiUrl}/api/generations/${created.body.id}/events`);
    const generation = (await getJson(`${stack.apiUrl}/api/generations/${created.body.id}`)).body;

    const reason = 'the draft could not be stored: the database refused a section';
    expect(generation).toMatchObject({ status: 'failed', error: reason });
    expect(events.map((e) => e.event).slice(-3)).toEqual(['error', 'status', 'done']);
    expect(events.find((e) => e.event === 'error')?.data.message).toBe(reason);
    // No SQL, parameter or driver text in any event.
    const said = JSON.stringify(events.filter((e) => e.event !== 'token'));
    expect(said).not.toMatch(/insert into|params|22P05|refused by the test/i);
    // One model call: the refusal was not taken for a failed stream and retried.
    expect(await served('id=refused')).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(30_000);
    // The worker logged the failure (by its SQLSTATE), but neither the SQL nor the refused text.
    const logged = workerLog.raw.join('');
    expect(logged).toMatch(/generation failed/);
    expect(logged).toContain('22P05');
    expect(logged).not.toMatch(/Refusco|insert into/i);
  });
});

describe('when Postgres is unreachable for a moment', () => {
  it('retries the checkpoint until it is back, without asking the model again, and completes whole', async () => {
    const created = await postJson(`${stack.apiUrl}/api/generations`, {
      prompt: 'A ferry operator [[sim:tps=120;id=outage]]',
    });
    const id = created.body.id as string;
    await eventually(
      async () =>
        (await getJson(`${stack.apiUrl}/api/generations/${id}`)).body.sections.length >= 2 ? true : undefined,
      'two sections',
    );
    await proxy.cut();
    // The outage itself: long enough for a section (about a second at this pace) to end inside it.
    await eventually(
      async () => (workerLog.lines.some((l) => l.msg === 'checkpoint failed, retrying') ? true : undefined),
      'a failed checkpoint',
    );
    await proxy.restore();

    const generation = await waitForStatus(stack.apiUrl, id, ['completed', 'failed'], 90_000);
    expect(generation.status).toBe('completed');
    expect(generation.sections).toHaveLength(10);
    expect(await served('id=outage')).toHaveLength(1);
    const { events } = await readEvents(`${stack.apiUrl}/api/generations/${id}/events`);
    const { sections } = reconstruct(events);
    for (const stored of generation.sections)
      expect(sections.get(stored.index)?.text.trim()).toBe(stored.content.trim());
  });
});

// What the model writes that a document may not hold (src/domain/storable-text.ts): dropped as it enters
// the run, so the draft is stored and streamed the same, without it.
const HOSTILE_OUTPUT: [string, string, string[]][] = [
  ['NUL and other control characters', 'A telegraph office [[sim:inject=control]]', ['nullbyte', '[31mred[0m']],
  [
    'unpaired surrogates, noncharacters and invisible formatting (ZWJ kept)',
    'A bidi print shop [[sim:inject=unicode]]',
    ['lonesurrogate', 'pay plh to isolated', 'family 👨\u200D👩\u200D👧'],
  ],
];

describe('when the model writes what a document may not hold', () => {
  it.each(HOSTILE_OUTPUT)('drops %s before parsing: stored and streamed the same', async (_what, prompt, kept) => {
    const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt });
    const { events } = await readEvents(`${stack.apiUrl}/api/generations/${created.body.id}/events`);
    const generation = await waitForStatus(stack.apiUrl, created.body.id, ['completed', 'failed']);
    expect(generation.status).toBe('completed');
    const text = generation.sections.map((s: { content: string }) => s.content).join('\n');
    for (const piece of kept) expect(text).toContain(piece);
    expect(isStorable(text)).toBe(true);
    expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069\uFEFF\u2028\u2029\u0085\u007F]/);
    const { sections } = reconstruct(events);
    for (const stored of generation.sections)
      expect(sections.get(stored.index)?.text.trim()).toBe(stored.content.trim());
  });
});
