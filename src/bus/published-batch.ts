import type { EventType } from '../domain/events.js';
import { framesAfter as framesOfAfter } from '../domain/event-codec.js';

/**
 * What the append script publishes: a header line `first last lastType appendedAtMs`, then the SSE
 * frames of events first..last (src/domain/event-codec.ts). Viewers forward the frames as they are,
 * so fan-out costs no JSON work.
 */
export interface PublishedBatch {
  first: number;
  last: number;
  lastType: EventType;
  frames: string;
  /** `frames` encoded once for every viewer that takes the whole batch. */
  bytes?: Buffer;
}

export function parseBatch(message: string): PublishedBatch | undefined {
  const newline = message.indexOf('\n');
  if (newline < 0) return undefined;
  const [first, last, lastType] = message.slice(0, newline).split(' ');
  if (first === undefined || last === undefined || lastType === undefined) return undefined;
  return {
    first: Number(first),
    last: Number(last),
    lastType: lastType as EventType,
    frames: message.slice(newline + 1),
  };
}

/** The frames of `batch` whose seq is above `after` (used when a batch straddles a viewer's cursor). */
export function framesAfter(batch: PublishedBatch, after: number): string {
  return framesOfAfter(batch.frames, batch.first, after);
}
