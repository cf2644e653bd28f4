import type { Context } from 'hono';
import type { ApiDeps, AppEnv } from './deps.js';
import type { Generation } from '../db/generation-store.js';
import { documentFrame } from '../views/document-frame.js';
import { buildWordDocument } from '../views/docx-document.js';
import { markdownDocument } from '../views/markdown-document.js';
import { PdfRendererBusy } from '../views/pdf-renderer.js';
import { ApiError } from './errors.js';

// The draft's downloads, the same for every door that may read it: the JSON API (its owner), the
// page (its owner) and a share link (read-only). Each caller has loaded the generation through its
// own access rule first; these only render what it may read. Each lays out the same frame (the title
// block and an agreement's signature blocks, src/views/document-frame.ts) around the finished sections.

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PDF_TYPE = 'application/pdf';
/** Seconds a client is told to wait when every PDF thread is busy: about one long render. */
const PDF_RETRY_AFTER_SEC = 10;

/** Who downloads: a door that may name the draft, or a share link, which never shows its id. */
export type ExportDoor = 'owner' | 'shared';

/** `<template>-<id prefix>.<ext>` (`<template>.<ext>` on a share link): ASCII, so the header needs no encoding. */
const fileName = (generation: Generation, ext: string, door: ExportDoor) =>
  door === 'shared' ? `${generation.template}.${ext}` : `${generation.template}-${generation.id.slice(0, 8)}.${ext}`;

const downloadHeaders = (generation: Generation, ext: string, type: string, door: ExportDoor) => ({
  'content-type': type,
  'content-disposition': `attachment; filename="${fileName(generation, ext, door)}"`,
  'cache-control': 'no-store',
});

/**
 * The finished sections, as Markdown (`# Title`, the title block, then `## N. Title` and each
 * section's text, then an agreement's signatures), through the text policy (src/domain/storable-text.ts)
 * whatever was stored: no invisible formatting.
 */
export async function markdownExport(
  c: Context<AppEnv>,
  deps: ApiDeps,
  generation: Generation,
  door: ExportDoor = 'owner',
) {
  const markdown = markdownDocument(documentFrame(generation), await deps.store.sections(generation.id));
  return c.body(markdown, 200, downloadHeaders(generation, 'md', 'text/markdown; charset=utf-8', door));
}

/** The finished sections, as a Word document. */
export async function wordExport(
  c: Context<AppEnv>,
  deps: ApiDeps,
  generation: Generation,
  door: ExportDoor = 'owner',
) {
  const file = await buildWordDocument({
    frame: documentFrame(generation),
    sections: await deps.store.sections(generation.id),
  });
  return c.body(new Uint8Array(file), 200, downloadHeaders(generation, 'docx', DOCX_TYPE, door));
}

/**
 * The finished sections, as a PDF, rendered on a worker thread of this process (src/views/pdf-renderer.ts).
 * Every thread busy and the queue full, or a render past its deadline: 503 with Retry-After.
 */
export async function pdfExport(c: Context<AppEnv>, deps: ApiDeps, generation: Generation, door: ExportDoor = 'owner') {
  // A HEAD asks whether the file is there, not for seconds of layout: its headers, without a length.
  if (c.req.method === 'HEAD') return c.body(null, 200, downloadHeaders(generation, 'pdf', PDF_TYPE, door));
  const input = { frame: documentFrame(generation), sections: await deps.store.sections(generation.id) };
  const started = performance.now();
  const file = await deps.pdf.render(input).catch((error: unknown) => {
    const busy = error instanceof PdfRendererBusy;
    if (!busy && !(error instanceof Error && error.name === 'AbortError')) throw error;
    deps.logger.warn(
      { generationId: generation.id, busy },
      busy ? 'pdf refused: renderer busy' : 'pdf render timed out',
    );
    throw new ApiError('unavailable', 'the PDF could not be made now; retry later', {
      'retry-after': String(PDF_RETRY_AFTER_SEC),
    });
  });
  deps.logger.debug({ generationId: generation.id, ms: Math.round(performance.now() - started) }, 'pdf rendered');
  return c.body(file, 200, downloadHeaders(generation, 'pdf', PDF_TYPE, door));
}
