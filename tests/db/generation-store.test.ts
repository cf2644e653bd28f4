import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/db/client.js';
import { GenerationStore } from '../../src/db/generation-store.js';
import { OpenLimitReached } from '../../src/db/open-limit.js';
import { insertGeneration } from '../support/generation-rows.js';
import { testConfig } from '../support/stack.js';

// The fencing token is claimed in Postgres: whoever gets the row back is the generation's one writer.
// Each claim names its condition (statuses, run, an edit's base) and its move (status, a new run, an
// error), and a checkpoint or stored version is only accepted under the current token.

const database = connectDatabase(testConfig().DATABASE_URL, { max: 8, name: 'test-generation-store' });
const store = new GenerationStore(database.db, { versionsMax: 3 });
afterAll(() => database.close());

const newGeneration = (quotaKey?: string) => insertGeneration(store, quotaKey);

const section = (index: number, content: string) => ({ index, title: `S${index}`, content, mode: 'stream' as const });

describe('GenerationStore', () => {
  it('gives the token to one of two racing claims, and moves the status as the claim says', async () => {
    const { id } = await newGeneration();
    const claims = await Promise.all([
      store.takeFence(id, { from: ['queued'], to: 'running' }),
      store.takeFence(id, { from: ['queued'], to: 'running' }),
    ]);
    const won = claims.filter((g) => g !== undefined);
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({ status: 'streaming', fence: 2, run: 1 });
    // Not from a status the generation is not in.
    expect(await store.takeFence(id, { from: ['paused'], to: 'cancelled' })).toBeUndefined();
  });

  it('refuses a claim for an older run, and starts a new run when asked', async () => {
    const { id } = await newGeneration();
    await store.takeFence(id, { from: ['queued'], to: 'paused' });
    const resumed = await store.takeFence(id, { from: ['paused'], to: 'queued', newRun: true });
    expect(resumed).toMatchObject({ run: 2, status: 'queued' });
    expect(await store.takeFence(id, { from: ['queued'], to: 'running', run: 1 })).toBeUndefined();
    expect(await store.takeFence(id, { from: ['queued'], to: 'running', run: 2 })).toMatchObject({ run: 2 });
  });

  it('accepts checkpoints only under the current token; a retry under the same token adds no version', async () => {
    const { id } = await newGeneration();
    const { fence } = (await store.takeFence(id, { from: ['queued'], to: 'running' }))!;
    expect(await store.checkpoint(id, fence, section(1, 'one'))).toBe(true);
    expect(await store.checkpoint(id, fence, section(1, 'one, retried'))).toBe(true);
    expect(await store.checkpoint(id, fence - 1, section(1, 'stale'))).toBe(false);
    expect((await store.sections(id)).map((s) => s.content)).toEqual(['one, retried']);
    expect(await store.versions.latest(id, 1)).toMatchObject({ version: 1, content: 'one' });
  });

  it('claims for an edit only while its base is still the newest version', async () => {
    const { id } = await newGeneration();
    const { fence } = (await store.takeFence(id, { from: ['queued'], to: 'completed' }))!;
    await store.checkpoint(id, fence, section(1, 'first'));
    const stale = await store.takeFence(id, { from: ['completed'], base: { index: 1, version: 0 } });
    expect(stale).toBeUndefined();
    const edit = await store.takeFence(id, { from: ['completed'], base: { index: 1, version: 1 } });
    expect(edit?.fence).toBe(fence + 1);
    expect(await store.storeVersion(id, edit!.fence, section(1, 'edited'), { source: 'edited' })).toBe(2);
    expect(await store.storeVersion(id, fence, section(1, 'late'), { source: 'edited' })).toBeUndefined();
  });

  it('checks the owner’s open limit only when a claim reopens a finished generation', async () => {
    const quota = `quota-${randomUUID()}`;
    const open = await newGeneration(quota);
    const done = await newGeneration(quota);
    await store.takeFence(done.id, { from: ['queued'], to: 'completed' });
    const openLimit = { quota, max: 1 };
    // Reopening would make two open generations for a limit of one.
    await expect(
      store.takeFence(done.id, { from: ['completed'], to: 'queued', newRun: true, openLimit }),
    ).rejects.toBeInstanceOf(OpenLimitReached);
    // A move between open statuses keeps its slot.
    expect(await store.takeFence(open.id, { from: ['queued'], to: 'paused', openLimit })).toMatchObject({
      status: 'paused',
    });
  });
});
