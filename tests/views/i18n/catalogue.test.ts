import { describe, expect, it } from 'vitest';
import { COMMON_DETAIL_KEYS, detailsJsonSchema } from '../../../src/domain/details.js';
import { GENERATION_STATUSES } from '../../../src/domain/statuses.js';
import { TEMPLATE_IDS } from '../../../src/domain/templates.js';
import { negotiateLanguage, textFor } from '../../../src/views/i18n/catalogue.js';
import { en } from '../../../src/views/i18n/en.js';
import { fr } from '../../../src/views/i18n/fr.js';

// One catalogue of the page words per language, with the same ids (the type checks that); these check
// what the type cannot: that each language says each thing, and which language a reader gets.

describe('the catalogues of the page words', () => {
  it('has a French word for every id, and says most of them otherwise than English', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    let same = 0;
    for (const [key, value] of Object.entries(en)) {
      const french = (fr as Record<string, unknown>)[key];
      expect(typeof french, key).toBe(typeof value);
      if (typeof value === 'string' && value === french) same += 1;
    }
    // A handful are the same word in both (Document, Section, Versions, Suggestions, Pause…).
    expect(same).toBeLessThan(10);
  });

  it('labels every status, every detail field and every choice of the form in both languages', () => {
    const keys = new Set<string>(COMMON_DETAIL_KEYS);
    const choices = new Set(['yes', 'no']);
    for (const template of TEMPLATE_IDS)
      for (const [key, property] of Object.entries(detailsJsonSchema(template).properties)) {
        keys.add(key);
        for (const value of property.enum ?? []) choices.add(String(value));
      }
    for (const t of [en, fr]) {
      for (const status of GENERATION_STATUSES) expect(t.status[status], status).toBeTruthy();
      for (const key of keys) expect(t.detailLabels[key as keyof typeof t.detailLabels], key).toBeTruthy();
      for (const choice of choices) expect(t.detailOptions[choice], choice).toBeTruthy();
    }
  });

  it('gives a reader the language asked for, then the first of Accept-Language it speaks, else English', () => {
    expect(negotiateLanguage('fr', 'en-US')).toBe('fr');
    expect(negotiateLanguage(undefined, 'fr-CA,fr;q=0.9,en;q=0.8')).toBe('fr');
    expect(negotiateLanguage(undefined, 'de-DE,de;q=0.9,fr;q=0.5,en;q=0.4')).toBe('fr');
    expect(negotiateLanguage(undefined, 'en;q=0.5,fr;q=0.9')).toBe('fr');
    expect(negotiateLanguage(undefined, 'de, ja')).toBe('en');
    expect(negotiateLanguage('xx', undefined)).toBe('en');
    expect(textFor('fr')).toBe(fr);
    expect(textFor('de')).toBe(en);
  });
});
