import { DelayedError, Worker } from 'bullmq';
import type { RedisClient } from '../bus/redis-connection.js';
import type { Logger } from 'pino';
import type { StopListener } from '../bus/control.js';
import type { EventLog } from '../bus/event-log.js';
import type { Config } from '../config.js';
import type { GenerationStore } from '../db/generation-store.js';
import type { LlmClient } from '../llm/llm-client.js';
import {
  bullPrefix,
  GENERATION_QUEUE,
  JOB_ATTEMPTS,
  type GenerationJobData,
  type GenerationQueue,
} from '../queue/generation-queue.js';
import type { RunSettings } from './generation-run.js';
import { failAbandoned, processGeneration, type ProcessorDeps } from './processor.js';
import { publicReason } from './run-failures.js';
import type { Metrics } from '../metrics/metrics.js';
import { startMetricsServer } from '../metrics/metrics-server.js';
import { metricsAccessSettings } from '../metrics/metrics-access.js';
import type { SuggestionStore } from '../db/suggestion-store.js';
import { startSuggestionWorker } from './suggestion-worker.js';
import type { ModelMeters } from './model-meter.js';
import { sayReason } from '../domain/run-reasons.js';

export interface WorkerDeps {
  config: Config;
  logger: Logger;
  /** For BullMQ: it blocks on its own duplicate of it, so it needs `maxRetriesPerRequest: null`. */
  bullConnection: RedisClient;
  /** The event log the runs append to (on the process's auto-pipelined `appends` connection). */
  log: EventLog;
  /** Stop requests (pause, cancel) for the generations this process runs; started with the worker. */
  stops: StopListener;
  /** The generation queue: only to rate-limit it when the provider answers 429. */
  queue: GenerationQueue;
  store: GenerationStore;
  /** The model's suggestions for drafts at rest, answered beside the runs (src/worker/suggestion-job.ts). */
  suggestions: SuggestionStore;
  llm: LlmClient;
  /** Budgets and usage of model calls: each run's client is metered (src/worker/model-meter.ts). */
  meters?: ModelMeters;
  /** Prometheus series; served on WORKER_METRICS_PORT when set. */
  metrics?: Metrics;
}

export interface WorkerHandle {
  close(): Promise<void>;
}

export function runSettings(config: Config): RunSettings {
  return {
    stallMs: config.STREAM_STALL_MS,
    chunkSections: config.CHUNK_SECTIONS,
    streamAttempts: 3,
    chunkAttempts: 5,
    backoffMs: (attempt) => Math.min(10_000, 250 * 2 ** attempt),
    // About a minute of backoff: a Postgres restart is waited out without asking the model again.
    checkpointAttempts: 10,
    frameMs: config.STREAM_FRAME_MS,
  };
}

/**
 * Starts the generation processor on BullMQ, listening to stop requests, and the suggestion worker
 * beside it. Everything it uses was built by the composition root (src/wiring.ts), which closes it.
 */
export async function startWorker(deps: WorkerDeps): Promise<WorkerHandle> {
  const { config, logger, log, queue } = deps;
  await deps.stops.start();
  const processorDeps: ProcessorDeps = {
    store: deps.store,
    log,
    llm: deps.llm,
    logger,
    settings: runSettings(config),
    // Used only to rate-limit the whole queue when the provider answers 429.
    onRateLimited: (ms: number) => {
      queue.rateLimit(ms).catch((error: unknown) => logger.warn({ err: error }, 'could not rate-limit the queue'));
    },
    metrics: deps.metrics,
    meters: deps.meters,
  };
  // Aborted when the shutdown grace period is over: running generations are handed back.
  const shutdown = new AbortController();
  const worker = generationWorker(deps, processorDeps, shutdown.signal);
  await worker.waitUntilReady();
  const suggestionWorker = await startSuggestionWorker({ ...deps, log, shutdown: shutdown.signal });
  const metricsServer =
    deps.metrics && config.WORKER_METRICS_PORT !== undefined
      ? await startMetricsServer(
          deps.metrics.registry,
          config.WORKER_METRICS_PORT,
          metricsAccessSettings(config),
          config.HOST,
        )
      : undefined;
  logger.info({ concurrency: config.WORKER_CONCURRENCY, lockMs: config.JOB_LOCK_MS }, 'worker ready');

  return {
    /**
     * Stops taking jobs, lets running generations finish for up to SHUTDOWN_GRACE_MS, then hands
     * the rest back to the queue.
     */
    async close() {
      const closing = Promise.all([worker.close(), suggestionWorker.close()]);
      const grace = setTimeout(() => shutdown.abort(new Error('worker shutting down')), config.SHUTDOWN_GRACE_MS);
      await closing;
      clearTimeout(grace);
      await metricsServer?.close();
    },
  };
}

/** The BullMQ worker of the generation queue: each job is one turn of processGeneration. */
// Long for its event handlers (failed, stalled, error), each a few lines, which belong to this worker.
function generationWorker(
  deps: WorkerDeps,
  processorDeps: ProcessorDeps,
  shutdown: AbortSignal,
): Worker<GenerationJobData> {
  const { config, logger, stops } = deps;
  const worker = new Worker<GenerationJobData>(
    GENERATION_QUEUE,
    async (job, token, signal) => {
      const stop = stops.register({ generationId: job.data.generationId, run: job.data.run });
      try {
        const signals = [stop.signal, shutdown, ...(signal ? [signal] : [])];
        const isLastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? JOB_ATTEMPTS);
        deps.metrics?.jobStarted(job);
        const outcome = await processGeneration(
          { data: job.data, isLastAttempt },
          AbortSignal.any(signals),
          processorDeps,
        );
        deps.metrics?.runEnded(outcome);
        return outcome;
      } catch (error) {
        deps.metrics?.runEnded(shutdown.aborted ? 'stopped' : 'error');
        if (!shutdown.aborted) throw error;
        // Back to the queue without spending an attempt: another worker continues after the last checkpoint.
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      } finally {
        stop.release();
      }
    },
    {
      connection: deps.bullConnection,
      prefix: bullPrefix(config.REDIS_PREFIX),
      concurrency: config.WORKER_CONCURRENCY,
      lockDuration: config.JOB_LOCK_MS,
      // A killed worker's job is taken over when its lock expires and the next stalled check runs.
      stalledInterval: Math.min(config.JOB_LOCK_MS, 30_000),
      // Takeover after a kill is the normal path, so allow many; the limit only stops a job that
      // keeps killing its workers (then failAbandoned marks its generation failed).
      maxStalledCount: 50,
      // Only so that queue.rateLimit() (on a 429) is obeyed: BullMQ checks the limit when a max is set.
      limiter: { max: 10_000, duration: 1000 },
    },
  );
  worker.on('failed', (job, error) => {
    logger.warn({ jobId: job?.id, err: error }, 'job attempt failed');
    if (!job) return;
    // Given up for good (attempts spent, or stalled past maxStalledCount): no generation may stay running.
    job
      .isFailed()
      .then((final) =>
        final
          ? failAbandoned(job.data, sayReason('abandoned', { reason: publicReason(error) }), processorDeps)
          : undefined,
      )
      .catch((err: unknown) => logger.error({ jobId: job.id, err }, 'could not fail an abandoned generation'));
  });
  worker.on('error', (error) => logger.error({ err: error }, 'worker error'));
  return worker;
}
