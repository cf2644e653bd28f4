import { afterAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/db/client.js';
import { GenerationStore } from '../../src/db/generation-store.js';
import { UsageStore, type NewCall } from '../../src/db/usage-store.js';
import { insertGeneration } from '../support/generation-rows.js';
import { testConfig } from '../support/stack.js';

// The budget of a run is the reservation of its calls in Postgres: whoever asks (a retried job, a
// worker that took over, two holders racing), the run never gets more calls than its budget.

const database = connectDatabase(testConfig().DATABASE_URL, { max: 8, name: 'test-usage-store' });
const usage = new UsageStore(database.db);
const generations = new GenerationStore(database.db);
afterAll(() => database.close());

const newGeneration = (quotaKey?: string) => insertGeneration(generations, quotaKey);

const call = (generationId: string, quotaKey: string, runKey = 'run:1'): NewCall => ({
  generationId,
  runKey,
  quotaKey,
  kind: 'draft',
  model: 'gpt-4o-mini',
  promptTokens: 100,
});

describe('UsageStore', () => {
  it('gives 20 racing holders of one run exactly its budget of calls, numbered 1 to 8', async () => {
    const { id, quotaKey } = await newGeneration();
    const budget = { calls: 8, outputTokens: 1_000_000 };
    const results = await Promise.all(Array.from({ length: 20 }, () => usage.reserve(call(id, quotaKey), budget)));
    const taken = results.flatMap((r) => (r.ok ? [r.ordinal] : []));
    expect(taken.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(results.filter((r) => !r.ok)).toEqual(
      Array.from({ length: 12 }, () => ({ ok: false, budget: 'calls', calls: 8, outputTokens: 0 })),
    );
    // Another run of the same generation has a budget of its own.
    expect(await usage.reserve(call(id, quotaKey, 'run:2'), budget)).toMatchObject({ ok: true, ordinal: 1 });
  });

  it('refuses a call once the run wrote its output tokens, and tells each call what is left', async () => {
    const { id, quotaKey } = await newGeneration();
    const budget = { calls: 8, outputTokens: 1000 };
    const first = await usage.reserve(call(id, quotaKey), budget);
    expect(first).toMatchObject({ ok: true, outputTokensLeft: 1000 });
    if (!first.ok) throw new Error('unreachable');
    await usage.end(first.id, { promptTokens: 120, completionTokens: 700, estimated: false, outcome: 'answered' });
    const second = await usage.reserve(call(id, quotaKey), budget);
    expect(second).toMatchObject({ ok: true, ordinal: 2, outputTokensLeft: 300 });
    if (!second.ok) throw new Error('unreachable');
    await usage.end(second.id, { promptTokens: 130, completionTokens: 300, estimated: true, outcome: 'stopped' });
    expect(await usage.reserve(call(id, quotaKey), budget)).toMatchObject({ ok: false, budget: 'output_tokens' });

    expect(await usage.ofGeneration(id)).toEqual({
      calls: 2,
      promptTokens: 250,
      completionTokens: 1000,
      estimated: true,
    });
    expect(await usage.ofRun(id, 'run:1')).toEqual(await usage.ofGeneration(id));
    expect(await usage.ofRun(id, 'review:x')).toEqual({
      calls: 0,
      promptTokens: 0,
      completionTokens: 0,
      estimated: false,
    });
  });

  it("sums an owner's tokens of the day, counts each call once, and gives back a call never sent", async () => {
    const { id, quotaKey } = await newGeneration();
    const other = await newGeneration(quotaKey);
    const budget = { calls: 8, outputTokens: 100_000 };
    for (const generationId of [id, other.id]) {
      const taken = await usage.reserve(call(generationId, quotaKey), budget);
      if (!taken.ok) throw new Error('refused');
      const cost = { promptTokens: 40, completionTokens: 2, estimated: false, outcome: 'answered' } as const;
      await usage.end(taken.id, cost);
      await usage.end(taken.id, cost); // a second end changes nothing
    }
    expect(await usage.tokensToday(quotaKey)).toBe(84);
    expect(await usage.tokensToday(`${quotaKey}-nobody`)).toBe(0);

    const held = await usage.reserve(call(id, quotaKey), budget);
    if (!held.ok) throw new Error('refused');
    await usage.release(held.id);
    expect((await usage.ofGeneration(id)).calls).toBe(1);
    expect(await usage.reserve(call(id, quotaKey), budget)).toMatchObject({ ok: true, ordinal: 2 });
  });
});
