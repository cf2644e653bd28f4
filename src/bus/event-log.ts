import type { EventBody } from '../domain/events.js';
import { eventFields, parseFrames, type LogEntry } from '../domain/event-codec.js';
import { FencedError, LogRolledBackError } from './fenced-error.js';
import { generationKeys, logKeys, type GenerationKeys } from './keys.js';
import { eventPubSub, type RedisClient } from './redis-connection.js';
import { appendScript, CLAIM_SCRIPT, COMPACT_SCRIPT, READ_FRAMES_SCRIPT, scriptError } from './scripts.js';

export { FencedError, LogRolledBackError };

export interface ClaimResult {
  seq: number;
  /** Index of the section started but neither ended nor reset, 0 when none. */
  openSection: number;
  /** The log was gone and this claim started a new one at `seq` (`seqIfMissing`). */
  seeded: boolean;
  /** The log's size in bytes, and that of its compacted part (0 when never compacted). */
  bytes: number;
  compactedBytes: number;
}

export interface EventLogOptions {
  prefix: string;
  /** Lifetime of the log once a run has ended with `done`. */
  ttlSec: number;
  /** The longest a log is kept after it was started, however often a run ends again (0: no cap). */
  maxAgeSec?: number;
}

type Scripted = RedisClient & {
  cgAppend(...args: (string | number)[]): Promise<number>;
  cgClaim(...args: (string | number)[]): Promise<[number, number, number, number, number, number]>;
  cgReadFrames(...args: (string | number)[]): Promise<[number, string]>;
  cgCompact(...args: (string | number)[]): Promise<number>;
};

/** Ready SSE frames of a stretch of the log, and the seq of the last one. */
export interface FramesRead {
  seq: number;
  frames: string;
}

/**
 * The per-generation event log in Redis: its head (fencing token, seq counter, open section), the log
 * itself (its ready SSE frames, stored once) and a pub/sub channel for live fan-out, all written by
 * one Lua step.
 */
export class EventLog {
  private readonly redis: Scripted;

  constructor(
    redis: RedisClient,
    private readonly options: EventLogOptions,
  ) {
    if (!('cgAppend' in redis)) {
      redis.defineCommand('cgAppend', { numberOfKeys: 3, lua: appendScript(eventPubSub(redis).publishCommand) });
      redis.defineCommand('cgClaim', { numberOfKeys: 2, lua: CLAIM_SCRIPT });
      redis.defineCommand('cgReadFrames', { numberOfKeys: 3, lua: READ_FRAMES_SCRIPT });
      redis.defineCommand('cgCompact', { numberOfKeys: 3, lua: COMPACT_SCRIPT });
    }
    this.redis = redis as Scripted;
  }

  keys(id: string): GenerationKeys {
    return generationKeys(this.options.prefix, id);
  }

  /** Installs `token` as the generation's fencing token (never lowering it). */
  async claim(id: string, token: number, seqIfMissing: number): Promise<ClaimResult> {
    const k = this.keys(id);
    const [seq, openSection, installed, seeded, bytes, compactedBytes] = await this.redis.cgClaim(
      k.head,
      k.frames,
      token,
      seqIfMissing,
      Date.now(),
      this.options.maxAgeSec ?? 0,
    );
    if (installed !== token) throw new FencedError(id, installed);
    return { seq, openSection, seeded: seeded === 1, bytes, compactedBytes };
  }

  /**
   * Appends `events` after `prevSeq` and publishes them; returns the seq of the last one.
   * Safe to retry with the same arguments: an attempt that already landed is not applied twice.
   */
  async append(id: string, token: number, prevSeq: number, events: readonly EventBody[]): Promise<number> {
    const k = this.keys(id);
    const args: (string | number)[] = [k.head, k.frames, k.offsets];
    args.push(token, k.channel, this.options.ttlSec, prevSeq, Date.now());
    for (const event of events) args.push(event.type, eventFields(event));
    try {
      const seq = await this.redis.cgAppend(...args);
      if (seq < prevSeq) throw new LogRolledBackError(id, seq, prevSeq);
      if (seq !== prevSeq + events.length) {
        throw new Error(`generation ${id}: log at seq ${seq}, expected ${prevSeq + events.length}`);
      }
      return seq;
    } catch (error) {
      throw scriptError(id, error);
    }
  }

  /** Deletes a log that lost its newest events, so that the next claim rebuilds it (see LogRolledBackError). */
  async discard(id: string): Promise<void> {
    const k = this.keys(id);
    // The token stays: no writer holding an older one may write again.
    await this.redis
      .multi()
      .hdel(k.head, 'seq', 'open', 'snap', 'snapBytes', 'deadline')
      .del(k.frames, k.offsets)
      .exec();
  }

  /** Deletes every key of the generation's log, its fencing token too: for a deleted draft only. */
  async forget(id: string): Promise<void> {
    await this.redis.del(...logKeys(this.keys(id)));
  }

  /**
   * Replaces the log, whose newest seq is `atSeq`, by `events` numbered up to `atSeq` (see
   * COMPACT_SCRIPT): for a log at rest whose history outgrew its document. Only while `token` holds
   * the generation and nothing was appended since; false when it did nothing.
   */
  async compact(id: string, token: number, atSeq: number, events: readonly EventBody[]): Promise<boolean> {
    const k = this.keys(id);
    const args: (string | number)[] = [k.head, k.frames, k.offsets, token, atSeq];
    for (const event of events) args.push(event.type, eventFields(event));
    return (await this.redis.cgCompact(...args)) > 0;
  }

  /** Entries with seq > `after`, oldest first (the frames of `readFrames`, taken apart). */
  async read(id: string, after: number): Promise<LogEntry[]> {
    return parseFrames((await this.readFrames(id, after)).frames);
  }

  /**
   * Every event after `after` as ready SSE frames, in one read (what a reconnecting viewer needs).
   * `seq` is the log's newest seq (0 when the log is gone); frames is empty when nothing is newer.
   */
  async readFrames(id: string, after: number): Promise<FramesRead> {
    const k = this.keys(id);
    const [seq, frames] = await this.redis.cgReadFrames(k.head, k.frames, k.offsets, after);
    return { seq, frames };
  }

  /** Current seq, or undefined when the log no longer exists (expired after its run ended). */
  async currentSeq(id: string): Promise<number | undefined> {
    const value = await this.redis.hget(this.keys(id).head, 'seq');
    return value === null ? undefined : Number(value);
  }
}
