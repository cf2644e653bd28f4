import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generationKeys } from '../../src/bus/keys.js';
import { clusterPorts, startRedisCluster, type RedisCluster } from '../support/redis-cluster.js';
import { bullPrefix } from '../../src/queue/generation-queue.js';
import { postJson, startStack, waitForStatus, type Stack } from '../support/stack.js';
import { readEvents, reconstruct, type ReceivedEvent } from '../support/sse-client.js';

// A master of the cluster SIGKILLed while generations stream, its replica promoted (node timeout
// 1 s): every generation completes and every viewer, dropping and resuming on alternating API
// processes, ends with the whole text. A cluster of its own (ports 7110–7115): the suite's shared
// one stays whole for the other files.

const GENERATIONS = 6;
let cluster: RedisCluster;
let stack: Stack;
beforeEach(async () => {
  cluster = await startRedisCluster(clusterPorts(10));
  stack = await startStack({
    apis: 2,
    workers: 2,
    tokensPerSec: 80,
    // As deployed, each worker runs the reconciler: a job whose state the failover lost (replication
    // is asynchronous) is added again from Postgres.
    reconciler: true,
    env: {
      REDIS_CLUSTER_NODES: cluster.nodes,
      JOB_LOCK_MS: '3000',
      RECONCILE_INTERVAL_MS: '2000',
      RECONCILE_GRACE_MS: '3000',
    },
  });
});
afterEach(async () => {
  await stack?.close();
  await cluster?.stop();
});

/**
 * Reads until the stream ends, resuming with Last-Event-ID on the other API process whenever the
 * stream breaks and, when `drops`, also after a random number of events of its own.
 */
async function watch(id: string, onEvents: (count: number) => void, drops = true): Promise<ReceivedEvent[]> {
  const events: ReceivedEvent[] = [];
  const deadline = Date.now() + 90_000;
  for (let i = 0; Date.now() < deadline; i++) {
    const headers: Record<string, string> = events.length ? { 'last-event-id': String(events.at(-1)?.id) } : {};
    const stopAfter = drops ? 40 + ((i * 17) % 120) : undefined;
    try {
      const part = await readEvents(`${stack.apiUrls[i % 2]}/api/generations/${id}/events`, {
        headers,
        stopAfter,
        signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())),
      });
      events.push(...part.events);
      onEvents(events.length);
      if (part.ended && events.at(-1)?.event === 'done') return events;
    } catch {
      // The API closed the stream (Redis away): resume like a browser would.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`viewer of ${id} not done in time (${events.length} events, ${drops ? 'dropping' : 'steady'})`);
}

/** The longest wait between two events of one viewer (drops and resumes included). */
const longestGap = (events: readonly ReceivedEvent[]) =>
  events.reduce((max, e, i) => (i === 0 ? 0 : Math.max(max, e.receivedAt - events[i - 1]!.receivedAt)), 0);

describe('a master failover mid-generation', () => {
  const victims = {
    "the master of a generation's keys": (ids: string[]) => generationKeys(stack.config.REDIS_PREFIX, ids[0]!).head,
    "the master of BullMQ's keys": () => `${bullPrefix(stack.config.REDIS_PREFIX)}:generations:meta`,
  };
  it.each(Object.keys(victims) as (keyof typeof victims)[])(
    'completes every generation, and every viewer has the whole text, when %s is killed',
    async (which) => {
      const ids: string[] = [];
      for (let i = 0; i < GENERATIONS; i++) {
        const created = await postJson(`${stack.apiUrl}/api/generations`, {
          prompt: `Failover run ${i}`,
          template: 'nda',
        });
        expect(created.status).toBe(202);
        ids.push(created.body.id as string);
      }
      const counts = new Map<string, number>();
      // One viewer per generation that drops and resumes, and one that stays: its API process's
      // sharded subscription has to follow the slots to the promoted replica.
      const viewers = [
        ...ids.map((id) => watch(id, (n) => counts.set(id, n))),
        ...ids.map((id) => watch(id, () => {}, false)),
      ];

      // Kill the master once every viewer is well into its stream.
      const victim = await cluster.masterOf(victims[which](ids));
      await expect
        .poll(() => ids.every((id) => (counts.get(id) ?? 0) >= 30), { timeout: 60_000, interval: 100 })
        .toBe(true);
      const killedAt = Date.now();
      await cluster.kill(victim);
      await cluster.waitForFailover(victim);
      const failoverMs = Date.now() - killedAt;

      const seen = await Promise.all(viewers);
      for (const [i, events] of seen.entries()) {
        const generation = await waitForStatus(stack.apiUrl, ids[i % GENERATIONS]!, ['completed', 'failed'], 60_000);
        expect(generation.status).toBe('completed');
        expect(generation.sections).toHaveLength(10);
        const { sections, seqs, finalStatus } = reconstruct(events);
        expect(finalStatus).toBe('completed');
        expect(seqs).toEqual(seqs.map((_, k) => k + 1));
        expect([...sections.keys()].sort((a, b) => a - b)).toEqual(
          generation.sections.map((s: { index: number }) => s.index),
        );
        for (const stored of generation.sections as { index: number; content: string }[]) {
          expect(sections.get(stored.index)?.content).toBe(stored.content);
          expect(sections.get(stored.index)?.text.trim()).toBe(stored.content.trim());
        }
      }
      const gap = Math.max(...seen.map(longestGap));
      console.info(
        `failover (${which}): cluster ok ${failoverMs} ms after the kill; longest pause a viewer saw ${Math.round(gap)} ms`,
      );
    },
  );
});
