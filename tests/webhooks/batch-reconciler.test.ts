import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, startStack, type Stack } from '../support/stack.js';
import { startReceiver, waitFor, WEBHOOK_ENV, type Receiver } from './support.js';

// A batch `running` with no flow behind it (the API died between its commit and the flow add, or
// Redis lost the flow): the reconciler gives its generations jobs and the batch its parent job, and
// the callback goes out.

let stack: Stack;
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
  stack = await startStack({
    batchWorkers: true,
    reconciler: true,
    env: { ...WEBHOOK_ENV, RECONCILE_INTERVAL_MS: '300', RECONCILE_GRACE_MS: '300' },
  });
});
afterAll(async () => {
  await stack?.close();
  await receiver?.close();
});

describe('batch recovery', () => {
  it('finishes a batch stored without its flow, and calls back once with every generation completed', async () => {
    const store = stack.api[0]!.batches.store;
    const requests = ['A ferry line', 'A kite school'].map((prompt) => ({
      template: 'terms-of-service' as const,
      prompt,
      generationId: randomUUID(),
    }));
    // What a crash right after the commit leaves: rows in Postgres, nothing in Redis.
    const { batch } = await store.create({
      id: randomUUID(),
      webhookId: `msg_${randomUUID()}`,
      bodySha256: 'x',
      callbackUrl: `${receiver.url}/hook`,
      mode: 'chunked',
      owner: 'public',
      quotaKey: 'public',
      redisPrefix: stack.config.REDIS_PREFIX,
      requests,
    });
    const callback = await waitFor(
      'the callback',
      () => receiver.requests.find((r) => r.body.includes(batch.id)),
      90_000,
    );
    const body = JSON.parse(callback.body);
    expect(body.status).toBe('completed');
    for (const { generationId } of requests) {
      const { body: generation } = await getJson(`${stack.apiUrl}/api/generations/${generationId}`);
      expect(generation.status).toBe('completed');
      expect(generation.sections).toHaveLength(10);
    }
    expect((await store.find(batch.id))?.recoveries).toBe(1);
    expect(receiver.requests.filter((r) => r.body.includes(batch.id))).toHaveLength(1);
  }, 120_000);
});
