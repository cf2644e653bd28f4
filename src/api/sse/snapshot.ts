import type { Generation, SectionCheckpoint } from '../../db/generation-store.js';
import type { EventBody } from '../../domain/events.js';
import { encodeFrame } from '../../domain/event-codec.js';

/**
 * Frames for a generation whose run ended so long ago that its log expired: the stored sections,
 * then `done`. They carry no `id:` except `done`, whose id is the real last seq, so a client that
 * reconnects resumes after the whole log; the `seq` in their data is that same final seq.
 */
export function snapshotFrames(generation: Generation, sections: readonly SectionCheckpoint[]): string {
  const seq = generation.lastSeq;
  const events: EventBody[] = [
    { type: 'status', status: generation.status, mode: generation.mode, reason: 'replayed from storage' },
  ];
  for (const s of sections) {
    events.push({ type: 'section_start', index: s.index, title: s.title });
    events.push({ type: 'section_end', index: s.index, title: s.title, content: s.content });
  }
  if (generation.error) events.push({ type: 'error', message: generation.error });
  const body = events.map((event) => encodeFrame(event, seq, false)).join('');
  return body + encodeFrame({ type: 'done', status: generation.status }, seq);
}
