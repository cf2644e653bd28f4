import type { EventType } from '../domain/events.js';

/**
 * What the append script publishes: a header line `first last lastType appendedAtMs`, then the SSE frames of
 * events first..last. Viewers forward the frames as they are, so fan-out costs no JSON work.
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

/** One event of the log as stored: its seq, type and JSON data exactly as published. */
export interface LogEntry {
  seq: number;
  type: EventType;
  data: string;
}

/**
 * Ready SSE frames (`id: n\nevent: type\ndata: json\n\n`, as the append script writes them) taken
 * apart. The data is JSON on one line, so a blank line always ends a frame.
 */
export function parseFrames(frames: string): LogEntry[] {
  const entries: LogEntry[] = [];
  for (let start = 0; start < frames.length;) {
    const end = frames.indexOf('\n\n', start);
    const frame = frames.slice(start, end < 0 ? frames.length : end);
    start = end < 0 ? frames.length : end + 2;
    const lines = frame.split('\n');
    const seq = lines.find((l) => l.startsWith('id: '))?.slice(4);
    const type = lines.find((l) => l.startsWith('event: '))?.slice(7);
    const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
    if (seq !== undefined && type !== undefined)
      entries.push({ seq: Number(seq), type: type as EventType, data: data ?? '{}' });
  }
  return entries;
}

/** The frames of `batch` whose seq is above `after` (used when a batch straddles a viewer's cursor). */
export function framesAfter(batch: PublishedBatch, after: number): string {
  if (batch.first > after) return batch.frames;
  let seq = batch.first;
  let offset = 0;
  while (seq <= after) {
    const end = batch.frames.indexOf('\n\n', offset);
    if (end < 0) return '';
    offset = end + 2;
    seq += 1;
  }
  return batch.frames.slice(offset);
}
