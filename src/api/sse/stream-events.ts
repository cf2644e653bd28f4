import type { ServerResponse } from 'node:http';
import type { EventHub } from '../../bus/event-hub.js';
import type { EventLog } from '../../bus/event-log.js';
import { LogFollower, type FollowerSink } from '../../bus/log-follower.js';
import { RESTING_STATUSES } from '../../domain/events.js';
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
 * Serves one viewer: the log after `after`, then live events, until `done`; or, once the log of a
 * finished run has expired, the stored sections from Postgres.
 */
export async function streamEvents(
  res: ServerResponse,
  generation: Generation,
  after: number,
  deps: StreamDeps,
  format: 'named' | 'legacy' = 'named',
): Promise<void> {
  const sse = new SseResponse(res, deps.sse);
  deps.streams.add(sse);
  sse.onClose(() => deps.streams.delete(sse));

  const raw = { write: (text: string) => sse.write(text), end: () => sse.end(), fail: () => sse.abort() };
  const sink: FollowerSink = format === 'legacy' ? legacyTranslation(generation.id, raw) : raw;

  const logExists = (await deps.log.currentSeq(generation.id)) !== undefined;
  if (!logExists && RESTING_STATUSES.includes(generation.status)) {
    if (after < generation.lastSeq) sink.write(snapshotFrames(generation, await deps.store.sections(generation.id)), generation.lastSeq);
    sse.end();
    return;
  }
  const follower = new LogFollower(deps.log, deps.hub, generation.id, after, sink);
  sse.onClose(() => follower.stop());
  try {
    await follower.start();
  } catch {
    sse.abort();
  }
}
