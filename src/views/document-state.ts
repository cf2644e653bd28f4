// The state of a generation's document as a viewer sees it, rebuilt on the server for the first render of
// the page. It is built by replaying the event LOG up to its current seq (not from Postgres), so that the
// page and the `?after=<seq>` cursor it hands to the browser describe exactly the same point: text in the
// HTML is never sent again by the stream, and nothing between the two is lost.
//
// The rules are those of the one reducer (src/domain/document-reducer.ts), which the browser applies to
// the live events that follow.

import type { EventLog } from '../bus/event-log.js';
import type { Generation, SectionCheckpoint } from '../db/generation-store.js';
import { decodeEntry } from '../domain/event-codec.js';
import { applyEvent, emptyDocument, type DocumentState } from '../domain/document-reducer.js';
import { isIn, RESTING_STATUSES } from '../domain/statuses.js';

export { finishedCount, orderedSections, type DocumentState, type SectionState } from '../domain/document-reducer.js';

/**
 * The document rebuilt from the whole log, or undefined when the log cannot tell the whole story:
 * it expired after its run ended, or it starts neither at seq 1 nor with the `resync` that opens a
 * log rebuilt from Postgres.
 */
export async function replayLog(log: EventLog, generation: Generation): Promise<DocumentState | undefined> {
  const state = emptyDocument(generation.status, generation.mode);
  const entries = await log.read(generation.id, 0);
  // A log starts at seq 1, or (rebuilt after Redis lost it) with a resync.
  if (entries[0]?.seq !== 1 && entries[0]?.type !== 'resync') return undefined;
  for (const entry of entries) applyEvent(state, entry.type, decodeEntry(entry));
  return state;
}

/** The document from Postgres, for a generation whose log has expired (so it is normally at rest). */
export function stateFromStore(generation: Generation, sections: readonly SectionCheckpoint[]): DocumentState {
  const state = emptyDocument(generation.status, generation.mode, generation.lastSeq);
  state.error = generation.error ?? undefined;
  state.ended = isIn(RESTING_STATUSES, generation.status);
  for (const s of sections)
    state.sections.set(s.index, { index: s.index, title: s.title, content: s.content, text: '' });
  return state;
}
