// The page's words for the browser modules: the catalogue of the page's own language (<html lang>),
// the same one the server rendered the page from (src/views/i18n/). The statuses themselves and their
// groups live in src/domain/statuses.ts, which the browser loads from /static/domain/.

import { pageText, reasonIn } from '../i18n/catalogue.js';

/** The catalogue of this page's language. */
export const T = pageText();

/** The label of a status read from the DOM or a response (unknown words are shown as they are). */
export function statusLabel(status: string): string {
  return (T.status as Record<string, string>)[status] ?? status;
}

/** A run's failure or fall-back reason, as the worker wrote it, in this page's language. */
export function reasonText(reason: string): string {
  return reasonIn(T, reason);
}
