import type { Logger } from 'pino';
import type { EventLog } from '../bus/event-log.js';
import type { GenerationStore } from '../db/generation-store.js';
import {
  hasLiveJob,
  requeueGeneration,
  type GenerationJobData,
  type GenerationQueue,
} from '../queue/generation-queue.js';
import { failRun } from './ownership.js';
import { sayReason } from '../domain/run-reasons.js';

// Postgres is the record; the queue and the logs in Redis can be lost, in part (a job BullMQ gave up
// on, a process that died between the insert and the job add) or whole (Redis restarted without
// persistence, a failover that dropped recent writes, a FLUSHALL). The reconciler compares the two:
// every active generation must have a live job for its current run; one that has none is given one
// again (job ids are per run, so adding twice is harmless), up to a bound, after which it fails with
// a stated reason. Its worker then rebuilds the log if it was lost (ownership.ts).

/** One kind of record the reconciler checks (generations here, webhook batches in src/webhooks). */
export interface RecoveryPass {
  name: string;
  run(): Promise<RecoveryCounts>;
}

export interface RecoveryCounts {
  /** Records looked at. */
  checked: number;
  /** Given a job again. */
  requeued: number;
  /** Given up on, after the bound. */
  failed: number;
}

export interface RecoverySettings {
  /** The deployment's REDIS_PREFIX: only its own rows, on its own queue. */
  prefix: string;
  /** A `queued` row younger than this may still be getting its job from the API. */
  graceMs: number;
  /** Re-enqueues of one run before it is failed. */
  maxRecoveries: number;
  /** Rows looked at per pass (the oldest first); the rest wait for the next pass. */
  limit: number;
}

export interface GenerationRecoveryDeps {
  store: GenerationStore;
  log: EventLog;
  queue: GenerationQueue;
  logger: Logger;
}

export const lostReason = (recoveries: number) => sayReason(recoveries === 1 ? 'lostOnce' : 'lost', { recoveries });

export function generationRecoveryPass(deps: GenerationRecoveryDeps, settings: RecoverySettings): RecoveryPass {
  return { name: 'generations', run: () => recoverGenerations(deps, settings) };
}

async function recoverGenerations(deps: GenerationRecoveryDeps, settings: RecoverySettings): Promise<RecoveryCounts> {
  const { store, queue, logger } = deps;
  const rows = await store.activeUntouched(settings.prefix, settings.graceMs, settings.limit);
  const counts: RecoveryCounts = { checked: rows.length, requeued: 0, failed: 0 };
  for (const row of rows) {
    const data: GenerationJobData = {
      generationId: row.id,
      run: row.run,
      ...(row.regenerate ? { regenerate: row.regenerate } : {}),
    };
    if (await hasLiveJob(queue, data)) continue;
    if (row.recoveries >= settings.maxRecoveries) {
      const reason = lostReason(row.recoveries);
      if (await failRun(store, deps.log, row.id, row.run, reason)) {
        counts.failed += 1;
        logger.error(
          { generationId: row.id, run: row.run, recoveries: row.recoveries },
          'reconciler: generation failed, no job after its recoveries',
        );
      }
      continue;
    }
    // Counted first: a crash right after adding cannot make the bound unreachable.
    const recoveries = await store.recordRecovery(row.id, row.run);
    if (recoveries === undefined) continue; // moved on meanwhile (completed, paused, a new run)
    await requeueGeneration(queue, data);
    counts.requeued += 1;
    logger.warn(
      { generationId: row.id, run: row.run, status: row.status, recoveries },
      'reconciler: generation had no live job, enqueued again',
    );
  }
  return counts;
}
