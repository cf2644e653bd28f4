// Two versions of a section compared word by word (jsdiff's diffWordsWithSpace), on their text as
// rendered (markdown-text.ts): what the versions card and `GET …/versions/:a/diff/:b` show. The texts
// are the model's or a user's, so the HTML escapes every part: a stored `<script>` shows as text.

import { diffWordsWithSpace } from 'diff';
import { markdownText } from './markdown-text.js';

type DiffPartKind = 'added' | 'removed' | 'unchanged';

export interface DiffPart {
  kind: DiffPartKind;
  text: string;
}

/**
 * The most words added plus removed the comparison looks for. Finding the fewest edits costs time in
 * proportion to the texts' length times the edits, and two unrelated 32,000-character texts would hold
 * the event loop for seconds; past this many, the versions are shown as one text removed and one added.
 */
export const DIFF_MAX_EDITS = 1000;

/** The words of `before` and `after` (Markdown), as kept, removed and added parts in reading order. */
export function diffVersions(before: string, after: string): DiffPart[] {
  const [a, b] = [markdownText(before), markdownText(after)];
  const changes = diffWordsWithSpace(a, b, { maxEditLength: DIFF_MAX_EDITS });
  if (!changes) {
    const whole: DiffPart[] = [
      { kind: 'removed', text: a },
      { kind: 'added', text: b },
    ];
    return whole.filter((part) => part.text !== '');
  }
  return changes
    .filter((change) => change.value !== '')
    .map((change) => ({
      kind: change.added ? 'added' : change.removed ? 'removed' : 'unchanged',
      text: change.value,
    }));
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const TAGS: Record<DiffPartKind, string> = { added: 'ins', removed: 'del', unchanged: 'span' };

/**
 * The parts as HTML: added words in <ins>, removed ones in <del>, every text escaped. Line breaks are
 * kept as they are: the container shows them with `white-space: pre-wrap`.
 */
export function diffHtml(parts: readonly DiffPart[]): string {
  const body = parts.map(({ kind, text }) => `<${TAGS[kind]}>${escapeHtml(text)}</${TAGS[kind]}>`).join('');
  return `<div class="version-diff">${body}</div>`;
}
