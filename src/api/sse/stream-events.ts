import type { ServerResponse } from 'node:http';
import type { EventHub } from '../../bus/event-hub.js';
import type { EventLog } from '../../bus/event-log.js';
import { lastEventType } from '../../domain/event-codec.js';
import { LogFollower, type FollowerSink } from '../../bus/log-follower.js';
import { isIn, RESTING_STATUSES } from '../../domain/statuses.js';
import type { Generation, GenerationStore } from '../../db/generation-store.js';
import { legacyTranslation } from './legacy-format.js';
import { SseResponse, type SseResponseOptions } from './sse-response.js';
import { snapshotFrames } from './snapshot.js';
import type { Context } from 'hono';
import { parseCursor } from '../validation.js';
import { ApiError } from '../errors.js';

/** A stream request's cursor: `Last-Event-ID` (a reconnect) wins over `?after=` (a fresh page). */
export function streamCursor(c: Context): number {
  const lastEventId = c.req.header('last-event-id');
  return lastEventId !== undefined && lastEventId !== ''
    ? parseCursor(lastEventId, 'Last-Event-ID')
    : parseCursor(c.req.query('after'), 'after');
}

/**
 * `?follow=1`: the stream stays open past `done` (and is not answered 204 at the end of a run), so a
 * viewer of a draft at rest sees what is done to it later (an edit, a restore, a rewrite) as it happens.
 */
export function streamFollow(c: Context): boolean {
  const raw = c.req.query('follow');
  if (raw === undefined || raw === '' || raw === '0') return false;
  if (raw === '1') return true;
  throw new ApiError('invalid_request', 'follow must be 0 or 1');
}

export interface StreamDeps {
  store: GenerationStore;
  log: EventLog;
  hub: EventHub;
  sse: SseResponseOptions;
  /** Counts open streams for metrics and for draining on shutdown. */
  streams: Set<SseResponse>;
}

/**
 * Which generation to stream. The log is checked first (one Redis GET): while it exists nothing
 * needs reading from Postgres, which keeps connecting cheap when thousands of viewers arrive.
 */
export type StreamTarget =
  | { id: string; logExists: true; /** The log's seq just read, if it was. */ seq?: number }
  | { id: string; logExists: false; generation: Generation };

/**
 * Answers a request for a generation's events after `after`: streams them (`'streaming'`), or says
 * there is nothing left to send (`'ended'`, answered 204 by the route) when the run is over and the
 * cursor is at its end, so a client asking again after `done` (a standard EventSource
 * reconnects by itself) is closed at once instead of being held open with pings; a 204 also tells an
 * EventSource to stop reconnecting. A cursor past the end of a log that exists holds seqs this log
 * never had (the log was lost and rebuilt): it is streamed, so the follower tells it to start over
 * (`resync`) and replays the log. `load` reads the row (404 when absent): asked only when the log
 * alone cannot tell (a cursor at or past the log's end, unless the log's newest event shows the run
 * still going), unless the caller already has the row (`known`).
 */
export async function openEventStream(
  res: ServerResponse,
  id: string,
  after: number,
  deps: StreamDeps,
  load: () => Promise<Generation>,
  known?: Generation,
  follow = false,
): Promise<'streaming' | 'ended'> {
  const seq = await deps.log.currentSeq(id);
  const live = seq !== undefined && after === seq && known === undefined && (await liveHead(deps.log, id, seq));
  if (!live && (seq === undefined || after >= seq)) {
    const generation = known ?? (await load());
    // A run's end is recorded in Postgres (with its final seq) before its last events are appended:
    // the row's lastSeq, not the log's current seq, says where the ended run stops.
    const resting = isIn(RESTING_STATUSES, generation.status);
    const end = Math.max(seq ?? 0, generation.lastSeq);
    if (!follow && resting && (after === end || (seq === undefined && after > end))) return 'ended';
    if (seq === undefined) {
      await streamEvents(res, { id, logExists: false, generation }, after, deps, 'named', follow);
      return 'streaming';
    }
  }
  await streamEvents(res, { id, logExists: true, seq }, after, deps, 'named', follow);
  return 'streaming';
}

/**
 * True when the log's newest event (at `seq`, or later if it grew meanwhile) is there and is not
 * `done`: the run is going on, and a viewer joining at its head (a page load; thousands of them at
 * once under fan-out) is streamed without asking Postgres whether the run is over. Only after a
 * `done` (or when the log no longer holds that event) does the row decide, as before.
 */
async function liveHead(log: EventLog, id: string, seq: number): Promise<boolean> {
  if (seq <= 0) return false;
  const { frames } = await log.readFrames(id, seq - 1);
  return frames !== '' && lastEventType(frames) !== 'done';
}

/**
 * Serves one viewer: the log after `after`, then live events, until `done`; or, once the log of a
 * finished run has expired, the stored sections from Postgres. With `follow`, it goes on after them:
 * live events (a later change starts the log again), until the viewer goes.
 */
export async function streamEvents(
  res: ServerResponse,
  target: StreamTarget,
  after: number,
  deps: StreamDeps,
  format: 'named' | 'legacy' = 'named',
  follow = false,
): Promise<void> {
  // Counted until the socket is done, not when we stop writing: a viewer that never reads holds
  // what we wrote in memory until it goes (or SseResponse gives up on it).
  const sse = new SseResponse(res, deps.sse, deps.streams);
  const sink: FollowerSink = format === 'legacy' ? legacyTranslation(target.id, sse) : sse;

  if (!target.logExists && isIn(RESTING_STATUSES, target.generation.status)) {
    const { generation } = target;
    const snapshot = after < generation.lastSeq;
    if (snapshot) sink.write(snapshotFrames(generation, await deps.store.sections(generation.id)), generation.lastSeq);
    if (!follow) {
      sse.end();
      return;
    }
    // The log a later change starts continues after the row's last seq (src/generations/ownership.ts).
    after = Math.max(after, generation.lastSeq);
  }
  const follower = new LogFollower(deps.log, deps.hub, target.id, after, sink, follow);
  sse.stopOnClose(follower);
  try {
    await follower.start(target.logExists ? target.seq : undefined);
  } catch {
    sse.abort();
  }
}
