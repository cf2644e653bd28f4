import { Queue, type JobsOptions } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import type { SectionRewrite } from '../domain/versions.js';

export const GENERATION_QUEUE = 'generations';

/** What one job of the generation queue carries: which generation, and which of its runs. */
export interface GenerationJobData {
  generationId: string;
  /** The run this job belongs to: a job of an older run (before a pause, say) does nothing. */
  run: number;
  /** Rewrite this section first (with the user's instruction), then finish any missing ones. */
  regenerate?: SectionRewrite;
}

/** BullMQ keys get a `{…}` hash tag so the queue also runs on Redis Cluster. */
export const bullPrefix = (prefix: string) => `{${prefix}-bull}`;

/**
 * Attempts of one job: a stall (worker killed) does not count, an error does (Postgres or the model
 * failing past a run's own retries). Backoff 0.5 s doubling: the last attempt starts about a minute in.
 */
export const JOB_ATTEMPTS = 8;

/** One job per run of a generation; re-adding the same run is a no-op (idempotent by id and run). */
export const jobIdFor = (data: GenerationJobData) => `${data.generationId}-r${data.run}`;

export const JOB_OPTIONS: JobsOptions = {
  attempts: JOB_ATTEMPTS,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { age: 3600, count: 5000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export type GenerationQueue = Queue<GenerationJobData>;

/**
 * BullMQ re-emits its connection's errors and prints them to stderr when nobody listens. A lost
 * connection is already told by /readyz and the 503s, and the connection itself is heard in wiring.ts.
 */
export function quietConnectionErrors(
  ...emitters: { on(event: 'error', listener: (error: Error) => void): unknown }[]
): void {
  for (const emitter of emitters) emitter.on('error', () => {});
}

export function createGenerationQueue(connection: Redis | Cluster, prefix: string): GenerationQueue {
  const queue = new Queue<GenerationJobData>(GENERATION_QUEUE, { connection, prefix: bullPrefix(prefix) });
  quietConnectionErrors(queue);
  return queue;
}

export async function enqueueGeneration(queue: GenerationQueue, data: GenerationJobData): Promise<void> {
  await queue.add('generate', data, { ...JOB_OPTIONS, jobId: jobIdFor(data) });
}

/** Job states in which BullMQ will still run (or is running) the job. */
export const LIVE_JOB_STATES: ReadonlySet<string> = new Set([
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
]);

/** Whether BullMQ holds a job of this run that it will run or is running. */
export async function hasLiveJob(queue: GenerationQueue, data: GenerationJobData): Promise<boolean> {
  const job = await queue.getJob(jobIdFor(data));
  return job !== undefined && job !== null && LIVE_JOB_STATES.has(await job.getState());
}

/**
 * Adds a run's job again after it was lost. A finished job of the same id (completed, or failed for
 * good) would make the add a no-op, so it is removed first.
 */
export async function requeueGeneration(queue: GenerationQueue, data: GenerationJobData): Promise<void> {
  const job = await queue.getJob(jobIdFor(data));
  if (job && !LIVE_JOB_STATES.has(await job.getState())) await job.remove();
  await enqueueGeneration(queue, data);
}

/** Drops a run's job while it is still waiting; an active one is stopped by fencing instead. */
export async function removeWaitingJob(queue: GenerationQueue, data: GenerationJobData): Promise<void> {
  const job = await queue.getJob(jobIdFor(data));
  if (job && (await job.isWaiting())) await job.remove().catch(() => {});
}

/**
 * Removes the jobs of runs 1 to `runs` of a deleted generation, whatever their state: a finished job
 * keeps its data (a rewrite's instruction) for a while (JOB_OPTIONS), and nothing of a deleted draft
 * may stay. A job still locked by a worker cannot be removed; a deletion waits for runs to end.
 */
export async function removeRunJobs(queue: GenerationQueue, generationId: string, runs: number): Promise<void> {
  for (let run = 1; run <= runs; run++) await queue.remove(jobIdFor({ generationId, run })).catch(() => 0);
}
