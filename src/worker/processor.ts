import { FencedError, type EventLog } from '../bus/event-log.js';
import { failRun, takeOwnership } from '../generations/ownership.js';
import { ACTIVE_STATUSES } from '../domain/statuses.js';
import type { GenerationJobData } from '../queue/generation-queue.js';
import { GenerationRun, type RunDeps } from './generation-run.js';
import { FatalRunError, publicReason, StorageError } from './run-failures.js';
import { runBudgetKey } from '../domain/model-calls.js';
import type { ModelMeters, RunMeter } from './model-meter.js';

export interface ProcessorDeps extends RunDeps {
  log: EventLog;
  /** Meters each run's model calls against its budget (absent: calls are neither counted nor limited). */
  meters?: ModelMeters | undefined;
}

export interface JobAttempt {
  data: GenerationJobData;
  /** True on the job's last allowed attempt: a failure then is final for the generation. */
  isLastAttempt: boolean;
}

export type ProcessOutcome = 'completed' | 'failed' | 'stopped' | 'skipped';

/**
 * Processes one generation job. A plain function of the job and its dependencies; BullMQ wiring
 * lives in src/worker/index.ts. `signal` aborts on cancel, pause, fencing or shutdown.
 */
export async function processGeneration(
  attempt: JobAttempt,
  signal: AbortSignal,
  deps: ProcessorDeps,
): Promise<ProcessOutcome> {
  const { generationId, run: runNumber } = attempt.data;
  const fenced = new AbortController();
  const runSignal = AbortSignal.any([signal, fenced.signal]);
  const owner = await takeOwnership(
    deps.store,
    deps.log,
    generationId,
    { from: ACTIVE_STATUSES, run: runNumber, to: 'running' },
    { onFenced: () => fenced.abort(), signal: runSignal, frameMs: deps.settings.frameMs },
  );
  if (!owner) return 'skipped';
  const logger = deps.logger.child({ generationId, run: runNumber, token: owner.token });
  logger.info({ openSection: owner.openSection, regenerate: attempt.data.regenerate?.index }, 'run started');
  const { llm, meter } = meteredRun(attempt, owner.generation.quotaKey, deps, logger);
  const onRateLimited = (ms: number) => {
    // The owner's own per-minute limit holds this run only; a provider's 429 slows the whole queue.
    if (!meter?.takePacedRefusal()) deps.onRateLimited?.(ms);
  };
  const run = new GenerationRun(owner, { ...deps, logger, llm, onRateLimited }, runSignal);
  try {
    await run.execute(attempt.data.regenerate);
    logger.info('run completed');
    return 'completed';
  } catch (error) {
    if (error instanceof FencedError || runSignal.aborted) {
      // Cancel, pause and takeovers all raise the token before anything else, so a moved token
      // means someone else owns the generation now. Otherwise (shutdown) the job must run again.
      const latest = await deps.store.find(generationId);
      if (latest && latest.fence !== owner.token) {
        logger.info({ status: latest.status }, 'run stopped: generation taken over');
        return 'stopped';
      }
      throw error;
    }
    // A refused write would be refused again, and a run that spent its calls could make none: no use
    // running the job once more.
    const final =
      error instanceof FatalRunError ||
      (error instanceof StorageError && !error.retryable) ||
      meter?.spent === true ||
      attempt.isLastAttempt;
    if (final) {
      logger.error({ err: error }, 'generation failed');
      await run.fail(publicReason(error));
      return 'failed';
    }
    throw error;
  }
}

/** The run's model client: metered against a draft's budget, or a rewrite's when it rewrites a section. */
function meteredRun(
  attempt: JobAttempt,
  quotaKey: string,
  deps: ProcessorDeps,
  logger: ProcessorDeps['logger'],
): { llm: ProcessorDeps['llm']; meter: RunMeter | undefined } {
  if (!deps.meters) return { llm: deps.llm, meter: undefined };
  const { generationId, run, regenerate } = attempt.data;
  const kind = regenerate ? 'rewrite' : 'draft';
  return deps.meters.forRun(deps.llm, { generationId, runKey: runBudgetKey(run), quotaKey, kind }, logger);
}

/**
 * BullMQ gave up on a job outside the processor's own failure path (stalled too many times, or an
 * attempt that failed before the processor could mark the generation): fail the generation visibly
 * rather than leave it `streaming` with no job behind it.
 */
export async function failAbandoned(data: GenerationJobData, message: string, deps: ProcessorDeps): Promise<void> {
  if (!(await failRun(deps.store, deps.log, data.generationId, data.run, message))) return;
  deps.logger.error({ generationId: data.generationId, reason: message }, 'generation failed: its job was abandoned');
}
