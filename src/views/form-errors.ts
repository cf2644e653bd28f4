import type { z } from 'zod';
import { UNSTORABLE_MESSAGE } from '../domain/storable-text.js';
import type { Catalogue } from './i18n/catalogue.js';

// A refused start form, said to a person: one sentence per field, in the page's language, shown next
// to the field (and listed above the form, linked to it). The API keeps its own messages, which name
// the field for a developer (`details.minimumAge: Too small: …`); the page reads the same zod issues
// by their kind instead of their text.

/** Form field name (`prompt`, `d.minimumAge`, …) → the sentence shown next to it. */
export type FieldErrors = Record<string, string>;

type Issue = z.core.$ZodIssue;

/** The form field an issue is about: `details.x` is the input `d.x`, any other path its first key. */
function fieldOf(issue: Issue): string {
  const [first, second] = issue.path.map(String);
  if (first === 'details' && second !== undefined) return `d.${second}`;
  return first ?? 'prompt';
}

function sentence(issue: Issue, t: Catalogue): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'number') return t.errorAtLeast(Number(issue.minimum));
      return t.errorEmpty;
    case 'too_big':
      if (issue.origin === 'number') return t.errorAtMost(Number(issue.maximum));
      if (issue.origin === 'array') return t.errorTooManyLines(Number(issue.maximum));
      return t.errorTooLong(Number(issue.maximum));
    case 'invalid_type':
      return issue.expected === 'number' || issue.expected === 'int' ? t.errorWholeNumber : t.errorInvalid;
    case 'invalid_format':
      if (issue.format === 'email') return t.errorEmail;
      if (issue.format === 'url') return t.errorUrl;
      if (issue.format === 'date') return t.errorDate;
      return t.errorInvalid;
    case 'invalid_value':
      return t.errorChoice;
    case 'custom':
      // The refinements of a draft request: storable text, and "a prompt or some details" (on `prompt`).
      if (issue.message === UNSTORABLE_MESSAGE) return t.errorCharacters;
      return fieldOf(issue) === 'prompt' ? t.errorPromptOrDetails : t.errorInvalid;
    default:
      return t.errorInvalid;
  }
}

/** The first sentence for each field at fault, in the form's order of issues. */
export function fieldErrors(error: z.ZodError, t: Catalogue): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = fieldOf(issue);
    errors[field] ??= sentence(issue, t);
  }
  return errors;
}

/** The label a person sees on the field (`prompt`, `d.minimumAge`, …), for the list above the form. */
export function fieldLabel(field: string, t: Catalogue): string {
  if (field.startsWith('d.')) return (t.detailLabels as Record<string, string>)[field.slice(2)] ?? field.slice(2);
  if (field === 'template') return t.fieldDocument;
  if (field === 'language') return t.fieldLanguage;
  return t.fieldPrompt;
}
