import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lostReason } from '../../src/generations/reconciler.js';
import { jobIdFor } from '../../src/queue/generation-queue.js';
import { startReconciler, type ReconcilerHandle } from '../../src/worker/reconciler.js';
import { buildReconcilerDeps } from '../../src/wiring.js';
import { createLogger } from '../../src/logger.js';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis.js';
import { roleEnv, startRole, type RoleProcess } from '../support/processes.js';
import { lastEventId, readEvents, reconstruct, type ReceivedEvent } from '../support/sse-client.js';
import { getJson, postJson, startStack, waitForStatus, type Stack } from '../support/stack.js';

// Postgres drives recovery: what Redis lost (jobs, logs, all of it) the reconciler finds from the
// rows and sets moving again. Redis here is a private redis-server (port 6390) that a test restarts
// empty; workers are child processes, as in production.

const RECONCILE = { RECONCILE_INTERVAL_MS: '300', RECONCILE_GRACE_MS: '300' };

let redis: PrivateRedis;
let stack: Stack;
const children: RoleProcess[] = [];
const reconcilers: ReconcilerHandle[] = [];

beforeAll(async () => {
  redis = await startPrivateRedis(6390);
  stack = await startStack({ workers: 0, tokensPerSec: 300, env: { REDIS_URL: redis.url, ...RECONCILE } });
});
afterEach(async () => {
  for (const r of reconcilers.splice(0)) await r.close();
  for (const c of children.splice(0)) {
    c.child.kill('SIGKILL');
    await c.exited;
  }
});
afterAll(async () => {
  await stack?.close();
  await redis?.stop();
});

async function worker(extra: Record<string, string> = {}) {
  const env = roleEnv(stack.config, stack.simUrl, { ...RECONCILE, JOB_LOCK_MS: '2000', ...extra });
  const child = await startRole('worker', env, 'worker ready');
  children.push(child);
  return child;
}

/** A reconciler in this process, on the API's connections (no worker of its own). */
function reconciler(settings: Partial<Stack['config']> = {}) {
  const config = { ...stack.config, ...settings };
  const handle = startReconciler(buildReconcilerDeps(config, createLogger('silent', 'test'), stack.connections[0]!));
  reconcilers.push(handle);
  return handle;
}

/** What a crash between the insert and the job add leaves: the row, with no log and no job. */
async function orphanRow(prompt: string): Promise<string> {
  const id = randomUUID();
  await stack.api[0]!.store.insert({
    id,
    template: 'terms-of-service',
    mode: 'stream',
    prompt,
    owner: 'public',
    quotaKey: 'public',
    redisPrefix: stack.config.REDIS_PREFIX,
  });
  return id;
}

/** A viewer that stays until the newest `done` of a finished generation, resuming with Last-Event-ID. */
async function follow(id: string, events: ReceivedEvent[] = []): Promise<ReceivedEvent[]> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const last = lastEventId(events);
    try {
      const part = await readEvents(`${stack.apiUrl}/api/generations/${id}/events`, {
        headers: last ? { 'last-event-id': last } : {},
        signal: AbortSignal.timeout(60_000),
        onEvent: (event) => events.push(event),
      });
      if (part.events.length === 0) await new Promise((r) => setTimeout(r, 100));
      if (events.at(-1)?.event === 'done') {
        const { body } = await getJson(`${stack.apiUrl}/api/generations/${id}`);
        if (['completed', 'failed', 'cancelled'].includes(body.status)) return events;
      }
    } catch {
      // The stream broke (Redis went away under the API): come back as a browser would.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`viewer of ${id} never saw the end`);
}

/** Every stored section equals what the viewer rebuilt (content and joined tokens); seq runs without a gap. */
async function expectWhole(id: string, events: ReceivedEvent[]) {
  const generation = (await getJson(`${stack.apiUrl}/api/generations/${id}`)).body;
  expect(generation.status).toBe('completed');
  expect(generation.sections).toHaveLength(10);
  const { sections, seqs, finalStatus } = reconstruct(events);
  expect(finalStatus).toBe('completed');
  expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
  expect(sections.size).toBe(10);
  for (const stored of generation.sections) {
    expect(sections.get(stored.index)?.content).toBe(stored.content);
    if (stored.mode === 'stream') expect(sections.get(stored.index)?.text.trim()).toBe(stored.content.trim());
  }
  return generation;
}

const row = async (id: string) =>
  (
    await stack.api[0]!.database.sql<{ status: string; recoveries: number; error: string | null }[]>`
    select status, recoveries, error from generations where id = ${id}`
  )[0]!;

describe('the reconciler', () => {
  it('brings back 2 running and 2 queued generations after Redis restarts empty, each viewer ending with the whole text', async () => {
    await worker({ WORKER_CONCURRENCY: '2' });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++)
      ids.push((await postJson(`${stack.apiUrl}/api/generations`, { prompt: `Lost Redis ${i}` })).body.id);
    const seen = ids.map(() => [] as ReceivedEvent[]);
    const viewers = ids.map((id, i) => follow(id, seen[i]));
    // Two are writing (a section done) while two wait for a worker slot.
    await waitFor(async () => {
      const rows = await Promise.all(ids.map(row));
      const running = ids.filter(
        (_, i) => rows[i]!.status === 'streaming' && seen[i]!.some((e) => e.event === 'section_end'),
      );
      return running.length === 2 && rows.filter((r) => r.status === 'queued').length === 2;
    }, 'two running and two queued');
    await redis.restartEmpty();

    const events = await Promise.all(viewers);
    for (const [i, id] of ids.entries()) await expectWhole(id, events[i]!);
    // Each one was enqueued again, and each viewer was told its log had been rebuilt.
    for (const id of ids) expect((await row(id)).recoveries).toBeGreaterThanOrEqual(1);
    for (const e of events) expect(e.some((x) => x.event === 'resync')).toBe(true);
  }, 240_000);

  it('picks up a row inserted without its job, and a viewer already waiting on it gets the whole text', async () => {
    await worker();
    const id = await orphanRow('Crashed between insert and enqueue');
    const events = await follow(id);
    await expectWhole(id, events);
    expect((await row(id)).recoveries).toBe(1);

    // A cursor past the end of the log (one a lost log gave) is told to start over, then replayed.
    const ahead = await readEvents(`${stack.apiUrl}/api/generations/${id}/events`, {
      headers: { 'last-event-id': '999999' },
    });
    expect(ahead.events[0]).toMatchObject({ event: 'resync', id: undefined, data: { seq: 0 } });
    await expectWhole(id, ahead.events);
  }, 120_000);

  it('fails a generation with a stated reason once its job went missing RECONCILE_MAX_RECOVERIES times', async () => {
    reconciler({ RECONCILE_MAX_RECOVERIES: 2 });
    const id = await orphanRow('Keeps losing its job');
    const queue = stack.api[0]!.queue;
    // No worker: each time the reconciler adds the job, it is lost again.
    for (let n = 1; n <= 2; n++) {
      await waitFor(
        async () => (await row(id)).recoveries === n && (await queue.getJob(jobIdFor({ generationId: id, run: 1 }))),
        `recovery ${n}`,
      );
      await (await queue.getJob(jobIdFor({ generationId: id, run: 1 })))!.remove();
    }
    const failed = await waitForStatus(stack.apiUrl, id, ['failed'], 30_000);
    expect(failed.error).toBe(lostReason(2));
    const { events } = await readEvents(`${stack.apiUrl}/api/generations/${id}/events`);
    expect(events.slice(-3).map((e) => e.event)).toEqual(['error', 'status', 'done']);
    expect(events.at(-3)?.data.message).toBe(lostReason(2));
  }, 60_000);

  it('acts in one process at a time: a pass finds the lock held by another and does nothing', async () => {
    const handle = reconciler({ RECONCILE_INTERVAL_MS: 3_600_000 });
    const id = await orphanRow('Two reconcilers');
    await new Promise((r) => setTimeout(r, 400)); // past the grace period
    const holder = await stack.api[0]!.database.sql.reserve();
    try {
      await holder`select pg_advisory_lock(hashtextextended(${`cg-reconciler:${stack.config.REDIS_PREFIX}`}, 0))`;
      expect(await handle.runOnce()).toBe(false);
      expect((await row(id)).recoveries).toBe(0);
      await holder`select pg_advisory_unlock(hashtextextended(${`cg-reconciler:${stack.config.REDIS_PREFIX}`}, 0))`;
    } finally {
      holder.release();
    }
    expect(await handle.runOnce()).toBe(true);
    expect((await row(id)).recoveries).toBe(1);
    expect(await stack.api[0]!.queue.getJob(jobIdFor({ generationId: id, run: 1 }))).toBeTruthy();
  }, 30_000);
});

async function waitFor(probe: () => Promise<unknown>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
