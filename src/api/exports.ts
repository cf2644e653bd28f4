import type { Context } from 'hono';
import type { ApiDeps, AppEnv } from './deps.js';
import type { Generation } from '../db/generation-store.js';
import { businessName } from '../domain/details.js';
import { documentOf } from '../domain/outlines.js';
import { renderDocumentMarkdown } from '../domain/templates.js';
import { buildWordDocument } from '../views/docx-document.js';
import { cleanText } from '../domain/storable-text.js';

// The draft's downloads, the same for every door that may read it: the JSON API (its owner), the
// page (its owner) and a share link (read-only). Each caller has loaded the generation through its
// own access rule first; these only render what it may read.

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const WORD_LABELS = { en: { page: 'Page', of: 'of' }, fr: { page: 'Page', of: 'sur' } } as const;

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
 * The finished sections, as Markdown (`# Title`, then `## N. Title` and each section's text), through
 * the text policy (src/domain/storable-text.ts) whatever was stored: no invisible formatting.
 */
export async function markdownExport(
  c: Context<AppEnv>,
  deps: ApiDeps,
  generation: Generation,
  door: ExportDoor = 'owner',
) {
  const sections = await deps.store.sections(generation.id);
  const markdown = cleanText(renderDocumentMarkdown(documentOf(generation).name, sections));
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
    title: documentOf(generation).name,
    business: businessName(generation.details),
    language: generation.language === 'fr' ? 'fr-FR' : 'en-GB',
    sections: await deps.store.sections(generation.id),
    labels: WORD_LABELS[generation.language],
  });
  return c.body(new Uint8Array(file), 200, downloadHeaders(generation, 'docx', DOCX_TYPE, door));
}
