import type { Generation, SectionCheckpoint } from '../../db/generation-store.js';

/**
 * Frames for a generation whose run ended so long ago that its log expired: the stored sections,
 * then `done`. They carry no `id:` except `done`, whose id is the real last seq, so a client that
 * reconnects resumes after the whole log; the `seq` in their data is that same final seq.
 */
export function snapshotFrames(generation: Generation, sections: readonly SectionCheckpoint[]): string {
  const seq = generation.lastSeq;
  const frame = (event: string, data: object) => `event: ${event}\ndata: ${JSON.stringify({ seq, ...data })}\n\n`;
  let text = frame('status', { status: generation.status, mode: generation.mode, reason: 'replayed from storage' });
  for (const s of sections) {
    text += frame('section_start', { index: s.index, title: s.title });
    text += frame('section_end', { index: s.index, title: s.title, content: s.content });
  }
  if (generation.error) text += frame('error', { message: generation.error });
  return `${text}id: ${seq}\n${frame('done', { status: generation.status })}`;
}
