import { randomUUID } from 'node:crypto';
import type { GenerationStore } from '../../src/db/generation-store.js';

/** A queued generation row of its own (owner and quota key `quotaKey`), for the tests of the stores. */
export async function insertGeneration(store: GenerationStore, quotaKey = `quota-${randomUUID()}`) {
  const id = randomUUID();
  await store.insert({
    id,
    template: 'nda',
    mode: 'stream',
    prompt: 'p',
    owner: quotaKey,
    quotaKey,
    redisPrefix: 'test',
  });
  return { id, quotaKey };
}
