import { FlowProducer, Queue, type JobsOptions } from 'bullmq';
import type { RedisClient } from '../bus/redis-connection.js';
import {
  bullPrefix,
  GENERATION_QUEUE,
  JOB_OPTIONS,
  jobIdFor,
  LIVE_JOB_STATES,
  quietConnectionErrors,
  type GenerationJobData,
} from '../queue/generation-queue.js';
import { attemptsFor } from './retry-schedule.js';

// A batch runs as a BullMQ flow: a parent job in the `batches` queue whose children are ordinary
// generation jobs in the `generations` queue (same ids, options and data as a single generation's,
// so the existing worker runs them). The parent runs once every child has ended and hands the
// result to a job in the `callbacks` queue, which delivers it with retries over hours.

export const BATCH_QUEUE = 'batches';
export const CALLBACK_QUEUE = 'callbacks';
/** The custom backoff of callback jobs: the configured schedule, stretched by Retry-After. */
export const CALLBACK_BACKOFF = 'callback-schedule';

export interface BatchJobData {
  batchId: string;
  /** How many times the parent found generations still running (paused, resumed) and waited. */
  checks?: number;
}

export interface CallbackJobData {
  batchId: string;
}

const DAY_SEC = 24 * 3600;

const BATCH_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 7 * DAY_SEC },
  removeOnFail: { age: 30 * DAY_SEC },
};

const callbackJobId = (batchId: string) => `${batchId}-callback`;

/** Queue handles used to start batches and deliver their callbacks. */
export class BatchQueues {
  readonly flows: FlowProducer;
  readonly callbacks: Queue<CallbackJobData>;
  readonly batches: Queue<BatchJobData>;

  constructor(
    connection: RedisClient,
    prefix: string,
    private readonly retrySchedule: readonly number[],
  ) {
    const bull = bullPrefix(prefix);
    this.flows = new FlowProducer({ connection, prefix: bull });
    this.callbacks = new Queue<CallbackJobData>(CALLBACK_QUEUE, { connection, prefix: bull });
    this.batches = new Queue<BatchJobData>(BATCH_QUEUE, { connection, prefix: bull });
    quietConnectionErrors(this.flows, this.callbacks, this.batches);
  }

  /**
   * Adds the batch's flow. Idempotent: every job has a fixed id, and BullMQ keeps an existing job
   * (attaching it to the same parent) when the flow is added again after a crash or a race.
   */
  async startBatch(batchId: string, generationIds: readonly string[]): Promise<void> {
    await this.flows.add({
      name: 'batch',
      queueName: BATCH_QUEUE,
      data: { batchId } satisfies BatchJobData,
      opts: { ...BATCH_JOB_OPTIONS, jobId: batchId },
      children: generationIds.map((generationId) => {
        const data: GenerationJobData = { generationId, run: 1 };
        return {
          name: 'generate',
          queueName: GENERATION_QUEUE,
          data,
          // The processor marks a generation failed itself on its last attempt and completes; a job
          // that still fails for good (say, Postgres down at that moment) must not keep the batch
          // waiting forever: it is moved to the parent's failed dependencies and the parent runs.
          opts: { ...JOB_OPTIONS, jobId: jobIdFor(data), ignoreDependencyOnFailure: true },
        };
      }),
    });
  }

  /**
   * Adds a batch's parent job alone, after its flow was lost (it settles by reading its generations'
   * statuses, so it needs no children). A finished job of the same id is removed first.
   */
  async restartParent(batchId: string): Promise<void> {
    const job = await this.batches.getJob(batchId);
    if (job && !LIVE_JOB_STATES.has(await job.getState())) await job.remove();
    await this.batches.add('batch', { batchId }, { ...BATCH_JOB_OPTIONS, jobId: batchId });
  }

  /** Whether the batch's parent job is still to run (or running, or waiting for its children). */
  async parentIsLive(batchId: string): Promise<boolean> {
    const job = await this.batches.getJob(batchId);
    return job !== undefined && job !== null && LIVE_JOB_STATES.has(await job.getState());
  }

  /** Queues the callback of a finished batch (once: the job id is the batch's). */
  async enqueueCallback(batchId: string): Promise<void> {
    await this.callbacks.add(
      'deliver',
      { batchId },
      {
        jobId: callbackJobId(batchId),
        attempts: attemptsFor(this.retrySchedule),
        backoff: { type: CALLBACK_BACKOFF },
        removeOnComplete: { age: 7 * DAY_SEC },
        removeOnFail: { age: 30 * DAY_SEC },
      },
    );
  }

  async close(): Promise<void> {
    await Promise.all([this.flows.close(), this.callbacks.close(), this.batches.close()]);
  }
}
