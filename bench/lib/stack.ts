// Every process of one bench run: a private Redis (so INFO counters are ours alone), the recording
// simulator, our API and worker exactly as deployed (`node dist/src/main.js api|worker`), the direct
// baseline, the resumable-stream peer (producer + API) and the viewer processes.
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, Redis } from 'ioredis';
import { redisPid } from './proc-stats.js';
import { freePort, startChild, stopAll, waitForHttp, type Child } from './children.js';
import { ViewerPool } from './viewer-protocol.js';

export interface StackOptions {
  root: string;
  workerConcurrency: number;
  viewerProcesses: number;
  /** Directory for `--cpu-prof` output of the API and worker; none = no profiling. */
  profileDir?: string;
  /**
   * Run our service on this Redis Cluster (REDIS_CLUSTER_NODES) with `apis` API processes; the
   * baselines keep the private single Redis.
   */
  cluster?: { nodes: string; apis: number };
}

export interface BenchStack {
  runId: string;
  prefix: string;
  logDir: string;
  /** Our service's Redis: the single node, or a cluster client when `cluster` is set. */
  redis: Redis | Cluster;
  /** `redis` when it is one node; undefined on a cluster, whose counters (INFO, CLIENT LIST, ss) are per node and skipped. */
  singleNode: Redis | undefined;
  redisPort: number;
  redisUrl: string;
  privateRedis: boolean;
  simUrl: string;
  /** The first of `apiUrls` / `apis`: where generations are created. */
  apiUrl: string;
  api: Child;
  apiUrls: string[];
  apis: Child[];
  worker: Child;
  directUrl: string;
  direct: Child;
  /** The Redis server's pid (from INFO), for its CPU time; undefined on a cluster (several servers). */
  redisPid: number | undefined;
  peerProducerUrl: string;
  peerApiUrl: string;
  peerApi: Child;
  peerProducer: Child;
  peerPrefix: string;
  viewers: ViewerPool;
  /**
   * Replaces our API process (or the peer's) with a fresh one on the same port, so a fan-out step's
   * memory growth is not hidden by heap a previous step left behind.
   */
  restartApi(system: 'ours' | 'resumable-stream'): Promise<void>;
  close(): Promise<void>;
}

const tsx = (root: string, file: string) => ['--import', 'tsx', join(root, file)];

export async function startStack(options: StackOptions): Promise<BenchStack> {
  const { root } = options;
  const runId = randomBytes(4).toString('hex');
  const prefix = `bench${runId}`;
  const logDir = join(tmpdir(), `cg-bench-${runId}`);
  const node = process.execPath;
  const baseEnv: Record<string, string | undefined> = {
    ...process.env,
    OPENAI_API_KEY: undefined,
    NODE_ENV: 'production',
  };

  let redisUrl = process.env.BENCH_REDIS_URL;
  const privateRedis = !redisUrl;
  if (!redisUrl) {
    const port = await freePort();
    const server = startChild({
      name: 'redis',
      command: 'redis-server',
      args: [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--maxclients',
        '15000',
        '--protected-mode',
        'no',
      ],
      env: baseEnv,
      logDir,
    });
    await server.waitForLine(/Ready to accept connections/, 10_000);
    redisUrl = `redis://127.0.0.1:${port}`;
  }
  const redisPort = Number(new URL(redisUrl).port || 6379);
  const cluster = options.cluster;
  const redis = cluster
    ? new Cluster(
        cluster.nodes.split(',').map((node) => ({ host: node.split(':')[0], port: Number(node.split(':')[1]) })),
      )
    : new Redis(redisUrl, { connectionName: 'bench-main' });

  const simPort = await freePort();
  const sim = startChild({
    name: 'sim',
    command: node,
    args: [...tsx(root, 'bench/procs/sim-recorder.ts'), String(simPort), '40'],
    env: baseEnv,
    logDir,
    cwd: root,
  });
  const simUrl = `http://127.0.0.1:${simPort}`;

  const apiPorts: number[] = [];
  for (let i = 0; i < (cluster?.apis ?? 1); i++) apiPorts.push(await freePort());
  const serviceEnv = {
    ...baseEnv,
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    REDIS_URL: redisUrl,
    REDIS_CLUSTER_NODES: cluster?.nodes ?? '',
    REDIS_PREFIX: prefix,
    OPENAI_BASE_URL: `${simUrl}/v1`,
    SIM_TOKENS_PER_SEC: '40',
    LOG_LEVEL: 'warn',
    WORKER_CONCURRENCY: String(options.workerConcurrency),
    PROMPT_MAX_CHARS: '4000',
    // The bench is one client creating hundreds of generations: the per-client limits would refuse it.
    RATE_LIMIT_PER_MIN: '0',
    // Fan-out holds a model reply until thousands of viewers are attached: not a stall.
    STREAM_STALL_MS: '120000',
    MAX_OPEN_GENERATIONS: '0',
    // Thousands of viewers from one address: the per-client stream cap would refuse them.
    MAX_STREAMS_PER_CLIENT: '0',
  };
  const profile = (name: string) =>
    options.profileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`, `--cpu-prof-name=${name}-${runId}.cpuprofile`]
      : [];
  let apiStarts = 0;
  const spawnApi = (port: number) =>
    startChild({
      name: `api${apiStarts++ || ''}`,
      command: node,
      args: [...profile(`api${apiStarts}`), 'dist/src/main.js', 'api'],
      env: { ...serviceEnv, PORT: String(port) },
      logDir,
      cwd: root,
    });
  const apis = apiPorts.map(spawnApi);
  const apiUrls = apiPorts.map((port) => `http://127.0.0.1:${port}`);
  const worker = startChild({
    name: 'worker',
    command: node,
    args: [...profile('worker'), 'dist/src/main.js', 'worker'],
    env: serviceEnv,
    logDir,
    cwd: root,
  });

  const directPort = await freePort();
  const direct = startChild({
    name: 'direct',
    command: node,
    args: [...tsx(root, 'bench/procs/direct-server.ts'), String(directPort), simUrl],
    env: baseEnv,
    logDir,
    cwd: root,
  });
  const peerPrefix = `${prefix}-rs`;
  const producerPort = await freePort();
  const peerProducer = startChild({
    name: 'peer-producer',
    command: node,
    args: [...tsx(root, 'bench/procs/peer-producer.ts'), String(producerPort), simUrl, redisUrl, peerPrefix],
    env: baseEnv,
    logDir,
    cwd: root,
  });
  const peerApiPort = await freePort();
  let peerApiStarts = 0;
  const spawnPeerApi = () =>
    startChild({
      name: `peer-api${peerApiStarts++ || ''}`,
      command: node,
      args: [...tsx(root, 'bench/procs/peer-api.ts'), String(peerApiPort), redisUrl, peerPrefix],
      env: baseEnv,
      logDir,
      cwd: root,
    });
  const peerApi = spawnPeerApi();
  const viewerChildren = Array.from({ length: options.viewerProcesses }, (_, i) =>
    startChild({
      name: `viewers-${i}`,
      command: node,
      args: tsx(root, 'bench/procs/viewers.ts'),
      env: baseEnv,
      logDir,
      cwd: root,
      ipc: true,
    }),
  );

  const stack: BenchStack = {
    runId,
    prefix,
    logDir,
    redis,
    singleNode: redis instanceof Redis ? redis : undefined,
    redisPort,
    redisUrl,
    privateRedis,
    simUrl,
    apiUrl: apiUrls[0]!,
    api: apis[0]!,
    apiUrls,
    apis,
    worker,
    directUrl: `http://127.0.0.1:${directPort}`,
    direct,
    redisPid: redis instanceof Redis ? await redisPid(redis) : undefined,
    peerProducerUrl: `http://127.0.0.1:${producerPort}`,
    peerApiUrl: `http://127.0.0.1:${peerApiPort}`,
    peerApi,
    peerProducer,
    peerPrefix,
    viewers: new ViewerPool(viewerChildren),
    async restartApi(system) {
      if (system === 'ours') {
        for (const [i, port] of apiPorts.entries()) {
          await stack.apis[i]!.stop();
          stack.apis[i] = spawnApi(port);
          await waitForHttp(`${stack.apiUrls[i]}/readyz`, 60_000, stack.apis[i]);
        }
        stack.api = stack.apis[0]!;
      } else {
        await stack.peerApi.stop();
        stack.peerApi = spawnPeerApi();
        await waitForHttp(`${stack.peerApiUrl}/healthz`, 30_000, stack.peerApi);
      }
    },
    async close() {
      redis.disconnect();
      await stopAll();
    },
  };
  await Promise.all([
    waitForHttp(`${simUrl}/v1/models`, 30_000, sim),
    ...apis.map((api, i) => waitForHttp(`${apiUrls[i]}/readyz`, 60_000, api)),
    waitForHttp(`${stack.directUrl}/healthz`, 30_000),
    waitForHttp(`${stack.peerProducerUrl}/healthz`, 30_000),
    waitForHttp(`${stack.peerApiUrl}/healthz`, 30_000, peerApi),
    ...viewerChildren.map((child) => new Promise<void>((resolve) => child.process.once('message', () => resolve()))),
  ]);
  return stack;
}
