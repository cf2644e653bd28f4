import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generationKeys } from '../../src/bus/keys.js';
import { getJson, postJson, startStack, type Stack } from '../support/stack.js';
import { readEvents, type ReceivedEvent } from '../support/sse-client.js';

// On Redis Cluster (npm run test:cluster): a generation's events go by sharded pub/sub, each API
// process holding one SSUBSCRIBE per generation however many viewers it serves; the queue
// dashboard reads BullMQ's keys from the cluster.

const ADMIN = 'cluster-admin-token-31';
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ apis: 2, workers: 1, tokensPerSec: 150, env: { ADMIN_TOKEN: ADMIN } });
});
afterAll(() => stack?.close());

const cluster = () => stack.connections[0]!.redis as Cluster;

/** Subscriptions to `channel` over every master: sharded (SSUBSCRIBE) and classic (SUBSCRIBE). */
async function subscriptions(channel: string): Promise<{ sharded: number; classic: number }> {
  let sharded = 0;
  let classic = 0;
  for (const node of cluster().nodes('master')) {
    sharded += Number(((await node.call('PUBSUB', 'SHARDNUMSUB', channel)) as [string, number])[1]);
    classic += Number(((await node.call('PUBSUB', 'NUMSUB', channel)) as [string, number])[1]);
  }
  return { sharded, classic };
}

describe('on Redis Cluster', () => {
  it('opens every connection of the stack as a cluster client', () => {
    for (const c of stack.connections)
      expect([c.redis.isCluster, c.subscriber.isCluster, c.appends.isCluster]).toEqual([true, true, true]);
  });

  it('fans one generation out to three viewers on each of two API processes through one sharded subscription per process', async () => {
    const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'A sharded fan-out', template: 'nda' });
    expect(created.status).toBe(202);
    const id = created.body.id as string;
    const viewers = stack.apiUrls.flatMap((url) =>
      [0, 1, 2].map(() => readEvents(`${url}/api/generations/${id}/events`)),
    );

    const channel = generationKeys(stack.config.REDIS_PREFIX, id).channel;
    let seen = { sharded: 0, classic: 0 };
    const deadline = Date.now() + 30_000;
    while (seen.sharded < 2 && Date.now() < deadline) {
      seen = await subscriptions(channel);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen).toEqual({ sharded: 2, classic: 0 });

    const results = await Promise.all(viewers);
    const events = (r: { events: ReceivedEvent[] }) =>
      r.events.map(({ id: seq, event, data }) => ({ seq, event, data }));
    expect(results.every((r) => r.ended)).toBe(true);
    for (const r of results) expect(events(r)).toEqual(events(results[0]!));
    expect(results[0]!.events.at(-1)?.data.status).toBe('completed');
    // The last viewer gone, each process dropped its subscription.
    await expect.poll(() => subscriptions(channel), { timeout: 10_000 }).toEqual({ sharded: 0, classic: 0 });

    const { body } = await getJson(`${stack.apiUrl}/api/generations/${id}`);
    expect(body.status).toBe('completed');
  });

  it('serves the queue dashboard from the cluster', async () => {
    const response = await fetch(`${stack.apiUrl}/admin/queues/api/queues`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { queues: { name: string; counts: Record<string, number> }[] };
    expect(body.queues.map((q) => q.name)).toContain('generations');
    expect(body.queues.find((q) => q.name === 'generations')?.counts.completed).toBeGreaterThanOrEqual(1);
  });
});
