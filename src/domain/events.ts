// The event contract (README "Events"): what workers append to a generation's log and what SSE viewers
// receive. `seq` is assigned by the atomic append in Redis, so producers build events without it.

import type { GenerationMode, GenerationStatus } from './statuses.js';
import type { VersionSource } from './versions.js';
import type { SuggestionOutcome } from './suggestions.js';

/**
 * The named SSE events of the contract, in the order a section's life goes; `resync` (added with the
 * recovery from a lost log) tells a viewer to drop everything it holds: what follows rebuilds the document.
 * The suggestion events (src/domain/suggestions.ts) come last: a request's start and end (how many, or
 * why none) around one event per proposed improvement, and one when a suggestion is applied or dismissed.
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
  'suggestions_start',
  'suggestion',
  'suggestions_end',
  'suggestion_closed',
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
  | { type: 'resync'; reason: string }
  | { type: 'suggestions_start'; section?: number }
  | { type: 'suggestion'; id: string; section: number; summary: string; instruction: string }
  | { type: 'suggestions_end'; section?: number; count: number; error?: string }
  | { type: 'suggestion_closed'; id: string; outcome: SuggestionOutcome };

// Every event body has a type of the list above, and every type of the list has a body.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _bodiesMatchTypes: Same<EventBody['type'], EventType> = true;
void _bodiesMatchTypes;
