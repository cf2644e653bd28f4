import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, startStack, type Stack } from '../support/stack.js';
import { readEvents, reconstruct, type ReceivedEvent } from '../support/sse-client.js';
import { roleEnv, startRole, type RoleProcess } from '../support/processes.js';

// Workers as real processes (dist/, built by `npm test`), killed or stopped mid-generation.

let stack: Stack;
const children: RoleProcess[] = [];
beforeAll(async () => {
  // The API runs in this process; every worker is a child process.
  stack = await startStack({ workers: 0, tokensPerSec: 250 });
});
// Each test owns its workers: none may pick up the next test's generation.
afterEach(async () => {
  for (const c of children.splice(0)) {
    c.child.kill('SIGKILL');
    await c.exited;
  }
});
afterAll(() => stack.close());

async function worker(extra: Record<string, string> = {}) {
  const env = roleEnv(stack.config, stack.simUrl, { JOB_LOCK_MS: '1000', WORKER_CONCURRENCY: '4', ...extra });
  const child = await startRole('worker', env, 'worker ready');
  children.push(child);
  return child;
}

/** Reads the stream until `sections` sections have ended and a few tokens of the next arrived. */
async function watchUntil(id: string, sections: number): Promise<ReceivedEvent[]> {
  const events: ReceivedEvent[] = [];
  for (;;) {
    const headers: Record<string, string> = events.length ? { 'last-event-id': String(events.at(-1)?.id) } : {};
    const part = await readEvents(`${stack.apiUrl}/api/generations/${id}/events`, { headers, stopAfter: 1 });
    events.push(...part.events);
    const ended = events.filter((e) => e.event === 'section_end').length;
    const tokensAfter = events.length - events.findLastIndex((e) => e.event === 'section_end');
    if (ended >= sections && tokensAfter > 5) return events;
  }
}

async function finish(id: string, seen: ReceivedEvent[]) {
  const rest = await readEvents(`${stack.apiUrl}/api/generations/${id}/events`, {
    headers: { 'last-event-id': String(seen.at(-1)?.id) },
  });
  const events = [...seen, ...rest.events];
  const generation = (await getJson(`${stack.apiUrl}/api/generations/${id}`)).body;
  const { sections, seqs } = reconstruct(events);
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  expect(generation.status).toBe('completed');
  expect(generation.sections.map((s: { index: number }) => s.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  for (const stored of generation.sections) {
    expect(sections.get(stored.index)?.content).toBe(stored.content);
    expect(sections.get(stored.index)?.text.trim()).toBe(stored.content.trim());
  }
  const rows = await stack.api[0]!.database.sql<
    { n: number }[]
  >`select count(*)::int as n from sections where generation_id = ${id}`;
  expect(rows[0]?.n).toBe(10);
  return events;
}

/**
 * The takeover's reset names the section that was open when the holder stopped (how far it got
 * depends on the machine's load), and no section finished before it was written twice.
 */
function expectResumedAfterCheckpoints(events: ReceivedEvent[]) {
  const resets = events.filter((e) => e.event === 'reset');
  // None only when the holder stopped right between two sections.
  expect(resets.length).toBeLessThanOrEqual(1);
  const before = resets[0] ? events.slice(0, events.indexOf(resets[0])) : events;
  const finished = before.filter((e) => e.event === 'section_end').length;
  if (resets[0]) expect(resets[0].data.section).toBe(finished + 1);
  for (let index = 1; index <= finished; index++) {
    expect(events.filter((e) => e.event === 'section_start' && e.data.index === index)).toHaveLength(1);
  }
  return finished;
}

describe('worker failures', () => {
  it('takes over a generation whose worker was SIGKILLed, after the last checkpoint, with a reset', async () => {
    const first = await worker();
    const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'Kill the worker' });
    const seen = await watchUntil(created.body.id, 2);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    await worker();
    const events = await finish(created.body.id, seen);
    // The new holder resumed after the checkpoints (at least the two seen ended before the kill).
    expect(expectResumedAfterCheckpoints(events)).toBeGreaterThanOrEqual(2);
  });

  it('on SIGTERM hands running generations back, and another worker finishes them', async () => {
    const leaving = await worker({ SHUTDOWN_GRACE_MS: '200' });
    const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'Stop the worker politely' });
    const seen = await watchUntil(created.body.id, 1);
    leaving.child.kill('SIGTERM');
    expect(await leaving.exited).toBe(0);
    await worker();
    const events = await finish(created.body.id, seen);
    expect(expectResumedAfterCheckpoints(events)).toBeGreaterThanOrEqual(1);
  });
});
