import { Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { EventLog } from '../bus/event-log.js';
import type { RedisClient } from '../bus/redis-connection.js';
import type { Config } from '../config.js';
import type { GenerationStore } from '../db/generation-store.js';
import type { SuggestionStore } from '../db/suggestion-store.js';
import type { LlmClient } from '../llm/llm-client.js';
import { bullPrefix } from '../queue/generation-queue.js';
import { SUGGESTION_QUEUE, type SuggestionJobData } from '../queue/suggestion-queue.js';
import { processSuggestions, type SuggestionJobDeps } from './suggestion-job.js';
import type { ModelMeters } from './model-meter.js';
import type { Metrics } from '../metrics/metrics.js';

export interface SuggestionWorkerDeps {
  config: Config;
  logger: Logger;
  bullConnection: RedisClient;
  store: GenerationStore;
  suggestions: SuggestionStore;
  log: EventLog;
  llm: LlmClient;
  meters?: ModelMeters | undefined;
  metrics?: Metrics | undefined;
  /** Aborted when the shutdown grace period is over: a running request is handed back to the queue. */
  shutdown: AbortSignal;
}

/** Wires the suggestion job to its BullMQ queue; started beside the generation worker. */
export async function startSuggestionWorker(deps: SuggestionWorkerDeps): Promise<Worker<SuggestionJobData>> {
  const { config, logger } = deps;
  const jobDeps: SuggestionJobDeps = {
    store: deps.store,
    suggestions: deps.suggestions,
    log: deps.log,
    llm: deps.llm,
    meters: deps.meters,
    metrics: deps.metrics,
    logger,
    settings: {
      stallMs: config.STREAM_STALL_MS,
      frameMs: config.STREAM_FRAME_MS,
      attempts: 2,
      backoffMs: (attempt) => Math.min(5_000, 500 * 2 ** attempt),
    },
  };
  const worker = new Worker<SuggestionJobData>(
    SUGGESTION_QUEUE,
    async (job, _token, signal) =>
      // A job added before requests were named is named by its creation time (the same for its attempts).
      processSuggestions(
        { requestId: String(job.timestamp), ...job.data },
        AbortSignal.any([deps.shutdown, ...(signal ? [signal] : [])]),
        jobDeps,
        {
          last: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
        },
      ),
    {
      connection: deps.bullConnection,
      prefix: bullPrefix(config.REDIS_PREFIX),
      concurrency: config.WORKER_CONCURRENCY,
      lockDuration: config.JOB_LOCK_MS,
      stalledInterval: Math.min(config.JOB_LOCK_MS, 30_000),
    },
  );
  worker.on('failed', (job, error) => logger.warn({ jobId: job?.id, err: error }, 'suggestion job attempt failed'));
  worker.on('error', (error) => logger.error({ err: error }, 'suggestion worker error'));
  await worker.waitUntilReady();
  return worker;
}
