import { z } from 'zod';

// The one text policy, for every door: what a request may carry (body fields at any depth, edits,
// webhook metadata and details) and what a document may hold (model output, edits, exports).
//
// Refused at the door (400 naming the field, before anything is stored or any budget spent) and
// dropped from the model's output: what no storage or file format can hold.
// - C0 control characters but tab, newline and carriage return: Postgres refuses NUL in `text` and
//   `\u0000` in `jsonb`, and XML 1.0 (so a .docx) forbids the others. CR stays because browsers send
//   a textarea's line breaks as CRLF.
// - Unpaired surrogates: not Unicode text at all. UTF-8 cannot encode them (a `text` column would get
//   U+FFFD in their place) and Postgres refuses them in `jsonb` (a 500, once).
// - Noncharacters (U+FDD0–U+FDEF and the last two code points of every plane, U+FFFE, U+FFFF,
//   U+1FFFE …): reserved for a program's internal use; XML 1.0 forbids U+FFFE and U+FFFF, which made
//   a .docx Word and LibreOffice could not open.
//
// Dropped from what becomes a document (model output, an edit's text, every export), not refused in
// requests (a prompt is the client's own business): invisible formatting that changes how text reads
// without showing itself.
// - Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder what
//   follows, so a clause can read differently from what it says (reversed-text spoofing).
// - The byte order mark (U+FEFF), DEL and the C1 controls (U+007F–U+009F), the invisible operators
//   and word joiner (U+2060–U+2064), deprecated format controls (U+206A–U+206F, U+180E), interlinear
//   annotations (U+FFF9–U+FFFB) and tag characters (U+E0000–U+E007F, invisible ASCII look-alikes).
// - The line and paragraph separators (U+2028, U+2029) and NEL (U+0085) become a newline: they are
//   line breaks, and the words on either side must not run together.
// Kept, because text needs them: ZWJ (U+200D: emoji sequences, Indic conjuncts) and ZWNJ (U+200C:
// Persian, Indic), the direction marks LRM, RLM and ALM (U+200E, U+200F, U+061C: they only settle
// neutral characters and cannot reorder words), ZWSP (U+200B: word breaks in Thai, Khmer, Lao),
// the soft hyphen and variation selectors.

/** Characters refused in requests and dropped from model output (see above). */
const REFUSED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\p{Cs}\p{Noncharacter_Code_Point}]/u;
const REFUSED_ALL = new RegExp(REFUSED.source, 'gu');
/** Invisible formatting dropped from document text (see above). */
const INVISIBLE_ALL =
  /[\u007F-\u0084\u0086-\u009F\u180E\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB\u{E0000}-\u{E007F}]/gu;
const LINE_SEPARATORS_ALL = /[\u0085\u2028\u2029]/g;

export const UNSTORABLE_MESSAGE =
  'must not contain control characters, unpaired surrogates or noncharacters (only tab, newline and carriage return are allowed)';

export function isStorable(text: string): boolean {
  return !REFUSED.test(text);
}

/**
 * The text as a document may hold it: refused characters and invisible formatting dropped, line
 * separators made newlines. For model output (which is not ours to refuse), an edit's text and
 * every export, whatever was stored before this policy.
 */
export function cleanText(text: string): string {
  return text.replace(REFUSED_ALL, '').replace(INVISIBLE_ALL, '').replace(LINE_SEPARATORS_ALL, '\n');
}

/**
 * `cleanText` for a stream of deltas: a high surrogate that ends one delta is held until the next,
 * since a model (or a proxy) may cut a pair in two; only one left unpaired at the end is dropped.
 */
export class StreamTextCleaner {
  private held = '';

  push(delta: string): string {
    const text = this.held + delta;
    const last = text.charCodeAt(text.length - 1);
    const cut = last >= 0xd800 && last <= 0xdbff ? text.length - 1 : text.length;
    this.held = text.slice(cut);
    return cleanText(text.slice(0, cut));
  }

  /** What is still held at the end of the stream: nothing storable (a lone high surrogate). */
  end(): string {
    const rest = cleanText(this.held);
    this.held = '';
    return rest;
  }
}

/** A string whose every character storage can hold; chain `.trim()`, `.min()`, `.max()` after it. */
export function storableString() {
  return z.string().refine(isStorable, { message: UNSTORABLE_MESSAGE, abort: true });
}

/** A prompt, wherever one comes in (JSON API, page form, legacy route, webhook batches). */
export function promptString(maxChars: number) {
  return storableString()
    .trim()
    .min(1, 'prompt must not be empty')
    .max(maxChars, `prompt must be at most ${maxChars} characters`);
}

/**
 * Text a client writes into a document (a live edit): refused like any field, then made document
 * text (invisible formatting dropped), line breaks made LF (a textarea's CRLF) and trimmed.
 */
export function documentString() {
  return storableString().transform((text) => cleanText(text).replace(/\r\n?/g, '\n').trim());
}

/** A step of the walk below: the value, and how it was reached (its path is built only when needed). */
interface Visit {
  value: unknown;
  key?: string | number;
  parent?: Visit;
}

const pathOf = (visit: Visit | undefined): (string | number)[] => {
  const path: (string | number)[] = [];
  for (let at = visit; at?.key !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
};

/**
 * Where in a JSON value (keys and values, at any depth) a string storage cannot hold is, or undefined.
 * Walks with a stack of its own and no copy of the path per step, so even a value nested far deeper
 * than the parse cap neither overflows nor takes quadratic time.
 */
export function findUnstorable(value: unknown): { path: (string | number)[]; inKey: boolean } | undefined {
  const stack: Visit[] = [{ value }];
  for (let visit = stack.pop(); visit; visit = stack.pop()) {
    const current = visit.value;
    if (typeof current === 'string') {
      if (!isStorable(current)) return { path: pathOf(visit), inKey: false };
    } else if (Array.isArray(current)) {
      for (const [key, item] of current.entries()) stack.push({ value: item, key, parent: visit });
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        // The key itself is left out of the path: it would carry the very character into the message.
        if (!isStorable(key)) return { path: pathOf(visit), inKey: true };
        stack.push({ value: item, key, parent: visit });
      }
    }
  }
  return undefined;
}

/**
 * A JSON object (webhook metadata, business details before their template's schema) whose keys and
 * values, at any depth, storage can hold.
 */
export function storableRecord() {
  return z.record(z.string(), z.unknown()).superRefine((record, ctx) => {
    const found = findUnstorable(record);
    if (!found) return;
    ctx.addIssue({
      code: 'custom',
      path: found.path,
      message: found.inKey ? `its keys ${UNSTORABLE_MESSAGE}` : UNSTORABLE_MESSAGE,
    });
  });
}
