import { describe, expect, it } from 'vitest';
import { createGenerationRequest } from '../../src/api/schemas.js';
import { detailsFromForm } from '../../src/views/details-form.js';
import { fieldErrors, fieldLabel } from '../../src/views/form-errors.js';
import { en } from '../../src/views/i18n/en.js';
import { fr } from '../../src/views/i18n/fr.js';

// The start form's refusals, said to a person in the page's language, one sentence per field.

const request = createGenerationRequest(4000);

function errorsOf(form: Record<string, string>, t = en) {
  const template = (form.template ?? 'terms-of-service') as 'terms-of-service' | 'privacy-policy' | 'nda';
  const details = detailsFromForm(template, form);
  const parsed = request.safeParse({
    prompt: form.prompt,
    template,
    details: Object.keys(details).length > 0 ? details : undefined,
  });
  if (parsed.success) throw new Error('expected a refusal');
  return fieldErrors(parsed.error, t);
}

describe('the sentences of a refused start form', () => {
  it('names each field at fault with a sentence of its kind, in the page language', () => {
    const form = {
      prompt: 'A shop',
      'd.contactEmail': 'nope',
      'd.website': 'ftp://example.com',
      'd.minimumAge': '9',
      'd.effectiveDate': '31/12/2026',
      'd.legalName': 'x'.repeat(201),
    };
    expect(errorsOf(form)).toEqual({
      'd.contactEmail': en.errorEmail,
      'd.website': en.errorUrl,
      'd.minimumAge': en.errorAtLeast(13),
      'd.effectiveDate': en.errorDate,
      'd.legalName': en.errorTooLong(200),
    });
    expect(errorsOf(form, fr)['d.minimumAge']).toBe('Saisissez 13 ou plus.');
  });

  it('says what is missing when there is nothing to draft from, and refuses unstorable text', () => {
    expect(errorsOf({})).toEqual({ prompt: en.errorPromptOrDetails });
    expect(errorsOf({ prompt: 'a\u0000b' })).toEqual({ prompt: en.errorCharacters });
    expect(errorsOf({ prompt: 'A shop', 'd.minimumAge': 'twelve' })).toEqual({ 'd.minimumAge': en.errorWholeNumber });
    expect(errorsOf({ prompt: 'A shop', 'd.minimumAge': '40' })).toEqual({ 'd.minimumAge': en.errorAtMost(21) });
  });

  it('labels each field as the form does', () => {
    expect(fieldLabel('d.termYears', fr)).toBe(fr.detailLabels.termYears);
    expect(fieldLabel('prompt', en)).toBe(en.fieldPrompt);
  });
});

describe('fields that do not apply', () => {
  it('reads no one-way discloser for a mutual NDA', () => {
    const form = { 'd.kind': 'mutual', 'd.discloser': 'business', 'd.purpose': 'A pilot' };
    expect(detailsFromForm('nda', form)).toEqual({ kind: 'mutual', purpose: 'A pilot' });
    expect(detailsFromForm('nda', { ...form, 'd.kind': 'one-way' })).toEqual({
      kind: 'one-way',
      discloser: 'business',
      purpose: 'A pilot',
    });
  });
});
