import { createServer } from 'node:net';
import { pino, type Logger } from 'pino';
import type { ApiDeps } from '../../src/api/deps.js';
import { startApiServer, type ApiServer } from '../../src/api/server.js';
import type { Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startSim } from '../../src/sim/server.js';
import { startWorker, type WorkerHandle } from '../../src/worker/index.js';
import { buildApiDeps, buildWorkerDeps, metricsFor, openConnections, type Connections } from '../../src/wiring.js';
import { testConfig } from '../support/stack.js';

// A stack for the operations tests: like tests/support/stack.ts, plus what these tests need to
// control: a logger of their own, API and worker sharing one process's connections (as `npm start`
// runs them, so one /metrics shows both), or a Redis of their own.

export interface OpsStackOptions {
  env?: Record<string, string>;
  apis?: number;
  workers?: number;
  /** Run the (single) API and worker on one set of connections, as `npm start` does. */
  oneProcess?: boolean;
  tokensPerSec?: number;
  logger?: Logger;
}

export interface OpsStack {
  config: Config;
  apiUrls: string[];
  apiUrl: string;
  api: ApiDeps[];
  connections: Connections[];
  close(): Promise<void>;
}

export async function startOpsStack(options: OpsStackOptions = {}): Promise<OpsStack> {
  const sim = await startSim({ port: 0, tokensPerSec: options.tokensPerSec ?? 0 });
  const config = testConfig({ OPENAI_BASE_URL: `${sim.url}/v1`, ...options.env });
  const logger = options.logger ?? createLogger(config.LOG_LEVEL, 'test');
  const connections: Connections[] = [];
  const servers: ApiServer[] = [];
  const workers: WorkerHandle[] = [];
  const api: ApiDeps[] = [];

  for (let i = 0; i < (options.apis ?? 1); i++) {
    const c = openConnections(config, `ops-api-${i}`);
    connections.push(c);
    const deps = buildApiDeps(config, logger, c);
    api.push(deps);
    servers.push(await startApiServer(deps, 0));
  }
  for (let i = 0; i < (options.workers ?? 1); i++) {
    const shared = options.oneProcess && i === 0 ? connections[0] : undefined;
    const c = shared ?? openConnections(config, `ops-worker-${i}`);
    if (!shared) connections.push(c);
    workers.push(await startWorker(buildWorkerDeps(config, logger, c)));
  }
  const apiUrls = servers.map((s) => `http://127.0.0.1:${s.port}`);
  return {
    config,
    apiUrls,
    apiUrl: apiUrls[0] ?? '',
    api,
    connections,
    async close() {
      for (const s of servers) await s.close();
      for (const w of workers) await w.close();
      for (const a of api) {
        await a.queue.close();
        await a.batches.close().catch(() => {});
      }
      for (const c of connections) await c.close();
      await sim.close();
    },
  };
}

export { metricsFor };

/** A logger whose JSON lines land in `lines`. */
export function capturingLogger(level = 'info'): { logger: Logger; lines: Record<string, unknown>[]; raw: string[] } {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const logger = pino(
    { level, redact: { paths: ['prompt', '*.prompt', 'apiKey', '*.apiKey', 'headers.authorization'], censor: '[redacted]' } },
    {
      write(line: string) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  );
  return { logger, lines, raw };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The sum of a series' samples in Prometheus text, over the samples whose labels include `labels`. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  let total: number | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...(match[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) total = (total ?? 0) + Number(match[4]);
  }
  return total;
}

export async function scrape(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`);
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  return response.text();
}

/** Polls `check` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
