// The one reducer of a generation's events into its document (DESIGN's invariant 2): the server replays the
// log with it for the page's first render (src/views/document-state.ts), and the page applies the live
// events with it (src/views/client/live-document.ts), which then shows what changed. The browser loads this
// file as it is (src/views/assets.ts serves it under /static/domain/), so it has only type imports and
// erasable TypeScript.

import type { EventType } from './events.js';
import type { GenerationMode, GenerationStatus } from './statuses.js';

/** The JSON `data:` of one named SSE event (it carries its own `seq`). */
export interface EventData {
  seq: number;
  [field: string]: unknown;
}

export interface SectionState {
  index: number;
  title: string;
  /** The finished content (from `section_end`); undefined while the section is being written. */
  content: string | undefined;
  /** Text streamed since the section last (re)started: shown as it is written, until it ends. */
  text: string;
}

export interface DocumentState {
  /** The seq of the last event applied: where a (re)connection continues. */
  seq: number;
  status: GenerationStatus;
  mode: GenerationMode;
  reason: string | undefined;
  error: string | undefined;
  sections: Map<number, SectionState>;
  /** The newest event is `done`: no run is going on. */
  ended: boolean;
}

/** What one applied event changed, for a view that shows the document. */
export interface AppliedEvent {
  /** The status differs from the one before the event. */
  statusChanged: boolean;
  /** The index of the section the event was about (section_start, token, reset, section_end). */
  index: number | undefined;
  /** That section as it is now (undefined for a reset of a section this document never held). */
  section: SectionState | undefined;
  /** `section_end`: the text streamed into the section before it ended (invariant 2 says they are equal). */
  streamed: string | undefined;
}

export function emptyDocument(status: GenerationStatus, mode: GenerationMode, seq = 0): DocumentState {
  return { seq, status, mode, reason: undefined, error: undefined, sections: new Map(), ended: false };
}

/** A section being written from its start. */
const writing = (index: number, title: string): SectionState => ({ index, title, content: undefined, text: '' });

/**
 * Applies one event in seq order; undefined when it was applied already (its seq is not above the
 * document's: a replay after a reconnect, or the same event from a second connection). Event names this
 * reducer does not know (suggestions, names added later) only move the seq. Longer than most functions
 * here on purpose: one case per event, so every rule of the document is read in one place.
 */
export function applyEvent(state: DocumentState, type: EventType, data: EventData): AppliedEvent | undefined {
  if (!(typeof data.seq === 'number' && data.seq > state.seq)) return undefined;
  const statusBefore = state.status;
  state.seq = data.seq;
  state.ended = type === 'done';
  const applied = (index?: number, section?: SectionState, streamed?: string): AppliedEvent => ({
    statusChanged: state.status !== statusBefore,
    index,
    section,
    streamed,
  });
  switch (type) {
    case 'status':
      state.status = data.status as GenerationStatus;
      state.mode = data.mode as GenerationMode;
      state.reason = typeof data.reason === 'string' ? data.reason : undefined;
      if (state.status !== 'failed') state.error = undefined;
      return applied();
    case 'section_start': {
      const section = writing(Number(data.index), String(data.title));
      state.sections.set(section.index, section);
      return applied(section.index, section);
    }
    case 'token': {
      const index = Number(data.section);
      const known = state.sections.get(index);
      // A token for a section not seen or shown as finished: it is being written again.
      const section = known && known.content === undefined ? known : writing(index, known?.title ?? '');
      section.text += String(data.text);
      state.sections.set(index, section);
      return applied(index, section);
    }
    case 'reset': {
      const index = Number(data.section);
      const section = state.sections.get(index);
      if (section) {
        section.text = '';
        section.content = undefined;
      }
      return applied(index, section);
    }
    case 'section_end': {
      const index = Number(data.index);
      const streamed = state.sections.get(index)?.text;
      const section = { index, title: String(data.title), content: String(data.content), text: '' };
      state.sections.set(index, section);
      return applied(index, section, streamed);
    }
    case 'done':
      state.status = data.status as GenerationStatus;
      return applied();
    case 'error':
      state.error = String(data.message);
      return applied();
    case 'resync':
      // The log was rebuilt: what follows it is the whole document again.
      state.sections.clear();
      state.error = undefined;
      return applied();
    default:
      return applied();
  }
}

/** Sections in document order. */
export function orderedSections(state: DocumentState): SectionState[] {
  return [...state.sections.values()].sort((a, b) => a.index - b.index);
}

export function finishedCount(state: DocumentState): number {
  return orderedSections(state).filter((s) => s.content !== undefined).length;
}
