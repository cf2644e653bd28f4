import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort, waitForHttp } from '../support/net.js';
import { roleEnv, startRole, type RoleProcess } from '../support/processes.js';

// The processes of a chaos run: a Redis of its own (so faults hit nobody else), the simulator, API
// processes and workers, each a real process started from dist/.

export interface OwnRedis {
  url: string;
  client: Redis;
  stop(): Promise<void>;
}

/** A throwaway redis-server on a free port, with no persistence. */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const url = `redis://127.0.0.1:${port}`;
  // Commands wait for the connection, so the first PING answers once the server is up.
  const client = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: () => 100 });
  client.on('error', () => {});
  await Promise.race([
    client.ping(),
    new Promise((_, reject) => setTimeout(() => reject(new Error('own redis-server did not start')), 10_000)),
  ]);
  return {
    url,
    client,
    async stop() {
      client.disconnect();
      child.kill('SIGKILL');
    },
  };
}

export interface ClusterOptions {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  apis: number;
  workers: number;
  workerEnv: Record<string, string>;
  simTokensPerSec: number;
}

export interface Cluster {
  /** The REDIS_PREFIX every process of the cluster shares. */
  prefix: string;
  simUrl: string;
  apiUrls: string[];
  workers: RoleProcess[];
  /** Every worker's log so far, killed ones included (to diagnose a failing run). */
  workerLogs(): string;
  /** SIGKILLs one worker and starts a replacement. */
  killAndReplaceWorker(index: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const base = { DATABASE_URL: options.databaseUrl, REDIS_URL: options.redisUrl, REDIS_PREFIX: options.prefix };
  const simPort = await freePort();
  const sim = await startRole(
    'sim',
    { SIM_PORT: String(simPort), SIM_TOKENS_PER_SEC: String(options.simTokensPerSec), LOG_LEVEL: 'warn' },
    '',
  );
  const simUrl = `http://127.0.0.1:${simPort}`;
  await waitForHttp(`${simUrl}/v1/models`);
  // Every kill of a worker restarts its streams, each a model call: the suite measures recovery
  // through many kills, so a draft may make as many calls as it could before there were budgets.
  const env = roleEnv(base, simUrl, { LOG_LEVEL: 'warn', MODEL_CALLS_PER_DRAFT: '64' });

  const apis: RoleProcess[] = [];
  const apiUrls: string[] = [];
  for (let i = 0; i < options.apis; i++) {
    const port = await freePort();
    // One client creates every generation here: the per-client limits would refuse most of them.
    apis.push(
      await startRole(
        'api',
        { ...env, PORT: String(port), RATE_LIMIT_PER_MIN: '0', MAX_OPEN_GENERATIONS: '0', MAX_STREAMS_PER_CLIENT: '0' },
        '',
      ),
    );
    apiUrls.push(`http://127.0.0.1:${port}`);
    await waitForHttp(`${apiUrls[i]}/readyz`);
  }
  const startWorker = () => startRole('worker', { ...env, ...options.workerEnv, LOG_LEVEL: 'info' }, 'worker ready');
  const workers: RoleProcess[] = [];
  const retired: RoleProcess[] = [];
  for (let i = 0; i < options.workers; i++) workers.push(await startWorker());

  return {
    prefix: options.prefix,
    simUrl,
    apiUrls,
    workers,
    workerLogs: () => [...retired, ...workers].map((w) => w.output()).join('\n'),
    async killAndReplaceWorker(index) {
      const victim = workers[index];
      if (!victim) return;
      victim.child.kill('SIGKILL');
      await victim.exited;
      retired.push(victim);
      workers[index] = await startWorker();
    },
    async stop() {
      for (const p of [...workers, ...apis, sim]) {
        p.child.kill('SIGKILL');
        await p.exited;
      }
    },
  };
}
