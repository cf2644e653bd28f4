import type { ClaimResult, EventLog } from '../bus/event-log.js';
import type { LogEntry } from '../domain/event-codec.js';
import type { SectionCheckpoint } from '../db/generation-store.js';
import type { EventBody } from '../domain/events.js';

// A draft's event log keeps every event of its history: each edit or restore appends the section's
// whole text twice (as a token and in its section_end), so 800 edits of 32 KB made a 53 MB log. Once
// the history outgrows the document, the log is compacted: replaced, at rest, by a `resync` and the
// document as it stands (the same events a log rebuilt from Postgres opens with), numbered up to the
// log's newest seq (src/bus/scripts.ts, COMPACT_SCRIPT). So the log's size follows the document:
// at most about three times its compacted form plus COMPACT_MIN_BYTES.
//
// What each reader gets afterwards (invariants 2 and 3):
// - a viewer at the newest seq (every live viewer, and every page loaded since the last change) reads
//   on after it exactly as before: nothing it holds changed, nothing is published;
// - a cursor anywhere below it (inside what was compacted) is served the whole log from its `resync`:
//   the viewer drops what it holds and rebuilds the document from what follows, which ends at the
//   same `done` with the same sections (a page reloads itself on `resync`);
// - a replay from the start, the page's server render and the older data-only format read a log that
//   opens with `resync`, as they read a rebuilt one.
// Only a log at rest is compacted (its newest event is `done`), by a command that has just taken the
// generation's token and before it appends anything, so no run's live viewers are ever sent back.

/** The `reason` of the `resync` that opens a compacted log. */
export const COMPACTED_REASON = 'the event log was compacted: what follows is the whole document as it stands';

/** A log is compacted once it is this much larger than its compacted form was (or at all, the first time). */
export const COMPACT_MIN_BYTES = 64 * 1024;
const COMPACT_FACTOR = 2;

/** The events that hold a document's stored sections: each as it was first sent (invariant 2). */
export function documentEvents(sections: readonly SectionCheckpoint[]): EventBody[] {
  return sections.flatMap((s): EventBody[] => [
    { type: 'section_start', index: s.index, title: s.title },
    // A streamed section's tokens join to its content; a chunked one was sent without tokens.
    ...(s.mode === 'stream' ? [{ type: 'token' as const, section: s.index, text: s.content }] : []),
    { type: 'section_end', index: s.index, title: s.title, content: s.content },
  ]);
}

/** True when the claimed log's history has outgrown its document enough to be worth compacting. */
export function worthCompacting(claim: ClaimResult): boolean {
  return !claim.seeded && claim.bytes > COMPACT_FACTOR * claim.compactedBytes + COMPACT_MIN_BYTES;
}

/** An entry as the event it was appended as (its data without `seq`). */
function bodyOf(entry: LogEntry): EventBody {
  const { seq: _seq, ...data } = JSON.parse(entry.data) as Record<string, unknown>;
  return { type: entry.type, ...data } as EventBody;
}

/** How the log's last run ended: its trailing `error`, `status` and `done` events, or none when it has not. */
function closingEvents(entries: readonly LogEntry[]): EventBody[] {
  if (entries.at(-1)?.type !== 'done') return [];
  let from = entries.length;
  while (from > 0 && ['done', 'status', 'error'].includes(entries[from - 1]!.type)) from -= 1;
  return entries.slice(from).map(bodyOf);
}

/**
 * The text the log holds of section `index`, open since its last start (a paused run's section, not
 * in Postgres): its title and the tokens since it began or was last reset.
 */
function openSectionOf(entries: readonly LogEntry[], index: number): { title: string; text: string } | undefined {
  let open: { title: string; text: string } | undefined;
  for (const entry of entries) {
    if (entry.type !== 'section_start' && entry.type !== 'token' && entry.type !== 'reset') continue;
    const event = bodyOf(entry);
    if (event.type === 'section_start' && event.index === index) open = { title: event.title, text: '' };
    else if (event.type === 'token' && event.section === index && open) open.text += event.text;
    else if (event.type === 'reset' && event.section === index && open) open.text = '';
  }
  return open;
}

/**
 * Compacts a claimed log at rest (see above), holding `token`; `sections` are the stored ones, read
 * under that token. False when it did nothing: the log is not at rest, or it moved meanwhile.
 */
export async function compactLog(
  log: EventLog,
  id: string,
  token: number,
  claim: ClaimResult,
  sections: readonly SectionCheckpoint[],
): Promise<boolean> {
  // The run's end is at the log's tail; the whole log only for a section a paused run left open.
  const entries = await log.read(id, claim.openSection > 0 ? 0 : Math.max(0, claim.seq - 8));
  const closing = closingEvents(entries);
  if (closing.length === 0) return false;
  const open = claim.openSection > 0 ? openSectionOf(entries, claim.openSection) : undefined;
  if (claim.openSection > 0 && !open) return false;
  const events: EventBody[] = [
    { type: 'resync', reason: COMPACTED_REASON },
    ...documentEvents(sections.filter((s) => s.index !== claim.openSection)),
  ];
  if (open) {
    events.push({ type: 'section_start', index: claim.openSection, title: open.title });
    if (open.text !== '') events.push({ type: 'token', section: claim.openSection, text: open.text });
  }
  return log.compact(id, token, claim.seq, [...events, ...closing]);
}
