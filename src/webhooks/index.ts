import type { RedisClient } from '../bus/redis-connection.js';
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

/** The API side of webhook batches, built by the composition root (src/wiring.ts). */
export function createBatchService(input: {
  config: Config;
  logger: Logger;
  redis: RedisClient;
  db: Database;
  log: EventLog;
  resolve?: Resolver;
}): BatchService {
  const { config } = input;
  return new BatchService({
    store: new BatchStore(input.db),
    queues: new BatchQueues(input.redis, config.REDIS_PREFIX, config.CALLBACK_RETRY_DELAYS_MS),
    log: input.log,
    guard: new CallbackGuard({
      allowPrivate: config.CALLBACK_ALLOW_PRIVATE,
      allowedPorts: config.CALLBACK_ALLOWED_PORTS,
      resolve: input.resolve,
    }),
    logger: input.logger,
    prefix: config.REDIS_PREFIX,
  });
}
