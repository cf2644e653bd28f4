import type { RecoveryCounts, RecoveryPass, RecoverySettings } from '../generations/reconciler.js';
import { settleBatch, type BatchProcessorDeps } from './batch-processor.js';

// The reconciler's pass over webhook batches (src/generations/reconciler.ts does generations): a
// batch `running` with no live parent job (its flow lost with Redis's data, or the API gone between
// the commit and the flow add) gets its parent job again; the generations themselves are recovered
// by the generations pass, and the parent settles once they are final. After the bound the batch is
// settled with what its generations reached, so its callback still goes out.

export function batchRecoveryPass(deps: BatchProcessorDeps, settings: RecoverySettings): RecoveryPass {
  return { name: 'batches', run: () => recoverBatches(deps, settings) };
}

async function recoverBatches(deps: BatchProcessorDeps, settings: RecoverySettings): Promise<RecoveryCounts> {
  const { store, queues, logger } = deps;
  const rows = await store.runningUntouched(settings.prefix, settings.graceMs, settings.limit);
  const counts: RecoveryCounts = { checked: rows.length, requeued: 0, failed: 0 };
  for (const row of rows) {
    if (await queues.parentIsLive(row.id)) continue;
    if (row.recoveries >= settings.maxRecoveries) {
      // Past any wait: settled now, whatever its generations reached.
      const result = await settleBatch(row.id, deps, Number.POSITIVE_INFINITY);
      counts.failed += 1;
      logger.error(
        { batchId: row.id, recoveries: row.recoveries, status: result.done ? result.status : undefined },
        'reconciler: batch settled after its recoveries',
      );
      continue;
    }
    const recoveries = await store.recordRecovery(row.id);
    if (recoveries === undefined) continue;
    await queues.restartParent(row.id);
    await store.markEnqueued(row.id);
    counts.requeued += 1;
    logger.warn({ batchId: row.id, recoveries }, 'reconciler: batch had no live parent job, added again');
  }
  return counts;
}
