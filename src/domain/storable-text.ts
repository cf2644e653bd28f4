import { z } from 'zod';

// Text that Postgres can store, in one place. Postgres refuses NUL in `text` and `\u0000` in `jsonb`
// (22021 / 22P05), and the other C0 control characters have no business in a legal document: they
// are refused at the door (400 naming the field) and dropped from the model's output.
//
// Kept: tab, newline and carriage return. CR stays because browsers send a textarea's line breaks as
// CRLF, so refusing it would refuse every multi-line prompt typed in the page; Postgres stores it.

/** C0 control characters other than tab (09), newline (0A) and carriage return (0D). */
const UNSTORABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const UNSTORABLE_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;

export const UNSTORABLE_MESSAGE =
  'must not contain control characters (only tab, newline and carriage return are allowed)';

export function isStorable(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/** The text without the characters storage cannot hold (model output, which is not ours to refuse). */
export function cleanText(text: string): string {
  return text.replace(UNSTORABLE_ALL, '');
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
 * Where in a JSON value (keys and values, at any depth) a string storage cannot hold is, or undefined.
 * Walks with a stack of its own, so even a value nested deeper than the parse cap cannot overflow it.
 */
export function findUnstorable(value: unknown): { path: (string | number)[]; inKey: boolean } | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { value: current, path } = next;
    if (typeof current === 'string') {
      if (!isStorable(current)) return { path, inKey: false };
    } else if (Array.isArray(current)) {
      for (const [i, item] of current.entries()) stack.push({ value: item, path: [...path, i] });
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        // The key itself is left out of the path: it would carry the very character into the message.
        if (!isStorable(key)) return { path, inKey: true };
        stack.push({ value: item, path: [...path, key] });
      }
    }
  }
  return undefined;
}

/** A JSON object (webhook metadata) whose keys and values, at any depth, storage can hold. */
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
