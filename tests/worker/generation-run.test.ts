import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, startStack, waitForStatus, type Stack } from '../support/stack.js';
import { readEvents, reconstruct, type ReceivedEvent } from '../support/sse-client.js';

// Failures of the model, through the real SDK and the simulator's fault switches.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ workers: 1, tokensPerSec: 0, env: { STREAM_STALL_MS: '400' } });
});
afterAll(() => stack.close());

async function run(body: Record<string, unknown>) {
  const created = await postJson(`${stack.apiUrl}/api/generations`, body);
  expect(created.status).toBe(202);
  const stream = await readEvents(`${stack.apiUrl}/api/generations/${created.body.id}/events`);
  const generation = (await getJson(`${stack.apiUrl}/api/generations/${created.body.id}`)).body;
  return { id: created.body.id as string, events: stream.events, generation };
}

/** Each stored section once; streamed ones equal their tokens since the last reset; seq contiguous. */
function expectWhole(events: ReceivedEvent[], generation: any) {
  const { sections, seqs } = reconstruct(events);
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  expect(generation.sections.map((s: { index: number }) => s.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  for (const stored of generation.sections) {
    const seen = sections.get(stored.index);
    expect(seen?.content).toBe(stored.content);
    expect(seen?.text.trim()).toBe(stored.mode === 'stream' ? stored.content.trim() : '');
  }
}

describe('when the model fails', () => {
  it('falls back to chunked mode after streams keep getting cut, keeping the sections already streamed', async () => {
    const { events, generation } = await run({ prompt: 'Cut me [[sim:cut=260;id=fallback]]' });
    expect(generation.status).toBe('completed');
    const fallback = events.find((e) => e.event === 'status' && e.data.status === 'chunked');
    expect(fallback?.data).toMatchObject({ mode: 'chunked', reason: expect.any(String) });
    expect(events.some((e) => e.event === 'reset')).toBe(true);
    const modes = generation.sections.map((s: { mode: string }) => s.mode);
    expect(modes).toContain('stream');
    expect(modes).toContain('chunked');
    // Streamed sections come first; once chunked, the rest is chunked.
    expect(modes.join(',')).toMatch(/^(stream,)+(chunked,?)+$/);
    expectWhole(events, generation);
  });

  it('writes a generation created in chunked mode without any token event', async () => {
    const { events, generation } = await run({ prompt: 'Batch me', mode: 'chunked' });
    expect(generation).toMatchObject({ status: 'completed', mode: 'chunked' });
    expect(events.filter((e) => e.event === 'token')).toHaveLength(0);
    expect(events.filter((e) => e.event === 'section_end')).toHaveLength(10);
    expectWhole(events, generation);
  });

  // 60 chunks end inside section 1, whatever its text: it must be reset, never checkpointed cut short.
  it('resets and streams again after a stall', async () => {
    const { events, generation } = await run({ prompt: 'Stall once [[sim:stall=60;times=1;id=stall]]' });
    expect(generation.status).toBe('completed');
    expect(events.filter((e) => e.event === 'reset')).toHaveLength(1);
    expect(generation.sections.every((s: { mode: string }) => s.mode === 'stream')).toBe(true);
    expectWhole(events, generation);
  });

  it('retries 500s and completes', async () => {
    const { generation, events } = await run({ prompt: 'Flaky [[sim:status=500;times=2;id=flaky]]' });
    expect(generation.status).toBe('completed');
    expectWhole(events, generation);
  });

  it('on 429 rate-limits the whole queue for Retry-After, then completes', async () => {
    const created = await postJson(`${stack.apiUrl}/api/generations`, {
      prompt: 'Slow down [[sim:status=429;retryAfter=2;times=1;id=rl]]',
    });
    const queue = stack.api[0]!.queue;
    let limitedMs = 0;
    for (let i = 0; i < 40 && limitedMs <= 0; i++) {
      limitedMs = await queue.getRateLimitTtl();
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(limitedMs).toBeGreaterThan(0);
    expect(limitedMs).toBeLessThanOrEqual(2000);
    const generation = await waitForStatus(stack.apiUrl, created.body.id, ['completed', 'failed']);
    expect(generation.status).toBe('completed');
  });

  it('fails at once, with an error event, when the provider refuses the key', async () => {
    const { events, generation } = await run({ prompt: 'Bad key [[sim:status=401]]' });
    expect(generation.status).toBe('failed');
    expect(generation.error).toBe('the model provider did not accept our credentials');
    expect(events.map((e) => e.event).slice(-3)).toEqual(['error', 'status', 'done']);
    expect(events.at(-1)?.data.status).toBe('failed');
    expect(generation.sections).toHaveLength(0);
  });
});

describe('when Postgres drops connections', () => {
  it('reconnects after its connections are terminated mid-run, and completes with every section once', async () => {
    const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'Survive Postgres [[sim:tps=300]]' });
    const id = created.body.id as string;
    const sql = stack.api[0]!.database.sql;
    // Terminate the worker's own connections (named by wiring.ts) while it writes sections.
    let terminated = 0;
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 400));
      const rows = await sql<{ ok: boolean }[]>`
        select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = 'test-worker-0'`;
      terminated += rows.filter((r) => r.ok).length;
    }
    expect(terminated).toBeGreaterThan(0);
    const generation = await waitForStatus(stack.apiUrl, id, ['completed', 'failed'], 60_000);
    expect(generation.status).toBe('completed');
    const events = (await readEvents(`${stack.apiUrl}/api/generations/${id}/events`)).events;
    expectWhole(events, generation);
  });
});
