// Which streamed event carried which model delta, recovered from text alone (no hook in the
// service): the simulator's timeline gives the document and when each delta left; an event stream
// gives, per section, how much content has arrived. A delta is "delivered" by the first event after
// which the client holds its last visible character.
//
// Measured deltas are those with a visible (non-whitespace) character inside a section's content.
// Headings and whitespace are left out on every side alike: our service turns headings into
// `section_start` and holds trailing whitespace until the next visible text (it would not change
// what a reader sees), while the direct baseline forwards both as they come.

/** [sentAt (wall ms), text] for each content delta, in order. */
export type Timeline = [number, string][];

export interface DocumentMap {
  text: string;
  /** Per section in document order: [start, end) of its trimmed content. */
  sections: { start: number; end: number }[];
  /** Per delta: the document offset of its last visible content character, or -1 if none. */
  lastVisible: number[];
  sentAt: number[];
}

// The section parser's heading rule (src/domain/section-parser.ts): up to 3 spaces, `##`, a number,
// `.` or `)`, then a title.
const HEADING = /^ {0,3}##[ \t]*\d+[.)][ \t]+\S.*$/gm;

export function mapDocument(timeline: Timeline): DocumentMap {
  const text = timeline.map(([, t]) => t).join('');
  const headings = [...text.matchAll(HEADING)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const sections = headings.map((h, i) => {
    const limit = headings[i + 1]?.start ?? text.length;
    let start = h.end;
    while (start < limit && /\s/.test(text[start] ?? '')) start++;
    let end = limit;
    while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
    return { start, end };
  });
  const lastVisible: number[] = [];
  const sentAt: number[] = [];
  let offset = 0;
  let s = 0;
  for (const [at, piece] of timeline) {
    let found = -1;
    for (let i = piece.length - 1; i >= 0; i--) {
      const pos = offset + i;
      if (/\s/.test(piece[i] ?? '')) continue;
      while (s < sections.length && (sections[s]?.end ?? 0) <= pos) s++;
      const section = sections[s];
      if (section && pos >= section.start && pos < section.end) found = pos;
      break;
    }
    // A delta whose last visible character is a heading's may still carry content before it (rare):
    // look back for the last visible content character.
    if (found < 0) found = lastContentIn(sections, text, offset, offset + piece.length);
    lastVisible.push(found);
    sentAt.push(at);
    offset += piece.length;
  }
  return { text, sections, lastVisible, sentAt };
}

function lastContentIn(sections: DocumentMap['sections'], text: string, from: number, to: number): number {
  for (let pos = to - 1; pos >= from; pos--) {
    if (/\s/.test(text[pos] ?? '')) continue;
    if (sections.some((sec) => pos >= sec.start && pos < sec.end)) return pos;
  }
  return -1;
}

/** For each event seq, the send times of the measured deltas it delivers. */
export type DeliveryMap = Map<number, number[]>;

export interface LogEvent {
  seq: number;
  type: string;
  data: string;
}

/**
 * Our service: token events carry a section's content piece by piece; the document offset reached
 * after an event is that section's content start plus the length received so far. `mismatches`
 * counts token events whose text is not the document's text at that place (should be 0).
 */
export function deliveriesFromLog(
  doc: DocumentMap,
  events: readonly LogEvent[],
): { map: DeliveryMap; mismatches: number; firstSeq: number | undefined } {
  const map: DeliveryMap = new Map();
  const received = new Map<number, number>();
  let mismatches = 0;
  let next = 0;
  let firstSeq: number | undefined;
  for (const event of events) {
    if (event.type !== 'token') continue;
    const data = JSON.parse(event.data) as { section: number; text: string };
    const section = doc.sections[data.section - 1];
    if (!section) {
      mismatches++;
      continue;
    }
    const before = received.get(data.section) ?? 0;
    const at = section.start + before;
    if (doc.text.slice(at, at + data.text.length) !== data.text) mismatches++;
    received.set(data.section, before + data.text.length);
    const reached = at + data.text.length;
    const delivered: number[] = [];
    while (next < doc.lastVisible.length) {
      const pos = doc.lastVisible[next] ?? -1;
      if (pos >= reached) break;
      if (pos >= 0) delivered.push(doc.sentAt[next] ?? 0);
      next++;
    }
    if (delivered.length > 0) {
      map.set(event.seq, delivered);
      firstSeq ??= event.seq;
    }
  }
  return { map, mismatches, firstSeq };
}

/** The direct baseline and the peer: event k is the model's k-th delta, as it came. */
export function deliveriesOneToOne(doc: DocumentMap): { map: DeliveryMap; firstSeq: number | undefined } {
  const map: DeliveryMap = new Map();
  let firstSeq: number | undefined;
  doc.lastVisible.forEach((pos, i) => {
    if (pos < 0) return;
    map.set(i + 1, [doc.sentAt[i] ?? 0]);
    firstSeq ??= i + 1;
  });
  return { map, firstSeq };
}

/** Keeps only deltas sent inside [from, to]: the steady state, after every stream started. */
export function windowed(map: DeliveryMap, from: number, to: number): Record<number, number[]> {
  const out: Record<number, number[]> = {};
  for (const [seq, times] of map) {
    const kept = times.filter((t) => t >= from && t <= to);
    if (kept.length > 0) out[seq] = kept;
  }
  return out;
}
