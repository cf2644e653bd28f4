import { describe, expect, it } from 'vitest';
import { buildMessages, getTemplate } from '../../src/domain/templates.js';
import { documentOf } from '../../src/domain/outlines.js';
import { writeDocument } from '../../src/sim/legal-writer.js';

describe('the simulated legal writer', () => {
  it('calls the business by the name given in its details', () => {
    const template = getTemplate('terms-of-service');
    const messages = buildMessages({
      template,
      prompt: '',
      details: { legalName: 'Acme Holdings SAS', tradingName: 'Snapify' },
      write: template.sections.map((title, i) => ({ index: i + 1, title })),
      finished: [],
    });
    const text = writeDocument({ messages });
    expect(text).toContain('Snapify');
    expect(text).not.toContain('the Company');
  });

  it('writes French when the draft is in French, with the French headings', () => {
    const template = documentOf({ template: 'privacy-policy', outline: null, language: 'fr' });
    const write = template.sections.slice(0, 3).map((title, i) => ({ index: i + 1, title }));
    const messages = buildMessages({ template, prompt: 'Une application', language: 'fr', write, finished: [] });
    const text = writeDocument({ messages });
    expect(text).toContain('## 1. Introduction et champ d’application');
    expect(text).toMatch(/\b(les|des|la Société|la Plateforme)\b/);
    expect(text).not.toMatch(/\bthe Company\b/);
  });
});
