// What the simulator served, stream by stream: when each streamed answer began, when its connection
// ended and how. Tests read it (`GET /_sim/streams`) to see that the service hangs up on a model it
// no longer reads, as a paid model would want.

/** `completed`: sent to the end; `closed`: the client went away first; `cut`: a fault cut it. */
export type StreamEnd = 'completed' | 'closed' | 'cut';

export interface ServedStream {
  /** The request's directive text (`[[sim:…]]`), which a test makes unique with `id=`. */
  key: string | undefined;
  /** Date.now() when the answer began, and when it ended (undefined while it is open). */
  startedAt: number;
  endedAt: number | undefined;
  end: StreamEnd | undefined;
  /** Content chunks sent, and how many the full answer had. */
  chunksSent: number;
  chunksPlanned: number;
}

/** The newest streams, oldest dropped first: enough for any test, bounded for a long-running sim. */
const KEPT = 2_000;

export class StreamLedger {
  #streams: ServedStream[] = [];

  open(key: string | undefined, chunksPlanned: number): ServedStream {
    const entry: ServedStream = {
      key,
      startedAt: Date.now(),
      endedAt: undefined,
      end: undefined,
      chunksSent: 0,
      chunksPlanned,
    };
    this.#streams.push(entry);
    if (this.#streams.length > KEPT) this.#streams.shift();
    return entry;
  }

  /** Records how a stream ended; only its first end counts. */
  close(entry: ServedStream, end: StreamEnd, chunksSent: number): void {
    if (entry.end !== undefined) return;
    entry.end = end;
    entry.endedAt = Date.now();
    entry.chunksSent = chunksSent;
  }

  /** The streams whose key contains `key` (all of them without one). */
  list(key?: string): ServedStream[] {
    return structuredClone(this.#streams.filter((s) => key === undefined || (s.key ?? '').includes(key)));
  }
}
