import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { readEvents } from '../support/sse-client.js';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis.js';
import { checkGeneration, type Verdict } from './checker.js';
import { startCluster, type Cluster } from './cluster.js';
import { hostAndPort, startTcpProxy, throughProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { flakyViewer, type ViewerRecord } from './viewer.js';

// The chaos run's recovery scenarios: what Redis or Postgres loses or refuses, with Postgres as the
// record and the reconciler acting on it. One cluster (an API and two workers, real processes) on a
// private redis-server (port 6391) that the run restarts empty, and on Postgres through a TCP proxy
// that the run cuts. Each scenario's generations are checked like the main run's.

/** The private Redis of these scenarios (the range of ports given to this suite). */
const REDIS_PORT = 6391;

export interface ScenarioFigures {
  name: string;
  /** How the fault was made, as the report states it. */
  how: string;
  generations: number;
  completed: number;
  lost: number;
  doubled: number;
  /** From the end of the fault until every generation not yet finished sent an event again. */
  recoveryMs: number | undefined;
  /** From the end of the fault until every generation was completed. */
  completedAfterMs: number;
  problems: string[];
}

export interface RecoveryRig {
  cluster: Cluster;
  redis: PrivateRedis;
  proxy: TcpProxy;
  stop(): Promise<void>;
}

export async function startRecoveryRig(databaseUrl: string, prefix: string): Promise<RecoveryRig> {
  const redis = await startPrivateRedis(REDIS_PORT);
  const proxy = await startTcpProxy(hostAndPort(databaseUrl, 5432));
  const cluster = await startCluster({
    databaseUrl: throughProxy(databaseUrl, proxy),
    redisUrl: redis.url,
    prefix,
    apis: 1,
    workers: 2,
    simTokensPerSec: 150,
    workerEnv: {
      JOB_LOCK_MS: '1500',
      STREAM_STALL_MS: '3000',
      WORKER_CONCURRENCY: '3',
      SHUTDOWN_GRACE_MS: '500',
      RECONCILE_INTERVAL_MS: '1000',
      RECONCILE_GRACE_MS: '1000',
    },
  });
  return {
    cluster,
    redis,
    proxy,
    async stop() {
      await cluster.stop();
      await proxy.close();
      await redis.stop();
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs one scenario: `start` makes the generations (returns their ids), `fault` breaks something
 * once they run and resolves when the fault is over; then every generation is followed to its end
 * and checked.
 */
export async function runScenario(
  rig: RecoveryRig,
  databaseUrl: string,
  scenario: { name: string; how: string; start: () => Promise<string[]>; fault: () => Promise<void> },
  random: () => number,
  budgetMs: number,
): Promise<ScenarioFigures> {
  const api = rig.cluster.apiUrls[0]!;
  const deadline = Date.now() + budgetMs;
  const ids = await scenario.start();
  const status = async (id: string) =>
    ((await (await fetch(`${api}/api/generations/${id}`)).json()) as { status?: string }).status;
  const finished = (id: string) => async () =>
    ['completed', 'failed'].includes((await status(id).catch(() => undefined)) ?? '');
  const viewers = ids.map((id) => flakyViewer([api], id, finished(id), random, deadline));
  await scenario.fault();
  const faultEnded = performance.now();
  const records = await Promise.all(viewers);
  const completedAfterMs = performance.now() - faultEnded;

  const verdicts: Verdict[] = [];
  for (const [i, id] of ids.entries()) {
    const late = await readEvents(`${api}/api/generations/${id}/events`, { signal: AbortSignal.timeout(10_000) }).catch(
      () => ({ events: [] }),
    );
    const stored = await (await fetch(`${api}/api/generations/${id}`)).json();
    verdicts.push(await checkGeneration(databaseUrl, stored, records[i]!, late.events));
  }
  return {
    name: scenario.name,
    how: scenario.how,
    generations: ids.length,
    completed: verdicts.filter((v) => v.status === 'completed').length,
    lost: verdicts.reduce((n, v) => n + v.lost, 0),
    doubled: verdicts.reduce((n, v) => n + v.duplicated, 0),
    recoveryMs: recoveryAfter(records, faultEnded),
    completedAfterMs,
    problems: verdicts.flatMap((v) => v.problems.map((p) => `${v.id}: ${p}`)),
  };
}

/** The longest wait, after `at`, for a generation that had not ended by then to send an event again. */
function recoveryAfter(records: readonly ViewerRecord[], at: number): number | undefined {
  // A generation that ended before `at` has no event after it, and does not count.
  const waits = records.flatMap((r) => {
    const next = r.events.find((e) => e.receivedAt > at);
    return next ? [next.receivedAt - at] : [];
  });
  return waits.length ? Math.max(...waits) : undefined;
}

/** Creates `n` generations through the API, as clients would. */
export async function createThroughApi(rig: RecoveryRig, n: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const response = await fetch(`${rig.cluster.apiUrls[0]}/api/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: `${label} ${i}: a service for sailors` }),
    });
    if (response.status !== 202) throw new Error(`create answered ${response.status}`);
    ids.push(((await response.json()) as { id: string }).id);
  }
  return ids;
}

/**
 * What the API leaves when it dies between the Postgres insert and the job add: the rows (as
 * GenerationStore.insert writes them), and nothing in Redis. Made at the data level.
 */
export async function insertWithoutJobs(databaseUrl: string, prefix: string, n: number): Promise<string[]> {
  const sql = postgres(databaseUrl, { max: 1 });
  const ids = Array.from({ length: n }, () => randomUUID());
  try {
    for (const [i, id] of ids.entries()) {
      await sql`insert into generations (id, template, mode, status, prompt, fence, run, seq_ceiling, redis_prefix)
        values (${id}, 'terms-of-service', 'stream', 'queued', ${`Orphan ${i}: a service for sailors`}, 1, 1, 1000, ${prefix})`;
    }
  } finally {
    await sql.end();
  }
  return ids;
}

/** Waits until `count` of `ids` are writing and have stored a section. */
export async function untilWriting(
  databaseUrl: string,
  ids: readonly string[],
  count: number,
  timeoutMs = 60_000,
): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const [row] = await sql<{ n: number }[]>`
        select count(*)::int as n from generations g
        where g.id = any(${ids as string[]}::uuid[]) and g.status = 'streaming'
          and exists (select 1 from sections s where s.generation_id = g.id)`;
      if ((row?.n ?? 0) >= count) return;
      if (Date.now() > deadline) throw new Error(`fewer than ${count} generations writing after ${timeoutMs} ms`);
      await sleep(100);
    }
  } finally {
    await sql.end();
  }
}
