import type { EventBody } from '../domain/events.js';
import { FencedError, LogRolledBackError, type EventLog } from '../bus/event-log.js';

interface Pending {
  events: EventBody[];
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
}

export interface EventWriterOptions {
  /** Called once when the log refuses this writer: another holder owns the generation now. */
  onFenced?: (error: FencedError) => void;
  /** Delay before retrying an append that failed for another reason (Redis unavailable). */
  retryDelayMs?: (attempt: number) => number;
  signal?: AbortSignal;
  /**
   * Frame pacing (`STREAM_FRAME_MS`): appends start at least this far apart, so a model faster than
   * one delta per interval costs one event (one Lua call, one publish, one write per viewer) per
   * interval whatever its speed. A writer idle for longer appends a delta at once. 0: no pacing.
   */
  frameMs?: number;
  /**
   * Seqs reserved in Postgres: no event is appended above `ceiling` until `reserve(upTo)` has raised
   * it (false: fenced out). What lets a log rebuilt after a loss start past every seq a viewer saw.
   */
  seqs?: { ceiling: number; block: number; reserve: (upTo: number) => Promise<boolean> };
}

/**
 * The single writer of one generation's run. At most one append is in flight, and (with `frameMs`)
 * appends start at least one frame interval apart; events pushed meanwhile wait, and consecutive
 * tokens of one section are joined into one event. So an idle generation publishes each delta at
 * once, and a fast model or a busy Redis gets fewer, larger appends. `drain` does not wait for the
 * interval: what is pushed before a checkpoint or the end of a run goes out at once.
 */
export class EventWriter {
  private seq: number;
  private inFlight = false;
  private pending: Pending = { events: [], waiters: [] };
  private failure: unknown;
  /** When the last append holding text started (performance.now()), for frame pacing. */
  private lastAppendAt = Number.NEGATIVE_INFINITY;
  private paceTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: EventLog,
    private readonly generationId: string,
    private readonly token: number,
    startSeq: number,
    private readonly options: EventWriterOptions = {},
  ) {
    this.seq = startSeq;
  }

  /** Seq of the newest event this writer has appended. */
  get lastSeq(): number {
    return this.seq;
  }

  /**
   * Queues an event without waiting for it: the caller keeps reading the model while the append
   * runs. Throws at once when the writer was fenced out; `drain` reports any other failure.
   */
  push(event: EventBody): void {
    if (this.failure) throw this.failure;
    const events = this.pending.events;
    const previous = events.at(-1);
    if (event.type === 'token' && previous?.type === 'token' && previous.section === event.section) {
      events[events.length - 1] = { ...previous, text: previous.text + event.text };
    } else {
      events.push(event);
    }
    this.schedule();
  }

  /** Resolves when everything pushed so far is in the log; rejects if an append failed for good. */
  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.pending.events.length === 0 && !this.inFlight) return;
    await new Promise<void>((resolve, reject) => {
      this.pending.waiters.push({ resolve, reject });
      if (!this.inFlight) void this.flush();
    });
  }

  /** Flushes now when the last append is a frame interval old, else once it is. */
  private schedule(): void {
    if (this.inFlight || this.paceTimer) return;
    const wait = this.lastAppendAt + (this.options.frameMs ?? 0) - performance.now();
    if (wait <= 0) {
      void this.flush();
      return;
    }
    this.paceTimer = setTimeout(() => void this.flush(), wait);
  }

  private async flush(): Promise<void> {
    clearTimeout(this.paceTimer);
    this.paceTimer = undefined;
    this.inFlight = true;
    while (this.pending.events.length > 0 || this.pending.waiters.length > 0) {
      // Only events (no one draining): they wait for the next frame.
      if (this.pending.waiters.length === 0 && performance.now() < this.lastAppendAt + (this.options.frameMs ?? 0))
        break;
      const batch = this.pending;
      this.pending = { events: [], waiters: [] };
      try {
        if (batch.events.length > 0) await this.appendWithRetry(batch.events);
        for (const w of batch.waiters) w.resolve();
      } catch (error) {
        this.failure = error;
        for (const w of [...batch.waiters, ...this.pending.waiters]) w.reject(error);
        this.pending = { events: [], waiters: [] };
        break;
      }
    }
    this.inFlight = false;
    if (this.pending.events.length > 0 && !this.failure) this.schedule();
  }

  private async appendWithRetry(events: EventBody[]): Promise<void> {
    // Only text starts the interval: a status or a heading never holds back the first token after it
    // (time to first token), and they are rare enough not to need pacing of their own.
    if (events.some((e) => e.type === 'token')) this.lastAppendAt = performance.now();
    for (let attempt = 1; ; attempt++) {
      try {
        await this.reserveFor(this.seq + events.length);
        this.seq = await this.log.append(this.generationId, this.token, this.seq, events);
        return;
      } catch (error) {
        if (error instanceof FencedError) {
          // A log that lost its tail cannot be continued: discard it for the next holder to rebuild.
          if (error instanceof LogRolledBackError) await this.log.discard(this.generationId).catch(() => {});
          this.options.onFenced?.(error);
          throw error;
        }
        // The append is idempotent on prevSeq, so retrying after a lost reply cannot duplicate.
        if (this.options.signal?.aborted) throw error;
        const delay = this.options.retryDelayMs?.(attempt) ?? Math.min(2000, 50 * 2 ** attempt);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  private async reserveFor(last: number): Promise<void> {
    const seqs = this.options.seqs;
    if (!seqs || last <= seqs.ceiling) return;
    const upTo = last + seqs.block;
    if (!(await seqs.reserve(upTo))) throw new FencedError(this.generationId);
    seqs.ceiling = upTo;
  }
}
