import type { ServerResponse } from 'node:http';
import type { EventHub } from '../../bus/event-hub.js';
import type { EventLog } from '../../bus/event-log.js';
import { LogFollower, type FollowerSink } from '../../bus/log-follower.js';
import { isIn, RESTING_STATUSES } from '../../domain/statuses.js';
import type { Generation, GenerationStore } from '../../db/generation-store.js';
import { legacyTranslation } from './legacy-format.js';
import { SseResponse, type SseResponseOptions } from './sse-response.js';
import { snapshotFrames } from './snapshot.js';

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
export type StreamTarget = { id: string; logExists: true } | { id: string; logExists: false; generation: Generation };

/**
 * Serves one viewer: the log after `after`, then live events, until `done`; or, once the log of a
 * finished run has expired, the stored sections from Postgres.
 */
export async function streamEvents(
  res: ServerResponse,
  target: StreamTarget,
  after: number,
  deps: StreamDeps,
  format: 'named' | 'legacy' = 'named',
): Promise<void> {
  const sse = new SseResponse(res, deps.sse);
  deps.streams.add(sse);
  sse.onClose(() => deps.streams.delete(sse));

  const raw = {
    write: (frames: string, _lastSeq?: number, bytes?: Buffer) => sse.write(bytes ?? frames),
    end: () => sse.end(),
    fail: () => sse.abort(),
  };
  const sink: FollowerSink = format === 'legacy' ? legacyTranslation(target.id, raw) : raw;

  if (!target.logExists && isIn(RESTING_STATUSES, target.generation.status)) {
    const { generation } = target;
    if (after < generation.lastSeq) sink.write(snapshotFrames(generation, await deps.store.sections(generation.id)), generation.lastSeq);
    sse.end();
    return;
  }
  const follower = new LogFollower(deps.log, deps.hub, target.id, after, sink);
  sse.onClose(() => follower.stop());
  try {
    await follower.start();
  } catch {
    sse.abort();
  }
}
