import postgres from 'postgres';
import { reconstruct, type ReceivedEvent } from '../support/sse-client.js';
import type { ViewerRecord } from './viewer.js';

export interface StoredGeneration {
  id: string;
  status: string;
  error?: string;
  sections: { index: number; title: string; content: string; mode: string }[];
}

export interface Verdict {
  id: string;
  status: string;
  reconnects: number;
  /** Sections missing from, or differing from, what a viewer rebuilt. */
  lost: number;
  /** Events seen twice by a viewer, or section rows stored twice. */
  duplicated: number;
  /** How long viewers waited, at each takeover, between the old holder's last event and the new holder's first. */
  takeoverGapsMs: number[];
  problems: string[];
}

/**
 * The checker: for one generation, what Postgres holds, what a viewer that kept dropping rebuilt,
 * and what a late viewer replaying from the start rebuilt must all agree, with seq contiguous.
 */
export async function checkGeneration(
  databaseUrl: string,
  stored: StoredGeneration,
  viewer: ViewerRecord,
  late: ReceivedEvent[],
): Promise<Verdict> {
  const problems: string[] = [];
  let lost = 0;
  let duplicated = 0;
  if (stored.status !== 'completed')
    problems.push(`status ${stored.status}${stored.error ? ` (${stored.error})` : ''}`);

  const sql = postgres(databaseUrl, { max: 1 });
  const rows = await sql<{ index: number; n: number }[]>`
    select index, count(*)::int as n from sections where generation_id = ${stored.id} group by index order by index`;
  await sql.end();
  const expected = stored.sections.length;
  if (expected === 0 || rows.length !== expected || rows.some((r, i) => r.index !== i + 1)) {
    problems.push(`stored sections ${rows.map((r) => r.index).join(',')}`);
  }
  duplicated += rows.filter((r) => r.n > 1).length;

  for (const [name, events] of [
    ['viewer', viewer.events],
    ['late viewer', late],
  ] as const) {
    const { sections, seqs, resyncs } = reconstruct(events);
    const repeats = seqs.length - new Set(seqs).size;
    duplicated += repeats;
    if (repeats > 0) problems.push(`${name} got ${repeats} event(s) twice`);
    // After a `resync` (a log rebuilt past every seq seen) seq runs on from the rebuilt log's first.
    const first = resyncs > 0 ? (seqs[0] ?? 1) : 1;
    if (seqs.some((s, i) => s !== first + i)) problems.push(`${name} seq not contiguous from ${first}`);
    for (const section of stored.sections) {
      const seen = sections.get(section.index);
      const tokensMatch = section.mode !== 'stream' || seen?.text.trim() === section.content.trim();
      if (!seen || seen.content !== section.content || !tokensMatch) {
        lost += 1;
        problems.push(`${name}: section ${section.index} differs`);
      }
    }
    if (sections.size !== stored.sections.length) problems.push(`${name} rebuilt ${sections.size} sections`);
  }
  return {
    id: stored.id,
    status: stored.status,
    reconnects: viewer.reconnects,
    lost,
    duplicated,
    takeoverGapsMs: takeoverGaps(viewer),
    problems,
  };
}

/**
 * A new holder announces itself with `status streaming|chunked` after the first one, right after its
 * repair events (`reset`, maybe a replayed section): the wait is the longest silence just before.
 */
function takeoverGaps(viewer: ViewerRecord): number[] {
  const gaps: number[] = [];
  let runs = 0;
  viewer.events.forEach((event, i) => {
    if (event.event !== 'status' || !['streaming', 'chunked'].includes(event.data.status as string)) return;
    runs += 1;
    if (runs === 1 || event.data.reason !== undefined) return;
    let longest = 0;
    const at = (k: number) => viewer.events[k]?.receivedAt ?? 0;
    for (let j = Math.max(1, i - 3); j <= i; j++) longest = Math.max(longest, at(j) - at(j - 1));
    gaps.push(longest);
  });
  return gaps;
}
