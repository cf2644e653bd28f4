import type { Logger } from 'pino';
import type { GenerationMode, GenerationStatus } from '../domain/statuses.js';
import { SectionParser, type ParsedEvent, type ParserResume } from '../domain/section-parser.js';
import { buildMessages, type SectionRef, type Template } from '../domain/templates.js';
import { documentOf } from '../domain/outlines.js';
import type { SectionRewrite, VersionOrigin } from '../domain/versions.js';
import { FencedError } from '../bus/event-log.js';
import type { GenerationStore, SectionCheckpoint } from '../db/generation-store.js';
import type { LlmClient } from '../llm/llm-client.js';
import { endRun, type Ownership } from '../generations/ownership.js';
import {
  classifyLlmError,
  IncompleteOutputError,
  StallClock,
  TruncatedStreamError,
  type LlmFailure,
} from './llm-errors.js';
import type { Metrics, RunMetrics } from '../metrics/metrics.js';
import { databaseFailure } from '../db/errors.js';
import { cleanText, StreamTextCleaner } from '../domain/storable-text.js';
import { capContent, capTitle, SectionTextCap } from '../domain/section-limits.js';
import { ChunkedRunError, FatalRunError, StorageError } from './run-failures.js';
import { sayReason } from '../domain/run-reasons.js';

export interface RunSettings {
  /** No delta for this long fails a stream. */
  stallMs: number;
  /** Sections asked for in one non-streamed call. */
  chunkSections: number;
  /** Streamed attempts before falling back to chunked mode. */
  streamAttempts: number;
  /** Non-streamed attempts per chunk before the run fails. */
  chunkAttempts: number;
  backoffMs: (attempt: number) => number;
  /** Tries per checkpoint write before the run gives up (Postgres briefly unavailable). */
  checkpointAttempts: number;
  /** Frame pacing of the run's appends (STREAM_FRAME_MS; see EventWriterOptions.frameMs). */
  frameMs: number;
}

export interface RunDeps {
  store: GenerationStore;
  llm: LlmClient;
  logger: Logger;
  settings: RunSettings;
  /** The provider said 429: slow the whole queue down, not just this run. */
  onRateLimited?: (retryAfterMs: number) => void;
  /** Prometheus series (src/metrics/metrics.ts): tokens, time to first token, fallbacks. */
  metrics?: Metrics;
}

/**
 * A 429 is the provider pacing us, not a failure of the stream: it costs a fraction of an attempt,
 * so a long rate limit still ends in a fallback rather than retrying forever.
 */
const countsAgainstBudget = (failure: LlmFailure) => (failure.kind === 'rate_limited' ? 0.25 : 1);

/** Why a stream's request is aborted once the run is done with it (never seen: nobody reads it then). */
class RunStoppedReading extends Error {
  override name = 'RunStoppedReading';
  constructor() {
    super('the run stopped reading this stream');
  }
}

/** The model answered, but not everything: sections skipped, or the token limit reached. */
const answeredInPart = (error: unknown) =>
  error instanceof IncompleteOutputError || (error instanceof TruncatedStreamError && error.finishReason === 'length');

/** Only the model's failures count against its budget; ours (fencing, storage) end the attempt. */
const isModelFailure = (error: unknown) => !(error instanceof FencedError || error instanceof StorageError);

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    const wake = () => {
      clearTimeout(timer);
      resolve();
    };
    signal.addEventListener('abort', wake, { once: true });
  });

/**
 * One worker's turn at a generation, from the last checkpoint to the end: streamed while the model
 * streams, then chunked when streaming keeps failing. Every finished section is checkpointed in
 * Postgres before its `section_end` is appended.
 */
export class GenerationRun {
  private readonly template: Template;
  private readonly done = new Map<number, SectionCheckpoint>();
  private open: { index: number; title: string; cap: SectionTextCap } | undefined;
  private mode: GenerationMode;
  /** While regenerating: the one section to write, and the user's instruction for it. */
  private only: number | undefined;
  private instruction: string | undefined;
  /** The rewrite's version source: an applied suggestion's is `suggested`. */
  private rewriteSource: VersionOrigin['source'] = 'regenerated';
  private readonly meter: RunMetrics | undefined;
  /** The section the last reply was cut in by the token limit: the next call continues it. */
  private cut: ParserResume | undefined;

  constructor(
    private readonly owner: Ownership,
    private readonly deps: RunDeps,
    private readonly signal: AbortSignal,
  ) {
    this.template = documentOf(owner.generation);
    this.mode = owner.generation.mode;
    this.meter = deps.metrics?.startRun();
  }

  private get id() {
    return this.owner.generation.id;
  }

  async execute(regenerate?: SectionRewrite): Promise<void> {
    for (const section of this.owner.sections) this.done.set(section.index, section);
    this.repairAfterTakeover();
    const writer = this.owner.writer;
    writer.push({ type: 'status', status: this.mode === 'chunked' ? 'chunked' : 'streaming', mode: this.mode });
    if (regenerate) {
      // The old text stays in Postgres until the new one is checkpointed over it.
      writer.push({ type: 'reset', section: regenerate.index });
      this.done.delete(regenerate.index);
      this.instruction = regenerate.instruction;
      this.rewriteSource = regenerate.source ?? 'regenerated';
      this.only = regenerate.index;
    }
    await this.writeRemaining();
    this.instruction = undefined;
    this.only = undefined;
    if (regenerate) await this.writeRemaining();
    await this.finish('completed');
  }

  private async writeRemaining(): Promise<void> {
    if (this.mode === 'stream') {
      const reason = await this.streamRemaining();
      if (reason !== undefined) await this.switchToChunked(reason);
    }
    if (this.mode === 'chunked') await this.chunkRemaining();
  }

  /** Ends the run as failed, with an `error` event the viewers show. */
  async fail(message: string): Promise<void> {
    this.closeOpenSection();
    this.owner.writer.push({ type: 'error', message });
    await this.finish('failed', message);
  }

  /** Repairs what the previous holder left half done (see ownership.ts for why this can happen). */
  private repairAfterTakeover(): void {
    const open = this.owner.openSection;
    if (open === 0) return;
    const writer = this.owner.writer;
    writer.push({ type: 'reset', section: open });
    const finished = this.done.get(open);
    if (finished) {
      // Checkpointed, but the holder died before appending section_end: replay it whole.
      writer.push({ type: 'token', section: open, text: finished.content });
      writer.push({ type: 'section_end', index: open, title: finished.title, content: finished.content });
    }
  }

  private remaining(): SectionRef[] {
    return this.template.sections
      .map((title, i) => ({ index: i + 1, title }))
      .filter((s) => !this.done.has(s.index) && (this.only === undefined || s.index === this.only));
  }

  private messagesFor(write: readonly SectionRef[]) {
    const finished = [...this.done.values()].sort((a, b) => a.index - b.index);
    const { prompt, details, language } = this.owner.generation;
    const { instruction } = this;
    const cut = this.cut && {
      index: this.cut.index,
      title: this.cut.title,
      written: this.cut.text + this.cut.heldWhitespace + this.cut.lineHead,
    };
    return buildMessages({ template: this.template, prompt, details, language, write, finished, instruction, cut });
  }

  /** Streams until every section is done; returns the reason to fall back when attempts run out. */
  private async streamRemaining(): Promise<string | undefined> {
    const { streamAttempts } = this.deps.settings;
    for (let failures = 0; this.remaining().length > 0;) {
      const before = this.progress();
      try {
        await this.streamOnce(this.toWrite());
        const missing = this.remaining().length;
        if (missing > 0) throw new IncompleteOutputError(missing, this.progressedSince(before));
      } catch (error) {
        if (this.signal.aborted || !isModelFailure(error)) throw error;
        const failure = classifyLlmError(error);
        if (failure.kind === 'fatal') throw new FatalRunError(failure.message);
        // A section cut by the token limit stays open: the next call continues it.
        if (this.cut === undefined) this.closeOpenSection();
        if (this.progressedSince(before) && answeredInPart(error)) {
          // The reply wrote sections but skipped some, or was cut by the token limit: the next call
          // asks at once for the rest only. (A cut connection or a stall counts as a failure.)
          this.deps.logger.info({ generationId: this.id, missing: this.remaining().length }, 'continuing the draft');
          failures = 0;
          continue;
        }
        failures += countsAgainstBudget(failure);
        this.deps.logger.warn({ generationId: this.id, failures, err: error }, 'stream attempt failed');
        if (failures >= streamAttempts) return failure.message;
        await this.pause(failure, failures);
      }
    }
    return undefined;
  }

  private async streamOnce(write: readonly SectionRef[]): Promise<void> {
    const messages = this.messagesFor(write);
    const parser = new SectionParser({ sections: write, resume: this.cut });
    this.cut = undefined;
    // Model text enters the run through it: what a document may not hold is dropped before it is
    // parsed, streamed or stored (src/domain/storable-text.ts).
    const cleaner = new StreamTextCleaner();
    const call = new AbortController();
    const signal = AbortSignal.any([this.signal, call.signal]);
    const stall = new StallClock(this.deps.settings.stallMs, call);
    try {
      const stream = this.deps.llm.stream(messages, signal);
      let next = await stream.next();
      for (; !next.done; next = await stream.next()) {
        stall.hold();
        const more = await this.applyAll(parser.push(cleaner.push(next.value)), 'stream');
        stall.restart();
        if (!more) return;
      }
      // An aborted or cut stream can end without an error: never close a section cut short.
      if (signal.aborted) throw signal.reason;
      if (next.value.finishReason === 'length') {
        // Cut by the token limit: what was written is kept, the section it cut stays open for the continuation.
        await this.applyAll(parser.push(cleaner.end()), 'stream');
        const { events, resume } = parser.interrupt();
        await this.applyAll(events, 'stream');
        this.cut = resume;
      }
      if (next.value.finishReason !== 'stop') throw new TruncatedStreamError(next.value.finishReason);
      await this.applyAll([...parser.push(cleaner.end()), ...parser.end()], 'stream');
    } catch (error) {
      throw call.signal.aborted ? call.signal.reason : error;
    } finally {
      stall.stop();
      // However the loop ended (past the last section wanted, fenced out, a failed write), the model
      // must stop sending: abort the request, so its connection closes and no token is paid for unread.
      if (!call.signal.aborted) call.abort(new RunStoppedReading());
    }
  }

  /** Applies parsed events; false once every section asked for is written (the rest of the reply is not read). */
  private async applyAll(events: ParsedEvent[], mode: GenerationMode): Promise<boolean> {
    const writer = this.owner.writer;
    for (const event of events) {
      switch (event.type) {
        case 'section_start':
          this.open = { index: event.index, title: capTitle(event.title), cap: new SectionTextCap() };
          writer.push({ ...event, title: this.open.title });
          break;
        case 'token': {
          // A section keeps at most SECTION_CONTENT_MAX_CHARS: past it, its tokens are not sent either.
          const text = this.open?.cap.take(event.text) ?? event.text;
          if (mode === 'stream' && text !== '') {
            writer.push({ ...event, text });
            this.meter?.token();
          }
          break;
        }
        case 'reset':
          // The model started the section it was to continue over: what it wrote of it before is dropped.
          writer.push(event);
          if (this.open) this.open.cap = new SectionTextCap();
          break;
        case 'section_end': {
          const title = capTitle(event.title);
          const section = { index: event.index, title, content: capContent(event.content), mode };
          await this.checkpoint(section);
          this.done.set(section.index, section);
          this.open = undefined;
          writer.push({ ...event, title, content: section.content });
          if (this.remaining().length === 0) return false;
          break;
        }
      }
    }
    return true;
  }

  /** Waits before the next attempt: as long as a 429 asks (for the whole queue), else backoff. */
  private async pause(failure: LlmFailure, failures: number): Promise<void> {
    if (failure.kind === 'rate_limited') {
      this.deps.onRateLimited?.(failure.retryAfterMs);
      await sleep(failure.retryAfterMs, this.signal);
    } else {
      await sleep(this.deps.settings.backoffMs(failures), this.signal);
    }
  }

  /**
   * Checkpoints a section, retrying while Postgres is unavailable or fails in a way it does not explain
   * (the text is in hand: the model is not asked again); a refused write is not retried. Either way
   * the failure is a StorageError, never taken for a model failure. A fenced-out write throws FencedError.
   */
  private async checkpoint(section: SectionCheckpoint): Promise<void> {
    const { checkpointAttempts, backoffMs } = this.deps.settings;
    for (let attempt = 1; ; attempt++) {
      let stored: boolean;
      try {
        stored = await this.deps.store.checkpoint(this.id, this.owner.token, section, this.originOf(section.index));
      } catch (error) {
        const failure = databaseFailure(error);
        if (failure === 'refused' || attempt >= checkpointAttempts || this.signal.aborted) {
          throw new StorageError(failure, { cause: error });
        }
        this.deps.logger.warn({ generationId: this.id, attempt, err: error }, 'checkpoint failed, retrying');
        await sleep(backoffMs(attempt), this.signal);
        continue;
      }
      if (!stored) throw new FencedError(this.id);
      return;
    }
  }

  /** A rewrite's section is `regenerated` or `suggested` (with its instruction); any other is `generated`. */
  private originOf(index: number): VersionOrigin {
    return this.only === index
      ? { source: this.rewriteSource, instruction: this.instruction }
      : { source: 'generated' };
  }

  private closeOpenSection(): void {
    this.cut = undefined;
    if (!this.open) return;
    this.owner.writer.push({ type: 'reset', section: this.open.index });
    this.open = undefined;
  }

  private async switchToChunked(reason: string): Promise<void> {
    this.mode = 'chunked';
    this.meter?.fallback();
    this.closeOpenSection();
    if (!(await this.deps.store.update(this.id, this.owner.token, { status: 'chunked' }))) {
      throw new FencedError(this.id);
    }
    this.owner.writer.push({ type: 'status', status: 'chunked', mode: 'chunked', reason });
  }

  /** A few sections per non-streamed call, each published as section_start + section_end. */
  private async chunkRemaining(): Promise<void> {
    const { chunkSections, chunkAttempts } = this.deps.settings;
    for (let failures = 0; this.remaining().length > 0;) {
      const write = this.toWrite().slice(0, chunkSections);
      const before = this.progress();
      try {
        const { text, finishReason } = await this.deps.llm.complete(this.messagesFor(write), this.signal);
        const parser = new SectionParser({ sections: write, resume: this.cut });
        // A whole answer: cleaned at once (see streamOnce).
        const read = parser.push(cleanText(text));
        if (finishReason === 'length') {
          // Cut by the token limit: the section it cut stays open, and the next call continues it.
          const { events, resume } = parser.interrupt();
          await this.applyAll([...read, ...events], 'chunked');
          this.cut = resume;
        } else {
          await this.applyAll([...read, ...parser.end()], 'chunked');
          this.cut = undefined;
        }
        if (!this.progressedSince(before)) throw new IncompleteOutputError(write.length, false);
      } catch (error) {
        if (this.signal.aborted || !isModelFailure(error)) throw error;
        const failure = classifyLlmError(error);
        if (failure.kind === 'fatal') throw new FatalRunError(failure.message);
        // The budget is for calls in a row that make no progress at all.
        failures = this.progressedSince(before) ? 0 : failures + countsAgainstBudget(failure);
        this.deps.logger.warn({ generationId: this.id, failures, err: error }, 'chunked attempt failed');
        if (failures >= chunkAttempts)
          throw new ChunkedRunError(sayReason('chunkedFailed', { reason: failure.message }));
        await this.pause(failure, Math.max(1, failures));
      }
    }
  }

  /** The sections to ask for next: the one a reply was cut in first (it is continued), then the others. */
  private toWrite(): SectionRef[] {
    const remaining = this.remaining();
    const cut = this.cut && remaining.find((s) => s.index === this.cut?.index);
    return cut ? [cut, ...remaining.filter((s) => s !== cut)] : remaining;
  }

  /** How far the draft got: sections done, and the text of a section cut short. */
  private progress(): { done: number; cut: number } {
    return { done: this.done.size, cut: this.cut?.text.length ?? 0 };
  }

  private progressedSince(before: { done: number; cut: number }): boolean {
    const now = this.progress();
    return now.done > before.done || (now.done === before.done && now.cut > before.cut);
  }

  private finish(status: GenerationStatus, error?: string): Promise<void> {
    return endRun(this.deps.store, this.owner, { status, mode: this.mode, error });
  }
}
