import { DelayedError, UnrecoverableError, Worker } from 'bullmq';
import type { RedisClient } from '../bus/redis-connection.js';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { bullPrefix, type GenerationQueue } from '../queue/generation-queue.js';
import {
  BATCH_QUEUE,
  type BatchQueues,
  CALLBACK_BACKOFF,
  CALLBACK_QUEUE,
  type BatchJobData,
  type CallbackJobData,
} from './batch-queue.js';
import { recheckDelayMs, settleBatch } from './batch-processor.js';
import type { BatchStore } from './batch-store.js';
import { attemptDelivery, type OnDelivery } from './callback-delivery.js';
import { nextDelayMs } from './retry-schedule.js';
import type { CallbackGuard } from './ssrf-guard.js';
import type { Dispatcher } from 'undici';

// BullMQ wiring of the two batch queues: `batches` (flow parents: settle a finished batch) and
// `callbacks` (deliver its result, retried on the configured schedule). The stores, queues and the SSRF
// guard are built by the composition root (src/wiring.ts), which closes them; this only starts workers.

export interface BatchWorkerDeps {
  config: Config;
  logger: Logger;
  /** BullMQ connection (`maxRetriesPerRequest: null`); workers block on duplicates of it. */
  connection: RedisClient;
  store: BatchStore;
  queues: BatchQueues;
  /** A batch settles once its generations have: the generation queue tells which are still alive. */
  generationQueue: GenerationQueue;
  /** Checks every callback URL at connect time (the dispatcher it makes is this worker's to close). */
  guard: CallbackGuard;
  onDelivery?: OnDelivery | undefined;
}

export interface BatchWorkersHandle {
  close(): Promise<void>;
}

/** A failed attempt that is to be retried, carrying the receiver's Retry-After to the backoff. */
class CallbackRetryError extends Error {
  override name = 'CallbackRetryError';
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
  }
}

export async function startBatchWorkers(deps: BatchWorkerDeps): Promise<BatchWorkersHandle> {
  const { config, logger } = deps;
  const dispatcher = deps.guard.createAgent({ connectTimeoutMs: config.CALLBACK_TIMEOUT_MS });
  if (!config.CALLBACK_SIGNING_SECRET)
    logger.warn('CALLBACK_SIGNING_SECRET is not set: batch callbacks cannot be delivered');
  const workers = [batchWorker(deps), callbackWorker(deps, dispatcher)];
  for (const worker of workers) {
    worker.on('error', (error) => logger.error({ err: error, queue: worker.name }, 'batch worker error'));
  }
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  logger.info('batch and callback workers ready');

  return {
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await dispatcher.close();
    },
  };
}

/** Flow parents: settles a batch once its generations have ended, looking again later while some live. */
function batchWorker(deps: BatchWorkerDeps): Worker<BatchJobData> {
  const { config, logger, connection, store, queues, generationQueue } = deps;
  return new Worker<BatchJobData>(
    BATCH_QUEUE,
    async (job, token) => {
      const result = await settleBatch(job.data.batchId, { store, queues, generationQueue, logger });
      if (result.done) return result.status;
      // Generations still alive (paused, resumed): look again later without holding a worker slot.
      const checks = (job.data.checks ?? 0) + 1;
      await job.updateData({ ...job.data, checks });
      await job.moveToDelayed(Date.now() + recheckDelayMs(checks), token);
      throw new DelayedError();
    },
    { connection, prefix: bullPrefix(config.REDIS_PREFIX), concurrency: 10 },
  );
}

/** Callback deliveries: one signed POST per attempt, retried on the configured schedule (or Retry-After). */
function callbackWorker(deps: BatchWorkerDeps, dispatcher: Dispatcher): Worker<CallbackJobData> {
  const { config, logger, connection, store } = deps;
  const schedule = config.CALLBACK_RETRY_DELAYS_MS;
  return new Worker<CallbackJobData>(
    CALLBACK_QUEUE,
    async (job) => {
      const attempt = job.attemptsMade + 1;
      const isLast = attempt >= (job.opts.attempts ?? 1);
      const result = await attemptDelivery(job.data.batchId, attempt, isLast, {
        store,
        dispatcher,
        signingSecret: config.CALLBACK_SIGNING_SECRET,
        retrySchedule: schedule,
        timeoutMs: config.CALLBACK_TIMEOUT_MS,
        logger,
        onDelivery: deps.onDelivery,
      });
      if (!result) throw new UnrecoverableError(`batch ${job.data.batchId} not found`);
      if (result.outcome === 'delivered') return result.statusCode;
      if (result.outcome === 'retry')
        throw new CallbackRetryError(result.error ?? 'callback failed', result.retryAfterMs);
      // gone (410), refused (SSRF guard), failed (last attempt or not configured): no more attempts.
      throw new UnrecoverableError(result.error ?? result.outcome);
    },
    {
      connection,
      prefix: bullPrefix(config.REDIS_PREFIX),
      // Each attempt waits on a remote server for up to CALLBACK_TIMEOUT_MS: I/O, not CPU.
      concurrency: 20,
      lockDuration: Math.max(30_000, config.CALLBACK_TIMEOUT_MS * 2),
      settings: {
        backoffStrategy: (attemptsMade, type, error) => {
          if (type !== CALLBACK_BACKOFF) return -1;
          const retryAfter = error instanceof CallbackRetryError ? error.retryAfterMs : undefined;
          return nextDelayMs(schedule, attemptsMade, retryAfter) ?? -1;
        },
      },
    },
  );
}
