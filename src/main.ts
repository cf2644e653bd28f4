import { startApiServer, type ApiServer } from './api/server.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { connectDatabase } from './db/client.js';
import { migrateWithLock } from './db/migrate.js';
import { createLogger, type Logger } from './logger.js';
import { startSim } from './sim/server.js';
import { startWorker, type WorkerHandle } from './worker/index.js';
import { buildApiDeps, buildBatchWorkerDeps, buildReconcilerDeps, buildWorkerDeps, openConnections } from './wiring.js';
import { startReconciler, type ReconcilerHandle } from './worker/reconciler.js';
import { startBatchWorkers, type BatchWorkersHandle } from './webhooks/index.js';

// The composition root: `node dist/src/main.js <role>` with role api, worker, all, sim or migrate.

type Role = 'api' | 'worker' | 'all' | 'sim' | 'migrate';
const ROLES: readonly Role[] = ['api', 'worker', 'all', 'sim', 'migrate'];

async function migrate(config: Config, logger: Logger): Promise<void> {
  const database = connectDatabase(config.DATABASE_URL, { max: 2 });
  try {
    await migrateWithLock(database);
    logger.info('migrations applied');
  } finally {
    await database.close();
  }
}

async function run(role: Role, config: Config, logger: Logger): Promise<() => Promise<void>> {
  if (role === 'migrate') {
    await migrate(config, logger);
    return async () => {};
  }
  if (role === 'sim') {
    const sim = await startSimFor(config, logger);
    logger.info({ url: sim.url }, 'simulated model listening');
    return () => sim.close();
  }
  const closers: (() => Promise<void>)[] = [];
  // `npm start` is the one-process local setup: it brings the simulated model along when no key is set.
  if (role === 'all' && config.simulated && !config.OPENAI_BASE_URL) {
    const sim = await startSimFor(config, logger);
    closers.push(() => sim.close());
  }
  if (config.simulated) logger.warn({ baseUrl: config.llmBaseUrl }, 'no OPENAI_API_KEY: using the simulated model');
  if (config.CALLBACK_ALLOW_PRIVATE) {
    logger.warn(
      'CALLBACK_ALLOW_PRIVATE=true: the SSRF guard is off, callbacks may reach private and loopback addresses',
    );
  }
  const stopServices = await startServices(role, config, logger);
  return async () => {
    await stopServices();
    for (const close of closers) await close();
  };
}

const startSimFor = (config: Config, logger: Logger) =>
  startSim({ host: config.HOST, port: config.SIM_PORT, tokensPerSec: config.SIM_TOKENS_PER_SEC, logger });

/** The API and/or the worker side on one set of connections; returns what stops them, in order. */
async function startServices(
  role: 'api' | 'worker' | 'all',
  config: Config,
  logger: Logger,
): Promise<() => Promise<void>> {
  const connections = openConnections(config, `cg-${role}`, { role });
  let api: ApiServer | undefined;
  if (role === 'api' || role === 'all') {
    await migrateWithLock(connections.database);
    api = await startApiServer(await buildApiDeps(config, logger, connections), config.PORT);
  }
  let worker: WorkerHandle | undefined;
  // Webhook batches: flow parents (settle a finished batch) and callback deliveries.
  let batchWorkers: BatchWorkersHandle | undefined;
  // Postgres drives recovery: every worker process runs a reconciler, one of them acts at a time.
  let reconciler: ReconcilerHandle | undefined;
  if (role === 'worker' || role === 'all') {
    worker = await startWorker(buildWorkerDeps(config, logger, connections));
    batchWorkers = await startBatchWorkers(buildBatchWorkerDeps(config, logger, connections));
    if (config.RECONCILE_INTERVAL_MS > 0)
      reconciler = startReconciler(buildReconcilerDeps(config, logger, connections));
  }
  return async () => {
    await api?.close();
    await reconciler?.close();
    await worker?.close();
    await batchWorkers?.close();
    await connections.close();
  };
}

async function main(): Promise<void> {
  const role = process.argv[2] as Role;
  if (!ROLES.includes(role)) {
    console.error(`usage: main.js <${ROLES.join('|')}>`);
    process.exit(2);
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
  const logger = createLogger(config.LOG_LEVEL, role);
  // A dependency outage must not take the process down: log it; the callers retry.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  const close = await run(role, config, logger);
  if (role === 'migrate') return;

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), config.SHUTDOWN_GRACE_MS + 5000);
    force.unref();
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
