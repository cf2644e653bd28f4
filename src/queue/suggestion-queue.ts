import { randomUUID } from 'node:crypto';
import { Queue, type JobsOptions } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import { bullPrefix, LIVE_JOB_STATES, quietConnectionErrors } from './generation-queue.js';

// The queue of suggestion requests: the API adds a job, a worker asks the model (the API never calls
// it) and appends what it proposes to the draft's log (src/worker/suggestion-job.ts). A queue of its
// own, not a kind of generation job: a request changes no status and starts no run, so the
// generation queue's runs, reconciler and abandoned-job handling stay about runs only.

export const SUGGESTION_QUEUE = 'suggestions';

export interface SuggestionJobData {
  generationId: string;
  /** Review this section only; absent: the whole draft. */
  section?: number;
  /** Names this request (its model-call budget), the same for all its job attempts. */
  requestId?: string;
}

export type SuggestionQueue = Queue<SuggestionJobData>;

/** One request at a time per draft: the job id is the draft's, and a finished job is removed at once. */
const suggestionJobId = (generationId: string) => `${generationId}-suggest`;

/**
 * A crashed or shut-down worker's request is taken over (the next attempt takes the fence again, and
 * the store does not keep a suggestion twice); a model failure is told in `suggestions_end`, not retried here.
 */
const SUGGESTION_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: true,
  removeOnFail: true,
};

export function createSuggestionQueue(connection: Redis | Cluster, prefix: string): SuggestionQueue {
  const queue = new Queue<SuggestionJobData>(SUGGESTION_QUEUE, { connection, prefix: bullPrefix(prefix) });
  quietConnectionErrors(queue);
  return queue;
}

/** True while a request for this draft is waiting or running. */
export async function hasPendingSuggestions(queue: SuggestionQueue, generationId: string): Promise<boolean> {
  const job = await queue.getJob(suggestionJobId(generationId));
  return job !== undefined && job !== null && LIVE_JOB_STATES.has(await job.getState());
}

/** Adds a request; false when one for this draft is still waiting or running. */
export async function enqueueSuggestions(queue: SuggestionQueue, data: SuggestionJobData): Promise<boolean> {
  const jobId = suggestionJobId(data.generationId);
  const existing = await queue.getJob(jobId);
  if (existing && LIVE_JOB_STATES.has(await existing.getState())) return false;
  if (existing) await existing.remove().catch(() => {});
  await queue.add('suggest', { requestId: randomUUID(), ...data }, { ...SUGGESTION_JOB_OPTIONS, jobId });
  return true;
}
