// The state of a generation's document as a viewer sees it, rebuilt on the server for the first render of
// the page. It is built by replaying the event LOG up to its current seq (not from Postgres), so that the
// page and the `?after=<seq>` cursor it hands to the browser describe exactly the same point: text in the
// HTML is never sent again by the stream, and nothing between the two is lost.
//
// The browser applies the same rules to live events (src/views/client/live-document.ts).

import type { EventLog } from '../bus/event-log.js';
import type { LogEntry } from '../domain/event-codec.js';
import type { Generation, SectionCheckpoint } from '../db/generation-store.js';
import { isIn, RESTING_STATUSES, type GenerationMode, type GenerationStatus } from '../domain/statuses.js';

export interface SectionState {
  index: number;
  title: string;
  /** The finished content (from `section_end`); undefined while the section is being written. */
  content: string | undefined;
  /** Text streamed since the section last (re)started: shown as plain text until it ends. */
  text: string;
}

export interface DocumentState {
  /** The seq of the last event applied: where the browser's stream continues. */
  seq: number;
  status: GenerationStatus;
  mode: GenerationMode;
  reason: string | undefined;
  error: string | undefined;
  sections: Map<number, SectionState>;
  /** The newest event is `done`: no run is going on, the page opens no stream. */
  ended: boolean;
}

export function emptyState(generation: Generation): DocumentState {
  return {
    seq: 0,
    status: generation.status,
    mode: generation.mode,
    reason: undefined,
    error: undefined,
    sections: new Map(),
    ended: false,
  };
}

/** Applies one log entry, with the same rules as DESIGN's invariant 2. */
export function applyEntry(state: DocumentState, entry: LogEntry): void {
  const data = JSON.parse(entry.data) as Record<string, unknown>;
  state.seq = entry.seq;
  state.ended = entry.type === 'done';
  switch (entry.type) {
    case 'status':
      state.status = data.status as GenerationStatus;
      state.mode = data.mode as GenerationMode;
      state.reason = typeof data.reason === 'string' ? data.reason : undefined;
      if (state.status !== 'failed') state.error = undefined;
      break;
    case 'section_start': {
      const index = data.index as number;
      state.sections.set(index, { index, title: data.title as string, content: undefined, text: '' });
      break;
    }
    case 'token': {
      const index = data.section as number;
      const section = state.sections.get(index) ?? { index, title: '', content: undefined, text: '' };
      section.text += data.text as string;
      state.sections.set(index, section);
      break;
    }
    case 'reset': {
      const section = state.sections.get(data.section as number);
      if (section) {
        section.text = '';
        section.content = undefined;
      }
      break;
    }
    case 'section_end': {
      const index = data.index as number;
      state.sections.set(index, { index, title: data.title as string, content: data.content as string, text: '' });
      break;
    }
    case 'done':
      state.status = data.status as GenerationStatus;
      break;
    case 'error':
      state.error = data.message as string;
      break;
    case 'resync':
      // The log was rebuilt: what follows it is the whole document again.
      state.sections.clear();
      state.error = undefined;
      break;
  }
}

/**
 * The document rebuilt from the whole log, or undefined when the log cannot tell the whole story:
 * it expired after its run ended, or it starts neither at seq 1 nor with the `resync` that opens a
 * log rebuilt from Postgres.
 */
export async function replayLog(log: EventLog, generation: Generation): Promise<DocumentState | undefined> {
  const state = emptyState(generation);
  const entries = await log.read(generation.id, 0);
  // A log starts at seq 1, or (rebuilt after Redis lost it) with a resync.
  if (entries[0]?.seq !== 1 && entries[0]?.type !== 'resync') return undefined;
  for (const entry of entries) applyEntry(state, entry);
  return state;
}

/** The document from Postgres, for a generation whose log has expired (so it is normally at rest). */
export function stateFromStore(generation: Generation, sections: readonly SectionCheckpoint[]): DocumentState {
  const state = emptyState(generation);
  state.seq = generation.lastSeq;
  state.error = generation.error ?? undefined;
  state.ended = isIn(RESTING_STATUSES, generation.status);
  for (const s of sections)
    state.sections.set(s.index, { index: s.index, title: s.title, content: s.content, text: '' });
  return state;
}

/** Sections in document order. */
export function orderedSections(state: DocumentState): SectionState[] {
  return [...state.sections.values()].sort((a, b) => a.index - b.index);
}

export function finishedCount(state: DocumentState): number {
  return orderedSections(state).filter((s) => s.content !== undefined).length;
}
