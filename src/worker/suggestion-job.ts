import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { FencedError, type EventLog } from '../bus/event-log.js';
import type { GenerationStore } from '../db/generation-store.js';
import type { SuggestionStore } from '../db/suggestion-store.js';
import { documentOf } from '../domain/outlines.js';
import { RESTING_STATUSES } from '../domain/statuses.js';
import { buildSuggestionMessages } from '../domain/suggestion-prompt.js';
import { SuggestionReader, type ProposedSuggestion } from '../domain/suggestion-reader.js';
import { SUGGESTION_LIMITS } from '../domain/suggestions.js';
import { endRun, takeOwnership, type Ownership } from '../generations/ownership.js';
import type { LlmClient } from '../llm/llm-client.js';
import type { SuggestionJobData } from '../queue/suggestion-queue.js';
import { classifyLlmError, StallClock, TruncatedStreamError, type LlmFailure } from './llm-errors.js';
import { reviewBudgetKey } from '../domain/model-calls.js';
import type { ModelMeters } from './model-meter.js';
import type { Metrics } from '../metrics/metrics.js';
import { StorageError } from './run-failures.js';
import { databaseFailure } from '../db/errors.js';
import { sayReason } from '../domain/run-reasons.js';

export interface SuggestionJobDeps {
  store: GenerationStore;
  suggestions: SuggestionStore;
  log: EventLog;
  llm: LlmClient;
  logger: Logger;
  /** Meters the review's calls against MODEL_CALLS_PER_REVIEW (absent: not counted). */
  meters?: ModelMeters | undefined;
  metrics?: Metrics | undefined;
  settings: {
    stallMs: number;
    frameMs: number;
    /** Streamed calls tried while none has brought a suggestion yet. */
    attempts: number;
    backoffMs: (attempt: number) => number;
  };
}

export type SuggestionOutcome = 'completed' | 'skipped' | 'stopped';

/** The model stopped being read: enough suggestions, or too much output. */
class EnoughRead extends Error {
  override name = 'EnoughRead';
}

/**
 * Answers one suggestion request. A plain function of the job's data and its dependencies (BullMQ
 * wiring in src/worker/index.ts). It takes the draft's fence while the draft is at rest (no status
 * change), streams the model's JSON lines, stores and appends each valid suggestion as its line
 * ends, then `suggestions_end` and the run's end again with the status the draft had (as a restore
 * does). A command that takes the fence meanwhile (a rewrite, a restore) stops it: nothing more is
 * appended or stored. A model failure is told in `suggestions_end`, in fixed words.
 */
export async function processSuggestions(
  data: SuggestionJobData,
  signal: AbortSignal,
  deps: SuggestionJobDeps,
  attempt: { last: boolean } = { last: false },
): Promise<SuggestionOutcome> {
  const fenced = new AbortController();
  const jobSignal = AbortSignal.any([signal, fenced.signal]);
  const owner = await takeOwnership(
    deps.store,
    deps.log,
    data.generationId,
    { from: RESTING_STATUSES },
    { onFenced: () => fenced.abort(), signal: jobSignal, frameMs: deps.settings.frameMs },
  );
  if (!owner) return 'skipped';
  const logger = deps.logger.child({ generationId: data.generationId, token: owner.token, suggest: true });
  // One budget per request, whatever its job attempts (the request id comes with the job).
  const runKey = reviewBudgetKey(data.requestId ?? randomUUID());
  const quotaKey = owner.generation.quotaKey;
  const run = { generationId: data.generationId, runKey, quotaKey, kind: 'review' as const };
  const llm = deps.meters ? deps.meters.forRun(deps.llm, run, logger).llm : deps.llm;
  const end = async (count: number, error: string | undefined) => {
    owner.writer.push({
      type: 'suggestions_end',
      ...(data.section !== undefined ? { section: data.section } : {}),
      count,
      ...(error ? { error } : {}),
    });
    const { status, mode, error: failure } = owner.generation;
    await endRun(deps.store, owner, { status, mode, ...(failure ? { error: failure } : {}) });
  };
  let count = 0;
  try {
    const request = new SuggestionRequest(owner, { ...deps, llm }, data.section, jobSignal, logger, (n) => (count = n));
    const result = await request.run();
    await end(result.count, result.error);
    logger.info({ count: result.count, failed: result.error !== undefined }, 'suggestions written');
    return 'completed';
  } catch (error) {
    if (error instanceof FencedError || fenced.signal.aborted) {
      logger.info('suggestions stopped: the draft was taken over');
      return 'stopped';
    }
    // The queue will not try again: end the request for the viewers (what was stored stays), so no page
    // waits on it. Best effort: what failed (Postgres, Redis) may fail this too; the job fails either way.
    if (attempt.last && !signal.aborted) await end(count, sayReason('reviewFailed')).catch(() => {});
    throw error;
  }
}

class SuggestionRequest {
  private count = 0;
  private read = 0;

  constructor(
    private readonly owner: Ownership,
    private readonly deps: SuggestionJobDeps,
    private readonly section: number | undefined,
    private readonly signal: AbortSignal,
    private readonly logger: Logger,
    /** Told each time a suggestion is kept, so a failing job can still say how many were. */
    private readonly onCount: (count: number) => void = () => {},
  ) {}

  async run(): Promise<{ count: number; error?: string }> {
    const { attempts, backoffMs } = this.deps.settings;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.streamOnce();
        return { count: this.count };
      } catch (error) {
        if (error instanceof FencedError || error instanceof StorageError || this.signal.aborted) throw error;
        const failure = classifyLlmError(error);
        this.logger.warn({ attempt, kind: failure.kind, err: error }, 'suggestion call failed');
        // What came before the failure stays; asking again would only repeat it.
        if (this.count > 0 || attempt >= attempts || failure.kind === 'fatal') {
          return { count: this.count, error: publicSuggestionFailure(failure) };
        }
        const wait = failure.kind === 'rate_limited' ? failure.retryAfterMs : backoffMs(attempt);
        await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 30_000)));
      }
    }
  }

  private async streamOnce(): Promise<void> {
    const { generation } = this.owner;
    const template = documentOf(generation);
    const { sections } = this.owner;
    const { prompt, details, language } = generation;
    const messages = buildSuggestionMessages({ template, prompt, details, language, sections, section: this.section });
    const reader = new SuggestionReader(template.sections.length, this.section);
    const call = new AbortController();
    const signal = AbortSignal.any([this.signal, call.signal]);
    const stall = new StallClock(this.deps.settings.stallMs, call);
    try {
      const stream = this.deps.llm.stream(messages, signal);
      let next = await stream.next();
      for (; !next.done; next = await stream.next()) {
        stall.hold();
        this.read += next.value.length;
        await this.keepAll(reader.push(next.value));
        if (this.count >= SUGGESTION_LIMITS.perRequest || this.read > SUGGESTION_LIMITS.outputChars) {
          call.abort(new EnoughRead());
          break;
        }
        stall.restart();
      }
      if (next.done) {
        if (next.value.finishReason !== 'stop') throw new TruncatedStreamError(next.value.finishReason);
        await this.keepAll(reader.end());
      }
    } catch (error) {
      if (call.signal.reason instanceof EnoughRead) return;
      throw call.signal.aborted ? call.signal.reason : error;
    } finally {
      stall.stop();
      if (!call.signal.aborted) call.abort(new EnoughRead());
      if (reader.dropped > 0) {
        this.logger.info({ dropped: reader.dropped, ...reader.droppedBy }, 'model suggestions dropped');
        for (const [reason, n] of Object.entries(reader.droppedBy))
          if (n > 0) this.deps.metrics?.suggestionsDropped.inc({ reason }, n);
      }
    }
  }

  /** Stores each proposal under the fence, then appends it: a viewer never sees one Postgres lacks. */
  private async keepAll(proposals: readonly ProposedSuggestion[]): Promise<void> {
    const { generation, token, writer } = this.owner;
    for (const proposal of proposals) {
      if (this.count >= SUGGESTION_LIMITS.perRequest) return;
      const id = randomUUID();
      let outcome: Awaited<ReturnType<SuggestionStore['add']>>;
      try {
        outcome = await this.deps.suggestions.add(generation.id, token, id, proposal);
      } catch (error) {
        // Ours, not the model's: the job fails and is tried again (the model is not blamed for it).
        throw new StorageError(databaseFailure(error), { cause: error });
      }
      if (outcome === 'fenced') throw new FencedError(generation.id);
      if (outcome !== 'stored') continue;
      this.count += 1;
      this.onCount(this.count);
      writer.push({ type: 'suggestion', id, ...proposal });
    }
  }
}

/**
 * The reason a request brought no (more) suggestions, in words fit for every viewer: a refusal (the
 * provider's, told by kind, or a budget spent) as classifyLlmError words it, the rest in plain words.
 */
function publicSuggestionFailure(failure: LlmFailure): string {
  if (failure.kind === 'fatal') return failure.message;
  if (failure.kind === 'rate_limited') return sayReason('modelBusy');
  return sayReason('modelUnreachable');
}
