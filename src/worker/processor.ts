import type { Logger } from 'pino';
import { FencedError, type EventLog } from '../bus/event-log.js';
import type { GenerationStore } from '../db/generation-store.js';
import { endRun, takeOwnership } from '../generations/ownership.js';
import type { LlmClient } from '../llm/llm-client.js';
import { FatalRunError, GenerationRun, type RunSettings } from './generation-run.js';

export interface GenerationJobData {
  generationId: string;
  /** The run this job belongs to: a job of an older run (before a pause, say) does nothing. */
  run: number;
  /** Rewrite this section first (with the user's instruction), then finish any missing ones. */
  regenerate?: { index: number; instruction?: string };
}

export interface ProcessorDeps {
  store: GenerationStore;
  log: EventLog;
  llm: LlmClient;
  logger: Logger;
  settings: RunSettings;
}

export interface JobAttempt {
  data: GenerationJobData;
  /** True on the job's last allowed attempt: a failure then is final for the generation. */
  isLastAttempt: boolean;
}

export type ProcessOutcome = 'completed' | 'failed' | 'stopped' | 'skipped';

/** Statuses in which a worker may (re)start a generation. */
const RUNNABLE = ['queued', 'streaming', 'chunked'] as const;

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
    { from: RUNNABLE, run: runNumber, to: 'running' },
    { onFenced: () => fenced.abort(), signal: runSignal },
  );
  if (!owner) return 'skipped';
  const logger = deps.logger.child({ generationId, run: runNumber, token: owner.token });
  logger.info({ openSection: owner.openSection, regenerate: attempt.data.regenerate?.index }, 'run started');
  const run = new GenerationRun(owner, { ...deps, logger }, runSignal);
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
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof FatalRunError || attempt.isLastAttempt) {
      logger.error({ err: message }, 'generation failed');
      await run.fail(message);
      return 'failed';
    }
    throw error;
  }
}

/**
 * BullMQ gave up on a job outside the processor's own failure path (stalled too many times, or an
 * attempt that failed before the processor could mark the generation): fail the generation visibly
 * rather than leave it `streaming` with no job behind it.
 */
export async function failAbandoned(data: GenerationJobData, message: string, deps: ProcessorDeps): Promise<void> {
  const owner = await takeOwnership(deps.store, deps.log, data.generationId, { from: RUNNABLE, run: data.run, to: 'failed' });
  if (!owner) return;
  if (owner.openSection > 0) owner.writer.push({ type: 'reset', section: owner.openSection });
  owner.writer.push({ type: 'error', message });
  await endRun(deps.store, owner, { status: 'failed', mode: owner.generation.mode, error: message });
  deps.logger.error({ generationId: data.generationId, err: message }, 'generation failed: its job was abandoned');
}
