import type { Logger } from 'pino';
import { whileHoldingLock } from '../db/advisory-lock.js';
import type { DatabaseHandle } from '../db/client.js';
import type { RecoveryPass } from '../generations/reconciler.js';

export interface ReconcilerDeps {
  database: DatabaseHandle;
  logger: Logger;
  /** REDIS_PREFIX: one reconciler at a time per deployment (the advisory lock's name). */
  prefix: string;
  /** RECONCILE_INTERVAL_MS: the pause between two passes. */
  intervalMs: number;
  /** What each pass checks, in order (generations first, so a batch's parent finds them moving). */
  passes: RecoveryPass[];
}

export interface ReconcilerHandle {
  /** One pass now, if no other process is making one; false when another one was. */
  runOnce(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Runs the reconciler's passes every `intervalMs` in this worker process, under a Postgres advisory
 * lock: every worker process starts one, and at any moment at most one of them acts; the others find
 * the lock taken and wait for the next interval. A pass that fails (Postgres or Redis down) is
 * logged and tried again at the next interval.
 */
export function startReconciler(deps: ReconcilerDeps): ReconcilerHandle {
  const { logger } = deps;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  let closed = false;

  const pass = async (): Promise<boolean> => {
    const outcome = await whileHoldingLock(deps.database, `cg-reconciler:${deps.prefix}`, async () => {
      for (const p of deps.passes) {
        const counts = await p.run();
        if (counts.requeued + counts.failed > 0) logger.info({ pass: p.name, ...counts }, 'reconciler pass');
      }
    });
    return outcome.ran;
  };
  const runOnce = () => {
    const run = current.then(pass);
    current = run.catch(() => {});
    return run;
  };
  const schedule = () => {
    if (closed) return;
    timer = setTimeout(() => {
      runOnce()
        .catch((error: unknown) =>
          logger.warn({ err: (error as Error).message }, 'reconciler pass failed; next one at the next interval'),
        )
        .finally(schedule);
    }, deps.intervalMs);
  };
  schedule();
  logger.info({ intervalMs: deps.intervalMs }, 'reconciler started');

  return {
    runOnce,
    async close() {
      closed = true;
      clearTimeout(timer);
      await current;
    },
  };
}
