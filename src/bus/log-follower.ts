import { encodeFrame, lastEventType } from '../domain/event-codec.js';
import type { EventType } from '../domain/events.js';
import { REDIS_REPLY_TIMEOUT_MS, type EventHub, type HubListener } from './event-hub.js';
import { withTimeout } from '../util/with-timeout.js';
import type { EventLog, FramesRead } from './event-log.js';
import { framesAfter, type PublishedBatch } from './published-batch.js';

/**
 * Sent (with no `id:`, and seq 0: before everything) to a viewer whose cursor is past the end of the
 * log: the log it was reading is gone. The whole log follows, from its start.
 */
const CURSOR_AHEAD_FRAME = encodeFrame(
  { type: 'resync', reason: 'the cursor is past the end of the event log: start over from what follows' },
  0,
  false,
);

/** The pause before re-reading a log that brought nothing new, doubled each time up to the maximum. */
const REREAD_FIRST_MS = 25;
const REREAD_MAX_MS = 1_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Where a follower sends what it reads: SSE frames, in seq order, each exactly once. */
export interface FollowerSink {
  /** `bytes`, when given, are `frames` already encoded (shared by every viewer of a live batch). */
  write(frames: string, lastSeq: number, bytes?: Buffer): void;
  /** The newest event was `done`: the run is over and the stream should close. */
  end(): void;
  /** Reading the log failed (Redis unavailable): close, the client resumes later. */
  fail(error: unknown): void;
  /** The follower's steps (cursor, reads, subscription, gaps), when the viewer's story is logged. */
  trace?(step: string, detail?: Record<string, number>): void;
}

/**
 * Follows one generation's log for one viewer: reads the log after the viewer's cursor, subscribes,
 * reads again (what was appended before the subscription took hold), then forwards live batches,
 * skipping what was already sent and re-reading the log when a live batch shows a gap. So every
 * event after the cursor is delivered once and in order.
 */
export class LogFollower implements HubListener {
  private lastSent: number;
  private lastType: EventType | undefined;
  private catchingUp = false;
  /** A resync arrived during a catch-up whose read may predate it: read once more. */
  private readAgain = false;
  private pending: PublishedBatch[] = [];
  private closed = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly log: EventLog,
    private readonly hub: EventHub,
    private readonly generationId: string,
    after: number,
    private readonly sink: FollowerSink,
    /** Keep following after `done`: the changes made at rest (edits, restores, rewrites) come later. */
    private readonly follow = false,
  ) {
    this.lastSent = after;
  }

  get cursor(): number {
    return this.lastSent;
  }

  /**
   * `logSeq`: the log's newest seq, when the caller has just read it. At or below the cursor (a
   * viewer joining at the head, the usual page load) the first read is skipped: the catch-up after
   * subscribing reads whatever came since, and tells a cursor past the log's end to start over, as
   * the first read would have (one Redis call per viewer fewer when thousands arrive at once).
   */
  async start(logSeq?: number): Promise<void> {
    this.sink.trace?.('start', { after: this.lastSent, logSeq: logSeq ?? -1 });
    if (logSeq === undefined || logSeq > this.lastSent) {
      // A replay of a finished run (the log ends with `done`) is served by this one read, without
      // subscribing; otherwise what it gave is sent and the catch-up after subscribing reads the rest.
      const read = await this.readLog();
      if (this.closed) return;
      if (read.frames) {
        this.send(read.frames, read.seq, lastEventType(read.frames));
        if (this.ended) return this.finish();
      }
    }
    this.unsubscribe = await this.hub.subscribe(this.generationId, this);
    this.sink.trace?.('subscribed', { cursor: this.lastSent });
    if (this.closed) return this.unsubscribe();
    await this.catchUp();
  }

  stop(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe?.();
  }

  onBatch(batch: PublishedBatch): void {
    if (this.closed) return;
    if (this.catchingUp) this.pending.push(batch);
    else this.deliver(batch);
  }

  onResync(seq?: number): void {
    if (this.closed || (seq !== undefined && seq <= this.lastSent)) return;
    if (this.catchingUp) this.readAgain = true;
    else void this.catchUp();
  }

  private deliver(batch: PublishedBatch): void {
    if (batch.last <= this.lastSent) return;
    if (batch.first > this.lastSent + 1) {
      // A publish was missed (reconnect, or a batch still in flight to us): the log has it.
      this.sink.trace?.('gap', { cursor: this.lastSent, first: batch.first, last: batch.last });
      this.pending.push(batch);
      void this.catchUp();
      return;
    }
    const whole = batch.first === this.lastSent + 1;
    this.send(
      whole ? batch.frames : framesAfter(batch, this.lastSent),
      batch.last,
      batch.lastType,
      whole ? batch.bytes : undefined,
    );
    if (this.ended) this.finish();
  }

  private async catchUp(): Promise<void> {
    if (this.catchingUp) return;
    this.catchingUp = true;
    try {
      for (let fruitless = 0; ;) {
        this.readAgain = false;
        const read = await this.readLog();
        if (this.closed) return;
        if (read.frames) this.send(read.frames, read.seq, lastEventType(read.frames));
        // Publishing follows the log write in one script, so a batch beyond what we read means the
        // log grew meanwhile: read again rather than skip it.
        if (!(this.readAgain || this.pending.some((b) => b.first > this.lastSent + 1))) break;
        // A read that brought nothing while a batch waits beyond it: that batch's log was discarded
        // after it was published (rolled back by a failover) and is being rebuilt. Read again, but
        // paced, rather than hammer Redis once per viewer until the rebuilt log reaches it.
        fruitless = read.frames ? 0 : fruitless + 1;
        if (fruitless > 0) await sleep(Math.min(REREAD_MAX_MS, REREAD_FIRST_MS * 2 ** (fruitless - 1)));
        if (this.closed) return;
      }
    } catch (error) {
      if (!this.closed) this.sink.fail(error);
      return;
    } finally {
      this.catchingUp = false;
    }
    const pending = this.pending;
    this.pending = [];
    for (const batch of pending) if (!this.closed) this.deliver(batch);
    if (this.ended && !this.closed) this.finish();
  }

  /**
   * The log after the cursor. A cursor past the log's end refers to a log that was lost (Redis lost
   * its data, and the log was started again shorter): the viewer is told to start over, and reads
   * from the start. (A cursor into a lost log below the rebuilt one's start reads from its start
   * too, which opens with its own `resync`: see src/generations/ownership.ts.)
   */
  private async readLog(): Promise<FramesRead> {
    const read = await withTimeout(
      this.log.readFrames(this.generationId, this.lastSent),
      REDIS_REPLY_TIMEOUT_MS,
      'log read',
    );
    this.sink.trace?.('read', { after: this.lastSent, logSeq: read.seq, bytes: read.frames.length });
    if (this.closed || !(read.seq > 0 && read.seq < this.lastSent)) return read;
    this.lastSent = 0;
    this.sink.write(CURSOR_AHEAD_FRAME, 0);
    return withTimeout(this.log.readFrames(this.generationId, 0), REDIS_REPLY_TIMEOUT_MS, 'log read');
  }

  /** The newest event sent was `done` and the viewer does not follow past it. */
  private get ended(): boolean {
    return this.lastType === 'done' && !this.follow;
  }

  private send(frames: string, lastSeq: number, lastType: EventType, bytes?: Buffer): void {
    this.lastSent = lastSeq;
    this.lastType = lastType;
    this.sink.write(frames, lastSeq, bytes);
  }

  private finish(): void {
    this.stop();
    this.sink.end();
  }
}
