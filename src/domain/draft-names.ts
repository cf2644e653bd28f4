// What a draft is called in the list of my documents: the name its owner gave it, else the document and
// the business it is for ("Privacy Policy — Acme"). Names are the owner's own text, shown escaped.

import { z } from 'zod';
import { businessName, type Details, type Language } from './details.js';
import { documentName } from './outlines.js';
import { capText } from './section-limits.js';
import { cleanText, storableString } from './storable-text.js';
import type { TemplateId } from './templates.js';

/** Longest name, in characters. */
export const DRAFT_NAME_MAX_CHARS = 120;

export interface NamedDraft {
  template: TemplateId;
  language: Language;
  details: Details | null;
  name: string | null;
}

/** The name a new draft starts with: its document's name in its language, and the business's. */
export function defaultDraftName(
  template: TemplateId,
  language: Language,
  details: Details | null | undefined,
): string {
  const business = businessName(details);
  const document = documentName(template, language);
  return capText(business ? `${document} — ${business}` : document, DRAFT_NAME_MAX_CHARS);
}

/** A draft's name: the one stored, or (rows from before names) its default. */
export function draftName(draft: NamedDraft): string {
  return draft.name ?? defaultDraftName(draft.template, draft.language, draft.details);
}

/**
 * A name as a client sends it: refused like any field (the text policy), then made one line of document
 * text (invisible formatting dropped, runs of whitespace one space), 1 to DRAFT_NAME_MAX_CHARS characters.
 */
export function draftNameString() {
  return storableString()
    .transform((text) => cleanText(text).replace(/\s+/g, ' ').trim())
    .pipe(
      z
        .string()
        .min(1, 'name must not be empty')
        .max(DRAFT_NAME_MAX_CHARS, `name must be at most ${DRAFT_NAME_MAX_CHARS} characters`),
    );
}
