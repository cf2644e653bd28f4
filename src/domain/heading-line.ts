// What one line of a model's answer is, read the way a reader would: the heading of a section it was
// asked for (in any of the shapes models write them), the heading of a section it was not asked for,
// a thematic break, a code fence, a remark addressed to the user, or text.
//
// A heading, once its Markdown is set aside (up to 3 spaces of indent, `#` to `######`, `**`/`__`/`*`/`_`
// emphasis anywhere on the line, a closing `#` run), is:
// - a number: `N`, then `.`, `)`, `:`, `-`, `–`, `—` or nothing, then the title (maybe empty);
//   `Article N`, `Section N`, `Art. N`, `Clause N` the same way (French `Article 1 – Objet` too);
//   `1.1 Scope` is a sub-heading, never a section's;
// - or the title of a section alone.
// Which section it heads: the one whose title it is (title-match.ts), else the one whose number it
// gives when the title is empty or a rewording of that section's (a run on title counts; the section
// expected next needs only a telling word in common). A line that
// gives a section's number with an unrelated title is a numbered line of the text, unless it is
// written as a heading (`#`s no deeper than the section headings so far, or `Article N`): then it heads
// a section nobody asked for, and what follows it is kept out of the draft.
import { foldTitle, similarTitles, titleKey } from './title-match.js';

export interface OutlineSection {
  index: number;
  title: string;
}

export type LineKind =
  /** `rest`: the text after a run-in heading (`**1. Fees.** The Customer pays…`), the section's first words. */
  | { kind: 'heading'; index: number; level: number | undefined; rest?: string }
  | { kind: 'foreign' }
  | { kind: 'rule' }
  | { kind: 'fence' }
  | { kind: 'closing' }
  | { kind: 'content' };

/** What the reader knows of the answer so far when it reads a line. */
export interface LineContext {
  /** The sections asked for and not yet begun in this answer. */
  open: readonly OutlineSection[];
  /** The `#` level of the first section heading read (undefined: none yet, or not `#`-styled). */
  sectionLevel: number | undefined;
  /** The section expected next: the first not begun after the last one begun. */
  next: number | undefined;
}

const KEYWORDS = 'article|section|art\\.?|clause|part|partie|chapter|chapitre|titre|§';
const KEYWORD = new RegExp(`^(?:${KEYWORDS})[ \\t]*(?=\\d|[IVX]|premier\\b|1er\\b)`, 'i');
const KEYWORD_START = new RegExp(
  `^(?:${KEYWORDS})[ \\t]*(?:p(?:r(?:e(?:m(?:i(?:e(?:r)?)?)?)?)?)?|1(?:e(?:r)?)?)$`,
  'i',
);
const KEYWORD_WORDS = [
  'article ',
  'section ',
  'art. ',
  'art ',
  'clause ',
  'part ',
  'partie ',
  'chapter ',
  'chapitre ',
  'titre ',
  '§',
];
/** An HTML heading on a line of its own (`<h2>1. Title</h2>`), as some models answer. */
const HTML_HEADING = /^<h([1-6])(?:\s[^>]*)?>(.*?)<\/h\1>$/i;
// A number (digits, a Roman numeral before a delimiter, `premier`/`1er` as in `Article premier`), then a
// delimiter not followed by a digit (`1.1` is a sub-heading), or a blank, or the end.
const NUMBER = /^(\d{1,3}|[IVX]{1,5}(?=[ \t]*[.):\-–—])|[Pp]remier|1er)(?:[ \t]*[.):\-–—](?!\d)|(?=[ \t]|$))[ \t]*/;
const NUMBER_START = /^(?:\d{1,3}|[IVX]{1,5}(?=[ \t]*[.):\-–—])|[Pp]remier|1er)/;
const ROMAN: Readonly<Record<string, number>> = { I: 1, V: 5, X: 10 };

/** The value of a section number as written: `12`, `XII`, `premier`. */
function numberValue(written: string): number {
  if (/^\d/.test(written)) return Number.parseInt(written, 10);
  if (/^[Pp]remier$/.test(written)) return 1;
  let total = 0;
  for (let i = 0; i < written.length; i++) {
    const value = ROMAN[written.charAt(i)] ?? 0;
    total += value < (ROMAN[written.charAt(i + 1)] ?? 0) ? -value : value;
  }
  return total;
}
const FENCE = /^(?:```|~~~)[^`]*$/;
const RULE = /^([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const EMPHASIS = /\*+|(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu;

/**
 * How remarks addressed to the user begin (folded: see title-match.ts), in English and French. Kept
 * to phrases a legal text does not open a line with.
 */
const CLOSING_PHRASES = [
  'let me know',
  'please let me know',
  'i hope this',
  'i hope these',
  'feel free to',
  'would you like me',
  'would you like any',
  'if you would like me',
  'if you d like me',
  'if you need any changes',
  'if you need any adjustments',
  'i can also',
  'i can adjust',
  'i have drafted',
  'here is the draft',
  'here is your',
  'here s the',
  'here s your',
  'note this draft',
  'this draft is provided',
  'this completes',
  'n hesitez pas',
  'j espere',
  'si vous souhaitez que',
  'souhaitez vous que',
  'voici le projet',
  'voici votre',
  'je peux egalement',
  'remarque ce projet',
  'note ce projet',
  'this is not legal advice',
  'this document is not legal advice',
  'this draft is not legal advice',
  'i am not a lawyer',
  'please consult a',
  'you should consult a',
  'disclaimer this',
  'ce document ne constitue pas un conseil',
  'ce projet ne constitue pas un conseil',
  'i ve drafted',
  'i ve written',
  'hope this helps',
  'i hope that helps',
  'je reste a votre disposition',
].map((phrase) => `${phrase} `);

/** Markdown that frames a heading: indent, `#` run (its level), and the line's end (closing `#`s). */
function frame(line: string): { level: number | undefined; body: string } | undefined {
  const text = line.replace(/[ \t]+$/, '');
  const indent = /^ {0,3}/.exec(text)?.[0].length ?? 0;
  const rest = text.slice(indent);
  if (rest.startsWith(' ') || rest.startsWith('\t')) return undefined;
  const html = HTML_HEADING.exec(rest);
  if (html) return { level: Number(html[1]), body: (html[2] ?? '').replace(/<\/?(?:strong|b|em|i)>/gi, '') };
  const hashes = /^(#{1,6})(?:[ \t]+|$)/.exec(rest);
  if (!hashes) return rest.startsWith('#') ? undefined : { level: undefined, body: rest };
  const body = rest.slice(hashes[0].length).replace(/(?:^|[ \t]+)#+$/, '');
  return { level: hashes[1]?.length, body };
}

function withoutEmphasis(text: string): string {
  return text.replace(EMPHASIS, '').trim();
}

function byTitle(title: string, open: readonly OutlineSection[]): OutlineSection | undefined {
  const key = titleKey(title);
  return key === '' ? undefined : open.find((section) => titleKey(section.title) === key);
}

/**
 * A bold lead followed by text on the same line (`**1. Fees.** The Customer pays…`): a heading when the
 * lead is exactly a section's title (numbered or not), never a reworded one (that is a bold clause).
 */
function runIn(body: string, context: LineContext): LineKind | undefined {
  const lead = /^(\*\*|__)(.+?)\1/.exec(body);
  if (!lead?.[2]) return undefined;
  const rest = body
    .slice(lead[0].length)
    .replace(/^[ \t]*[.:\-–—][ \t]*/, '')
    .trim();
  if (rest === '') return undefined;
  const head = withoutEmphasis(lead[2]);
  const keyword = KEYWORD.exec(head);
  const afterKeyword = keyword ? head.slice(keyword[0].length) : head;
  const number = NUMBER.exec(afterKeyword);
  const title = (number ? afterKeyword.slice(number[0].length) : afterKeyword).replace(/[ \t]*[.:]$/, '');
  const titled = byTitle(title, context.open);
  return titled && (number || !keyword) ? { kind: 'heading', index: titled.index, level: undefined, rest } : undefined;
}

/** What a whole line is (without its line ending). */
export function classifyLine(line: string, context: LineContext): LineKind {
  const framed = frame(line);
  if (!framed) return { kind: 'content' };
  const { level, body } = framed;
  const lead = level === undefined ? runIn(body, context) : undefined;
  if (lead) return lead;
  if (level === undefined) {
    if (FENCE.test(body)) return { kind: 'fence' };
    if (RULE.test(body)) return { kind: 'rule' };
  }
  const marked = level !== undefined || /^(\*\*|__)/.test(body);
  const plain = withoutEmphasis(body);
  if (plain === '') return { kind: 'content' };
  const keyword = KEYWORD.exec(plain);
  const afterKeyword = keyword ? plain.slice(keyword[0].length) : plain;
  const number = NUMBER.exec(afterKeyword);
  const title = number ? afterKeyword.slice(number[0].length).replace(/[ \t]*[.:]$/, '') : plain;
  const titled = byTitle(title, context.open);
  if (titled && (number || !keyword)) return { kind: 'heading', index: titled.index, level };
  if (number) {
    const numbered = context.open.find((section) => section.index === numberValue(number[1] ?? ''));
    // Only a line written as a heading may give a reworded title: a plain `3. User accounts are…` is a
    // list item. The section expected next may be reworded more freely than one out of order; a title
    // with nothing in common is a section nobody asked for (`## 2. Definitions` inserted).
    const headingDepth = level !== undefined && (context.sectionLevel === undefined || level <= context.sectionLevel);
    // Loosely only for a `#` heading at the sections' depth or `Article N`: a bold `**2. Payment terms.**`
    // inside a section is one of its clauses.
    const inSequence = numbered !== undefined && numbered.index === context.next && (headingDepth || keyword !== null);
    const reworded = title === '' || similarTitles(title, numbered?.title ?? '', inSequence);
    if (numbered && reworded && (marked || keyword)) {
      return { kind: 'heading', index: numbered.index, level };
    }
    // `Article 9 – Title` heads a section; `Section 2 of this Agreement…` is a sentence.
    const keywordHeading = keyword !== null && (title === '' || /[.):\-–—]/.test(number[0])) && title.length <= 100;
    if (headingDepth || keywordHeading) return { kind: 'foreign' };
    return { kind: 'content' };
  }
  if (level === undefined && isClosing(plain)) return { kind: 'closing' };
  return { kind: 'content' };
}

/**
 * How a continuation's reply may open before taking the text up again ("Sure, continuing from where I
 * left off:"), in English and French: said to the user, not the section's. Only a whole line that ends
 * with a colon (or is one of these words alone) is taken for one, and only at a continuation's start.
 */
const CONTINUATION_PHRASES = [
  'sure',
  'certainly',
  'of course',
  'absolutely',
  'okay',
  'ok',
  'continuing',
  'continued',
  'here is the rest',
  'here s the rest',
  'here is the continuation',
  'here s the continuation',
  'here is the remainder',
  'here s the remainder',
  'picking up where',
  'resuming',
  'bien sur',
  'certainement',
  'd accord',
  'voici la suite',
  'voici la fin',
  'suite du',
  'suite de la',
  'je poursuis',
  'je continue',
  'je reprends',
  'reprise',
];

/** Whether a whole line is a continuation's opening remark (see CONTINUATION_PHRASES). */
export function isContinuationRemark(line: string): boolean {
  const folded = foldTitle(line).trim();
  if (!CONTINUATION_PHRASES.some((phrase) => folded === phrase || folded.startsWith(`${phrase} `))) return false;
  return /:\s*$/.test(line) || CONTINUATION_PHRASES.includes(folded);
}

/** Whether a line beginning with `prefix` could still be a continuation's opening remark. */
export function mayBeContinuationRemark(prefix: string): boolean {
  const folded = foldTitle(prefix).trimStart();
  if (folded === '') return true;
  return CONTINUATION_PHRASES.some((phrase) => phrase.startsWith(folded) || folded.startsWith(phrase));
}

function isClosing(text: string): boolean {
  const folded = `${foldTitle(text).trimStart()} `;
  return CLOSING_PHRASES.some((phrase) => folded.startsWith(phrase));
}

/** Whether a line's start is decided: `no` it is text; `maybe` it is not decided yet; `line` it is held to its end. */
export type LineStart = 'no' | 'maybe' | 'line';

/**
 * Whether a line beginning with `prefix` could still turn out to be something other than text
 * (a heading, a break, a fence, a remark to the user): its start is then held back until it is decided.
 */
export function lineStart(prefix: string, context: LineContext): LineStart {
  const leading = /^ */.exec(prefix)?.[0].length ?? 0;
  if (leading > 3 || prefix.startsWith('\t')) return 'no';
  const rest = prefix.slice(leading);
  if (rest === '' || /^(?:`{1,2}|~{1,2})$/.test(rest)) return 'maybe';
  if (/^(?:```|~~~)/.test(rest)) return 'line';
  if (/^([-*_])(?:[ \t]*\1)*[ \t]*$/.test(rest)) return 'maybe';
  if (/^=+[ \t]*$/.test(rest)) return 'maybe';
  if (/^<(?:h[1-6]?)?$/i.test(rest)) return 'maybe';
  if (/^<h[1-6][\s>]/i.test(rest)) return 'line';
  let body = rest;
  let marked = false;
  const hashes = /^#{1,6}/.exec(rest);
  if (hashes) {
    body = rest.slice(hashes[0].length);
    if (body === '') return 'maybe';
    if (!/^[ \t]/.test(body)) return 'no';
    marked = true;
  }
  const emphasis = /^[ \t]*(\*\*|__)/.test(body);
  body = body.replace(/^[ \t*_]+/, '');
  if (body === '') return 'maybe';
  marked ||= emphasis;
  const lower = body.toLowerCase();
  if (KEYWORD_WORDS.some((word) => word.startsWith(lower))) return 'maybe';
  const keyword = KEYWORD.exec(body);
  const afterKeyword = keyword ? body.slice(keyword[0].length) : body;
  // `## II` may still become `## II. Title`.
  if ((marked || keyword) && /^[IVX]{1,5}[ \t]*$/.test(afterKeyword)) return 'maybe';
  if (KEYWORD_START.test(body)) return 'maybe';
  const digits = NUMBER_START.exec(afterKeyword);
  if (digits) {
    // A line written as a numbered heading is held to its end: its title decides.
    if (marked || keyword) return 'line';
    const after = afterKeyword.slice(digits[0].length);
    if (/^[ \t]*[.):\-–—]?[ \t]*$/.test(after)) return 'maybe';
    const number = NUMBER.exec(afterKeyword);
    return number !== null && isTitleStart(afterKeyword.slice(number[0].length), context.open) ? 'maybe' : 'no';
  }
  if (isTitleStart(body, context.open)) return 'maybe';
  // A bold title run in with the section's first words (`**Fees.** The Customer…`): decided at the line's end.
  if (emphasis && startsWithTitle(body, context.open)) return 'line';
  if (hashes) return 'no';
  const folded = foldTitle(body).trimStart();
  if (CLOSING_PHRASES.some((phrase) => folded.startsWith(phrase))) return 'line';
  return CLOSING_PHRASES.some((phrase) => phrase.startsWith(folded)) ? 'maybe' : 'no';
}

function startsWithTitle(text: string, open: readonly OutlineSection[]): boolean {
  const folded = foldTitle(text).trimStart();
  return open.some((section) => folded.startsWith(`${titleKey(section.title)} `));
}

/** Whether `text` (emphasis and punctuation allowed) could be the start of one of the sections' titles. */
function isTitleStart(text: string, open: readonly OutlineSection[]): boolean {
  const folded = foldTitle(text).trimStart();
  if (folded === '') return true;
  const trimmed = folded.trimEnd();
  return open.some((section) => {
    const key = titleKey(section.title);
    return key.startsWith(folded) || key === trimmed;
  });
}
