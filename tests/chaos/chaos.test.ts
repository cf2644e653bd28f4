import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readEvents } from '../support/sse-client.js';
import { startCluster, startOwnRedis, type Cluster, type OwnRedis } from './cluster.js';
import { checkGeneration, type Verdict } from './checker.js';
import { writeReliabilityReport, type ChaosFigures } from './report.js';
import { flakyViewer, type ViewerRecord } from './viewer.js';
import {
  createThroughApi,
  insertWithoutJobs,
  runScenario,
  startRecoveryRig,
  untilWriting,
  type RecoveryRig,
  type ScenarioFigures,
} from './recovery-scenarios.js';

// Many generations on three worker processes and two API processes while workers are SIGKILLed,
// viewers drop and resume, the model cuts, stalls, 429s and 500s, and Redis drops every client.
// Then a Jepsen-style check of every generation. After it, the recovery scenarios (Redis restarted
// empty, rows left without their jobs, Postgres unreachable for 20 s) on a cluster of their own.
// The figures of both go to docs/RELIABILITY.md.

const GENERATIONS = Number(process.env.CHAOS_GENERATIONS ?? 30);
// Generous: a generation unlucky with faults spends its backoff; the run normally ends in about a minute.
const BUDGET_MS = Number(process.env.CHAOS_BUDGET_MS ?? 240_000);
const TEMPLATES = ['terms-of-service', 'privacy-policy', 'nda'] as const;

let redis: OwnRedis;
let cluster: Cluster;
const seed = Number.parseInt(randomBytes(4).toString('hex'), 16);
let state = seed;
/** Deterministic per run (the seed is printed), so a failing run can be replayed. */
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

beforeAll(async () => {
  redis = await startOwnRedis();
  cluster = await startCluster({
    databaseUrl: inject('databaseUrl'),
    redisUrl: redis.url,
    prefix: `chaos${randomBytes(3).toString('hex')}`,
    apis: 2,
    workers: 3,
    // Slow enough that each generation lives through several kills and faults.
    simTokensPerSec: 80,
    workerEnv: { JOB_LOCK_MS: '1500', STREAM_STALL_MS: '1500', WORKER_CONCURRENCY: '12', SHUTDOWN_GRACE_MS: '500' },
  });
}, 120_000);

let figures: ChaosFigures | undefined;
const scenarios: ScenarioFigures[] = [];

afterAll(async () => {
  await cluster?.stop();
  await redis?.stop();
  await rig?.stop();
  if (figures) await writeReliabilityReport({ ...figures, scenarios });
});

it(`keeps ${GENERATIONS} generations whole through worker kills, viewer drops, model and Redis faults`, async () => {
  console.log(`chaos seed ${seed}`);
  const started = Date.now();
  const deadline = started + BUDGET_MS;
  const faults = {
    kills: 0,
    modelFaults: { cut: 0, stall: 0, status429: 0, status500: 0 },
    redisFaults: { kills: 0, pauses: 0 },
  };
  let running = true;

  // Chaos loops, until every generation is finished.
  const killer = (async () => {
    while (running) {
      await sleep(2500 + random() * 2500);
      if (!running) break;
      await cluster.killAndReplaceWorker(Math.floor(random() * cluster.workers.length));
      faults.kills += 1;
    }
  })();
  const modelFaulter = (async () => {
    while (running) {
      await sleep(1000 + random() * 1000);
      const roll = random();
      const fault =
        roll < 0.35
          ? { cut: 20 + Math.floor(random() * 200), streamOnly: true }
          : roll < 0.55
            ? { stall: 20 + Math.floor(random() * 200), streamOnly: true }
            : roll < 0.8
              ? { status: 429, retryAfter: 1 }
              : { status: 500 };
      await fetch(`${cluster.simUrl}/_sim/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(fault),
      });
      if ('cut' in fault) faults.modelFaults.cut += 1;
      else if ('stall' in fault) faults.modelFaults.stall += 1;
      else if (fault.status === 429) faults.modelFaults.status429 += 1;
      else faults.modelFaults.status500 += 1;
    }
  })();
  const redisFaulter = (async () => {
    while (running) {
      await sleep(4000 + random() * 4000);
      if (!running) break;
      if (random() < 0.5) {
        // Every connection of every process drops at once: subscribers, BullMQ, appends.
        await redis.client.call('CLIENT', 'KILL', 'SKIPME', 'yes').catch(() => {});
        faults.redisFaults.kills += 1;
      } else {
        // Redis stops answering anyone for a second (as during a failover or a long fork).
        await redis.client.call('CLIENT', 'PAUSE', '1000', 'ALL').catch(() => {});
        faults.redisFaults.pauses += 1;
      }
    }
  })();

  // Generations arrive over the first seconds, each with a viewer that keeps dropping.
  const ids: string[] = [];
  const viewers: Promise<ViewerRecord>[] = [];
  for (let i = 0; i < GENERATIONS; i++) {
    const api = cluster.apiUrls[i % cluster.apiUrls.length]!;
    const response = await fetch(`${api}/api/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        prompt: `Chaos client ${i}: a service for ${['hikers', 'bakers', 'gamers'][i % 3]}`,
        template: TEMPLATES[i % 3],
      }),
    });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    ids.push(id);
    const finished = async () => ['completed', 'failed'].includes((await status(id)) ?? '');
    viewers.push(flakyViewer(cluster.apiUrls, id, finished, random, deadline));
    await sleep(150 + random() * 300);
  }
  const records = await Promise.all(viewers);
  running = false;
  await Promise.all([killer, modelFaulter, redisFaulter]);

  // A late viewer replays each log from the start, once the dust has settled.
  const verdicts: Verdict[] = [];
  for (const [i, id] of ids.entries()) {
    const late = await readEvents(`${cluster.apiUrls[i % 2]}/api/generations/${id}/events`, {
      signal: AbortSignal.timeout(10_000),
    }).catch(() => ({ events: [] }));
    const seen = records[i]!.events;
    if (seen.at(-1)?.event !== 'done') {
      console.log(
        `unfinished ${id}: status ${await status(id)}, last events`,
        seen.slice(-4).map((e) => `${e.event} ${JSON.stringify(e.data).slice(0, 80)}`),
      );
      console.log(
        cluster
          .workerLogs()
          .split('\n')
          .filter((l) => l.includes(id))
          .slice(-12)
          .join('\n'),
      );
    }
    const stored = await (await fetch(`${cluster.apiUrls[0]}/api/generations/${id}`)).json();
    verdicts.push(await checkGeneration(inject('databaseUrl'), stored, records[i]!, late.events));
  }

  figures = {
    seed,
    durationMs: Date.now() - started,
    generations: GENERATIONS,
    apis: cluster.apiUrls.length,
    workers: cluster.workers.length,
    faults,
    verdicts,
  };
  const problems = verdicts.filter((v) => v.problems.length > 0);
  expect(problems.map((v) => `${v.id}: ${v.problems.join('; ')}`)).toEqual([]);
  expect(faults.kills).toBeGreaterThan(0);
}, 360_000);

// The recovery scenarios, one after another on their own cluster (its Redis and its Postgres proxy).
let rig: RecoveryRig | undefined;
const SCENARIO_BUDGET_MS = 120_000;

describe('recovery scenarios', () => {
  beforeAll(async () => {
    // The main run's processes are done: stop them so the scenarios have the machine.
    await cluster?.stop();
    await redis?.stop();
    rig = await startRecoveryRig(inject('databaseUrl'), `chaosr${randomBytes(3).toString('hex')}`);
  }, 120_000);

  const scenario = async (s: Parameters<typeof runScenario>[2]) => {
    const result = await runScenario(rig!, inject('databaseUrl'), s, random, SCENARIO_BUDGET_MS);
    scenarios.push(result);
    console.log(
      `${result.name}: ${result.completed}/${result.generations} completed, lost ${result.lost}, doubled ${result.doubled}, recovery ${result.recoveryMs} ms`,
    );
    expect(result.problems).toEqual([]);
  };

  it('completes every generation, whole, after Redis restarts with no persistence mid-run', async () => {
    let ids: string[] = [];
    await scenario({
      name: 'Redis restarted with no persistence mid-run',
      how: 'the private redis-server (no RDB, no AOF) is killed and started again empty while 6 generations write and 2 wait for a slot',
      start: async () => (ids = await createThroughApi(rig!, 8, 'Redis restart')),
      fault: async () => {
        await untilWriting(inject('databaseUrl'), ids, 4);
        await rig!.redis.restartEmpty();
      },
    });
  }, 240_000);

  it('completes generations whose rows were stored without their jobs (the API killed between insert and enqueue)', async () => {
    await scenario({
      name: 'API killed between insert and enqueue',
      how: 'at the data level: 6 rows inserted in Postgres as the API inserts them, with no job, no log, nothing in Redis',
      start: () => insertWithoutJobs(inject('databaseUrl'), rig!.cluster.prefix, 6),
      fault: async () => {},
    });
  }, 240_000);

  it('completes every generation, whole, after Postgres is unreachable for 20 s mid-run', async () => {
    let ids: string[] = [];
    await scenario({
      name: 'Postgres unreachable for 20 s',
      how: 'a TCP proxy between every process and Postgres drops all its connections and refuses new ones for 20 s while 6 generations write',
      start: async () => (ids = await createThroughApi(rig!, 6, 'Postgres outage')),
      fault: async () => {
        await untilWriting(inject('databaseUrl'), ids, 4);
        await rig!.proxy.cut();
        await sleep(20_000);
        await rig!.proxy.restore();
      },
    });
  }, 240_000);

  it('completes generations whose model writes NUL and other control characters, storing none of them', async () => {
    let ids: string[] = [];
    await scenario({
      name: "NUL in the model's output",
      how: 'the model writes NUL and other C0 control characters into the prose of 4 generations (`inject=control`); the worker cleans its output before it is parsed, streamed and stored',
      start: async () => (ids = await createThroughApi(rig!, 4, 'Control characters [[sim:inject=control]]')),
      fault: async () => {},
    });
    const sql = postgres(inject('databaseUrl'), { max: 1 });
    try {
      const rows = await sql<{ n: number }[]>`
        select count(*)::int as n from sections
        where generation_id in ${sql(ids)} and content ~ '[\x01-\x08\x0b\x0c\x0e-\x1f]'`;
      expect(rows[0]?.n).toBe(0);
      const stored = await sql<
        { n: number }[]
      >`select count(*)::int as n from sections where generation_id in ${sql(ids)}`;
      expect(stored[0]?.n).toBeGreaterThan(0);
    } finally {
      await sql.end();
    }
  }, 240_000);
});

async function status(id: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${cluster.apiUrls[0]}/api/generations/${id}`);
    return ((await response.json()) as { status?: string }).status;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
