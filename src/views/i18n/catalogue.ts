// Which catalogue a page speaks. A draft's pages speak the draft's language; the other pages (home,
// sign-in, not found) the reader's, from `?lang=` or the browser's Accept-Language. The browser scripts
// read the language the server put on <html lang> (pageText), so a page never mixes two.

import { translateReason } from '../../domain/run-reasons.js';
import { en, type Catalogue } from './en.js';
import { fr } from './fr.js';

export type { Catalogue } from './en.js';

/** The languages the pages speak (the same as the drafts', domain/details.ts LANGUAGES). */
export type PageLanguage = 'en' | 'fr';

const CATALOGUES: Record<PageLanguage, Catalogue> = { en, fr };

/** The catalogue of `language`; English for anything else. */
export function textFor(language: string | undefined): Catalogue {
  return language === 'fr' ? CATALOGUES.fr : CATALOGUES.en;
}

/** A run's failure or fall-back reason (domain/run-reasons.ts) in the catalogue's language. */
export function reasonIn(catalogue: Catalogue, reason: string): string {
  return translateReason(reason, catalogue.reasons, catalogue.reasonWords);
}

/** In the browser: the catalogue of the page's own language. */
export function pageText(): Catalogue {
  return textFor(document.documentElement.lang);
}

/** The page language a reader asked for: `?lang=` first, then the first of Accept-Language we speak. */
export function negotiateLanguage(query: string | undefined, acceptLanguage: string | undefined): PageLanguage {
  if (query === 'en' || query === 'fr') return query;
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { base: tag.split('-')[0] ?? '', q: q === undefined ? 1 : Number(q) };
    })
    .filter((w) => w.q > 0)
    .sort((a, b) => b.q - a.q);
  const match = wanted.find((w) => w.base === 'en' || w.base === 'fr');
  return match?.base === 'fr' ? 'fr' : 'en';
}
