// The event contract (README "Events"): what workers append to a generation's log and what SSE viewers
// receive. `seq` is assigned by the atomic append in Redis, so producers build events without it.

import type { GenerationMode, GenerationStatus } from './statuses.js';
import type { VersionSource } from './versions.js';

/**
 * The named SSE events of the contract, in the order a section's life goes; `resync` (added with the
 * recovery from a lost log) tells a viewer to drop everything it holds: what follows rebuilds the document.
 */
export const EVENT_TYPES = [
  'status',
  'section_start',
  'token',
  'section_end',
  'reset',
  'done',
  'error',
  'resync',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export type EventBody =
  | { type: 'status'; status: GenerationStatus; mode: GenerationMode; reason?: string }
  | { type: 'section_start'; index: number; title: string }
  | { type: 'token'; section: number; text: string }
  | {
      type: 'section_end';
      index: number;
      title: string;
      content: string;
      /** Added with live edits: the section's version this text is, and how it came (when the writer knows). */
      version?: number;
      source?: VersionSource;
    }
  | { type: 'reset'; section: number }
  | { type: 'done'; status: GenerationStatus }
  | { type: 'error'; message: string }
  | { type: 'resync'; reason: string };

// Every event body has a type of the list above, and every type of the list has a body.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _bodiesMatchTypes: Same<EventBody['type'], EventType> = true;
void _bodiesMatchTypes;

/** An event as stored and delivered: its body plus the seq the log gave it. */
export type GenerationEvent = EventBody & { seq: number };

/** The JSON `data:` of an event, without its type (the SSE `event:` line carries that). */
export function eventData(event: EventBody): Record<string, unknown> {
  const { type: _type, ...data } = event;
  return data;
}
