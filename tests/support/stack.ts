import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { startApiServer, type ApiServer } from '../../src/api/server.js';
import type { ApiDeps } from '../../src/api/deps.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { startSim } from '../../src/sim/server.js';
import { startWorker, type WorkerHandle } from '../../src/worker/index.js';
import {
  buildApiDeps,
  buildBatchWorkerDeps,
  buildReconcilerDeps,
  buildWorkerDeps,
  openConnections,
  type Connections,
} from '../../src/wiring.js';
import { startReconciler } from '../../src/worker/reconciler.js';
import { startBatchWorkers, type BatchWorkerDeps } from '../../src/webhooks/index.js';

export interface StackOptions {
  apis?: number;
  workers?: number;
  /** Simulator pace; 0 = as fast as it can. */
  tokensPerSec?: number;
  env?: Record<string, string>;
  /** Also start the webhook batch and callback workers beside each worker, with these extra deps. */
  batchWorkers?: boolean | Pick<BatchWorkerDeps, 'onDelivery' | 'resolve'>;
  /** Run the (single) API and worker on one set of connections, as `npm start` does (one /metrics). */
  oneProcess?: boolean;
  /** A logger of the test's own (e.g. to read what was logged). */
  logger?: Logger;
  /** Start a reconciler beside each worker (RECONCILE_INTERVAL_MS of `env`). */
  reconciler?: boolean;
}

export interface Stack {
  config: Config;
  /** Base URLs of the API processes (same Redis, same Postgres). */
  apiUrls: string[];
  apiUrl: string;
  simUrl: string;
  api: ApiDeps[];
  connections: Connections[];
  close(): Promise<void>;
}

/** A random key prefix: each test file gets its own queue and keys in the shared Redis. */
export const uniquePrefix = () => `t${randomBytes(5).toString('hex')}`;

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    // Set by the cluster suite's global setup (npm run test:cluster): the same tests on Redis Cluster.
    REDIS_CLUSTER_NODES: inject('redisClusterNodes') ?? '',
    REDIS_PREFIX: uniquePrefix(),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Tests close their stacks right away: hand running generations back at once.
    SHUTDOWN_GRACE_MS: '200',
    // Tests create (and edit) many generations from one IP: the production limits (10 a minute, 5 open) would
    // trip them. The tests of the limits themselves (tests/api/middleware) set low values explicitly.
    RATE_LIMIT_PER_MIN: '100000',
    MAX_OPEN_GENERATIONS: '100000',
    EDITS_PER_MIN: '100000',
    EDITS_PER_DAY: '100000',
    ...env,
  });
}

/**
 * The service as it runs in production, in this process: simulator, API servers and workers,
 * each with its own connections, talking over real HTTP, Redis and Postgres.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sim = await startSim({ port: 0, tokensPerSec: options.tokensPerSec ?? 0 });
  const config = testConfig({ OPENAI_BASE_URL: `${sim.url}/v1`, ...options.env });
  const logger = options.logger ?? createLogger(config.LOG_LEVEL, 'test');
  const connections: Connections[] = [];
  const servers: ApiServer[] = [];
  const workers: WorkerHandle[] = [];
  const api: ApiDeps[] = [];

  for (let i = 0; i < (options.apis ?? 1); i++) {
    // Shared with the worker (oneProcess), they are set up as `npm start` sets up its own.
    const c = openConnections(config, `test-api-${i}`, { role: options.oneProcess && i === 0 ? 'all' : 'api' });
    connections.push(c);
    const deps = await buildApiDeps(config, logger, c);
    api.push(deps);
    servers.push(await startApiServer(deps, 0));
  }
  for (let i = 0; i < (options.workers ?? 1); i++) {
    const shared = options.oneProcess && i === 0 ? connections[0] : undefined;
    const c = shared ?? openConnections(config, `test-worker-${i}`);
    if (!shared) connections.push(c);
    workers.push(await startWorker(buildWorkerDeps(config, logger, c)));
    if (options.reconciler) workers.push(startReconciler(buildReconcilerDeps(config, logger, c)));
    if (options.batchWorkers) {
      const extra = typeof options.batchWorkers === 'object' ? options.batchWorkers : {};
      workers.push(await startBatchWorkers({ ...buildBatchWorkerDeps(config, logger, c), ...extra }));
    }
  }
  const apiUrls = servers.map((s) => `http://127.0.0.1:${s.port}`);
  return {
    config,
    apiUrls,
    apiUrl: apiUrls[0] ?? '',
    simUrl: sim.url,
    api,
    connections,
    async close() {
      for (const s of servers) await s.close();
      for (const w of workers) await w.close();
      for (const q of api) await q.queue.close();
      for (const q of api) await q.suggestions.queue.close();
      for (const q of api) await q.batches.close();
      for (const c of connections) await c.close();
      await sim.close();
    },
  };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as any) : undefined };
}

export async function putJson(url: string, body: unknown) {
  const response = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as any) : undefined };
}

/**
 * A governing-law section as a client might edit it by hand: another jurisdiction than the details'.
 * The simulator drafts from the details, so a review finds this one to correct (suggestion tests).
 */
export const HAND_EDITED_LAW =
  'These Terms are governed by the laws of the State of Delaware. The courts located in Wilmington, Delaware have exclusive jurisdiction, and any dispute is settled by binding arbitration.';

export async function getJson(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return { status: response.status, body: (await response.json()) as any };
}

/** Polls `GET /api/generations/:id` until its status is one of `statuses`. */
export async function waitForStatus(apiUrl: string, id: string, statuses: string[], timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await getJson(`${apiUrl}/api/generations/${id}`);
    if (statuses.includes(body.status)) return body;
    if (Date.now() > deadline) throw new Error(`generation ${id} still ${body.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
