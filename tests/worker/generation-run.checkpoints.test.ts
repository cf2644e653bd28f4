import { afterAll, beforeAll, expect, it } from 'vitest';
import { GenerationStore, type SectionCheckpoint } from '../../src/db/generation-store.js';
import { createLogger } from '../../src/logger.js';
import { runSettings } from '../../src/worker/index.js';
import { processGeneration } from '../../src/worker/processor.js';
import { buildWorkerDeps, openConnections, type Connections } from '../../src/wiring.js';
import { getJson, postJson, startStack, type Stack } from '../support/stack.js';
import { readEvents, reconstruct } from '../support/sse-client.js';

// Postgres refusing checkpoint writes for a while (the real store, with failures injected in front
// of it): the run retries each write and no section is lost, doubled, or published before it is stored.

let stack: Stack;
let connections: Connections;
beforeAll(async () => {
  stack = await startStack({ workers: 0 });
  connections = openConnections(stack.config, 'test-checkpoint-retry');
});
afterAll(async () => {
  await connections.close();
  await stack.close();
});

/** The real store, whose checkpoint writes fail `failures` times in a row now and then. */
class FlakyStore extends GenerationStore {
  failed = 0;
  private calls = 0;
  override async checkpoint(id: string, fence: number, section: SectionCheckpoint): Promise<boolean> {
    this.calls += 1;
    if (this.calls % 3 === 1 && this.calls < 20) {
      this.failed += 1;
      throw new Error('connection terminated unexpectedly');
    }
    return super.checkpoint(id, fence, section);
  }
}

it('retries checkpoint writes and completes with every section once', async () => {
  const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'Flaky database', template: 'nda' });
  const id = created.body.id as string;
  const worker = buildWorkerDeps(stack.config, createLogger('silent', 'test'), connections);
  const store = new FlakyStore(connections.database.db);
  const settings = { ...runSettings(stack.config), backoffMs: () => 10 };
  const outcome = await processGeneration(
    { data: { generationId: id, run: 1 }, isLastAttempt: false },
    new AbortController().signal,
    { ...worker, store, log: stack.api[0]!.log, settings },
  );
  expect(outcome).toBe('completed');
  expect(store.failed).toBeGreaterThan(2);
  const generation = (await getJson(`${stack.apiUrl}/api/generations/${id}`)).body;
  expect(generation.sections.map((s: { index: number }) => s.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const { sections, seqs } = reconstruct((await readEvents(`${stack.apiUrl}/api/generations/${id}/events`)).events);
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  for (const stored of generation.sections) expect(sections.get(stored.index)?.content).toBe(stored.content);
});
