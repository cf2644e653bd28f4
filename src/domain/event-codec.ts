// The one home of the events' wire format: how an event becomes an SSE frame and how frames are read
// back. Every writer and reader in TypeScript goes through here (the log, the fan-out, a snapshot of
// an expired log, the older data-only format); the Lua scripts, which write frames inside Redis,
// spell the same frame (src/bus/lua/frame.lua) and take the event names from EVENT_TYPES.
//
// A frame is `id: <seq>\nevent: <type>\ndata: <json>\n\n`, the JSON on one line with `seq` first, so
// a blank line always ends a frame and only a frame's first line can start with `id: `. A frame may
// carry no `id:` (a snapshot's, so a reconnecting client resumes after the whole document).
//
// Served to the browser too: imports are type-only and the syntax erasable.

import type { EventBody, EventType } from './events.js';

/** One event as the log holds it: its seq, its type and its JSON data (with `seq`) as sent. */
export interface LogEntry {
  seq: number;
  type: EventType;
  data: string;
}

/** An event with the seq the log gave it, as a reader decodes it. */
export type SeqEvent = EventBody & { seq: number };

const ID = 'id: ';
const EVENT = 'event: ';
const DATA = 'data: ';

/** The JSON `data:` of an event: `seq` first, then its fields (the `event:` line carries its type). */
function eventJson(event: EventBody, seq: number): string {
  const { type: _type, ...fields } = event;
  return JSON.stringify({ seq, ...fields });
}

/** The event's fields without `type` or `seq`: what the append script is given (it adds the seq). */
export function eventFields(event: EventBody): string {
  const { type: _type, ...fields } = event;
  return JSON.stringify(fields);
}

/** One SSE frame; without `id` when `withId` is false (see snapshotFrames). */
export function encodeFrame(event: EventBody, seq: number, withId = true): string {
  return `${withId ? `${ID}${seq}\n` : ''}${EVENT}${event.type}\n${DATA}${eventJson(event, seq)}\n\n`;
}

/** A data-only frame (no `event:` line): the older format's messages. */
export function dataOnlyFrame(payload: object): string {
  return `${DATA}${JSON.stringify(payload)}\n\n`;
}

/** Frames taken apart, in order; a frame without `event:` is skipped, one without `id:` has seq 0. */
export function parseFrames(frames: string): LogEntry[] {
  const entries: LogEntry[] = [];
  for (const frame of frames.split('\n\n')) {
    if (frame === '') continue;
    let seq = 0;
    let type: string | undefined;
    let data = '{}';
    for (const line of frame.split('\n')) {
      if (line.startsWith(ID)) seq = Number(line.slice(ID.length));
      else if (line.startsWith(EVENT)) type = line.slice(EVENT.length);
      else if (line.startsWith(DATA)) data = line.slice(DATA.length);
    }
    if (type !== undefined) entries.push({ seq, type: type as EventType, data });
  }
  return entries;
}

/** The event an entry holds. Its data is our own JSON (written by this codec or the scripts). */
export function decodeEntry(entry: LogEntry): SeqEvent {
  return { ...(JSON.parse(entry.data) as object), type: entry.type, seq: entry.seq } as SeqEvent;
}

/** The `event:` name of the last frame of `frames` (non-empty, ending with a frame). */
export function lastEventType(frames: string): EventType {
  const at = frames.lastIndexOf(`\n${EVENT}`);
  const start = at + 1 + EVENT.length;
  return frames.slice(start, frames.indexOf('\n', start)) as EventType;
}

/** How many frames of `frames` are events of `type`, counted without parsing (a relay's metrics). */
export function countFrames(frames: string, type: EventType): number {
  const line = `\n${EVENT}${type}\n`;
  let n = 0;
  for (let at = frames.indexOf(line); at >= 0; at = frames.indexOf(line, at + line.length)) n += 1;
  return n;
}

/** The frames of `frames`, whose first has seq `first`, that come after seq `after`. */
export function framesAfter(frames: string, first: number, after: number): string {
  if (first > after) return frames;
  let offset = 0;
  for (let seq = first; seq <= after; seq++) {
    const end = frames.indexOf('\n\n', offset);
    if (end < 0) return '';
    offset = end + 2;
  }
  return frames.slice(offset);
}
