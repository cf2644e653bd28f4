import type { Logger } from 'pino';
import type { EventLog } from '../bus/event-log.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { BatchQueues } from './batch-queue.js';
import { BatchService } from './batch-service.js';
import { BatchStore } from './batch-store.js';
import { CallbackGuard, type Resolver } from './ssrf-guard.js';

export { batchRecoveryPass } from './batch-reconciler.js';
export { BatchQueues, BatchStore };
export { startBatchWorkers, type BatchWorkerDeps, type BatchWorkersHandle } from './workers.js';
export type { DeliveryEvent } from './callback-delivery.js';

/** The SSRF guard of callback URLs, from the config; `resolve` is for tests (the system resolver by default). */
export function callbackGuard(config: Config, resolve?: Resolver): CallbackGuard {
  return new CallbackGuard({
    allowPrivate: config.CALLBACK_ALLOW_PRIVATE,
    allowedPorts: config.CALLBACK_ALLOWED_PORTS,
    resolve,
  });
}

/** The API side of webhook batches, built by the composition root (src/wiring.ts) on the process's queues. */
export function createBatchService(input: {
  config: Config;
  logger: Logger;
  db: Database;
  queues: BatchQueues;
  log: EventLog;
  resolve?: Resolver;
}): BatchService {
  const { config } = input;
  return new BatchService({
    store: new BatchStore(input.db),
    queues: input.queues,
    log: input.log,
    guard: callbackGuard(config, input.resolve),
    logger: input.logger,
    prefix: config.REDIS_PREFIX,
  });
}
