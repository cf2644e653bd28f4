import type { Logger } from 'pino';
import { FINAL_STATUSES, isIn } from '../domain/statuses.js';
import { hasLiveJob, type GenerationQueue } from '../queue/generation-queue.js';
import type { BatchQueues } from './batch-queue.js';
import type { BatchItem, BatchStatus, BatchStore } from './batch-store.js';

// The parent job of a batch flow. BullMQ runs it once every child generation job has ended. A child
// job ending does not always mean its generation did: someone may have paused it (it ends
// 'stopped' and stays paused until resumed) or resumed it (a new run, a new job outside the flow).
// So the parent checks the generations themselves and, while some are still alive, looks again
// later (the job is moved to delayed; no timer, nothing lost on a restart).

/** After this long a batch is settled with whatever its generations reached (a forgotten pause). */
const BATCH_MAX_WAIT_MS = 24 * 3600 * 1000;
/** A non-final generation with no live job and untouched for this long is counted as failed. */
const LOST_GENERATION_GRACE_MS = 60_000;

export interface BatchProcessorDeps {
  store: BatchStore;
  queues: BatchQueues;
  generationQueue: GenerationQueue;
  logger: Logger;
}

export type SettleResult = { done: true; status: BatchStatus | 'missing' } | { done: false; waitingFor: number };

/** Delay before looking again, after `checks` looks found generations still alive. */
export const recheckDelayMs = (checks: number) => Math.min(60_000, 500 * 2 ** Math.min(checks, 7));

function batchStatusOf(items: readonly Pick<BatchItem, 'status'>[]): Exclude<BatchStatus, 'running'> {
  const completed = items.filter((i) => i.status === 'completed').length;
  if (completed === items.length) return 'completed';
  return completed === 0 ? 'failed' : 'partial';
}

/** Settles a batch whose child jobs have all ended: records its status and queues the callback. */
export async function settleBatch(batchId: string, deps: BatchProcessorDeps, now = Date.now()): Promise<SettleResult> {
  const { store, queues } = deps;
  const batch = await store.find(batchId);
  if (!batch) return { done: true, status: 'missing' };
  if (batch.status === 'running') {
    const items = await store.items(batchId);
    if (now - batch.createdAt.getTime() < BATCH_MAX_WAIT_MS) {
      const alive = await Promise.all(items.map((item) => isAlive(item, deps, now)));
      const waitingFor = alive.filter(Boolean).length;
      if (waitingFor > 0) return { done: false, waitingFor };
    }
    await store.finish(batchId, batchStatusOf(items));
  }
  // Also when the status was already recorded: a retry of this job after a crash between the two.
  await queues.enqueueCallback(batchId);
  const settled = await store.find(batchId);
  deps.logger.info({ batchId, status: settled?.status }, 'batch finished');
  return { done: true, status: settled?.status ?? 'failed' };
}

/** Whether a generation may still reach a final status without anyone's help but its own. */
async function isAlive(item: BatchItem, deps: BatchProcessorDeps, now: number): Promise<boolean> {
  if (isIn(FINAL_STATUSES, item.status)) return false;
  if (item.status === 'paused') return true;
  if (now - item.updatedAt.getTime() < LOST_GENERATION_GRACE_MS) return true;
  return hasLiveJob(deps.generationQueue, { generationId: item.generationId, run: item.run });
}
