import { describe, expect, it } from 'vitest';
import { documentFrame } from '../../src/views/document-frame.js';
import { markdownDocument } from '../../src/views/markdown-document.js';
import { fillInLines, markdownBlocks } from '../support/word-files.js';

// The title and signature blocks, computed once from a draft's template, language and details.

const draft = (template: 'terms-of-service' | 'privacy-policy' | 'nda', language: 'en' | 'fr', details = {}) => ({
  template,
  language,
  outline: null,
  details,
});

describe('the frame of a document', () => {
  it('names the business (legal and trading), its contact and the effective date under the title of a notice', () => {
    const frame = documentFrame(
      draft('terms-of-service', 'en', {
        legalName: 'Snapify SAS',
        tradingName: 'Snapify',
        website: 'https://snapify.example',
        contactEmail: 'legal@snapify.example',
        effectiveDate: '2026-03-01',
      }),
    );
    expect(frame.title).toBe('Terms of Service');
    expect(frame.lines).toEqual([
      { kind: 'business', text: 'Snapify SAS, trading as Snapify' },
      { kind: 'contact', text: 'https://snapify.example · legal@snapify.example' },
      { kind: 'date', text: 'Effective date: 1 March 2026' },
    ]);
    expect(frame.signatures).toBeUndefined();
    expect(frame.header).toBe('Snapify · Terms of Service');
  });

  it('says nothing it was not given', () => {
    const frame = documentFrame(draft('privacy-policy', 'en', { tradingName: 'Trailhead' }));
    expect(frame.lines).toEqual([{ kind: 'business', text: 'Trailhead' }]);
    expect(documentFrame(draft('privacy-policy', 'en')).lines).toEqual([]);
  });

  it('names the parties of an NDA, with their roles, and gives each a signature block, in French', () => {
    const frame = documentFrame(
      draft('nda', 'fr', {
        legalName: 'Trailhead SAS',
        counterparty: 'Acme Ltd',
        kind: 'one-way',
        discloser: 'counterparty',
        effectiveDate: '2026-12-04',
      }),
    );
    expect(frame.title).toBe('Accord de confidentialité');
    expect(frame.lines.map((l) => l.text)).toEqual([
      'Entre Trailhead SAS (la « Partie destinataire »)',
      'et Acme Ltd (la « Partie divulgatrice »)',
      'Date d’entrée en vigueur : 4 décembre 2026',
    ]);
    expect(frame.signatures?.blocks).toEqual([
      {
        heading: 'Pour Trailhead SAS (la « Partie destinataire »)',
        fields: ['Signature :', 'Nom :', 'Fonction :', 'Date :'],
      },
      {
        heading: 'Pour Acme Ltd (la « Partie divulgatrice »)',
        fields: ['Signature :', 'Nom :', 'Fonction :', 'Date :'],
      },
    ]);
    expect(frame.pageWords).toEqual({ page: 'Page', of: 'sur' });
  });

  it('signs a mutual NDA without roles, a party not named as a placeholder, and by legal name', () => {
    const frame = documentFrame(
      draft('nda', 'en', { legalName: 'Trailhead Ltd', tradingName: 'Trailhead', kind: 'mutual' }),
    );
    expect(frame.lines.map((l) => l.text)).toEqual([
      'Between Trailhead Ltd, trading as Trailhead',
      'and [Other Party]',
    ]);
    expect(frame.signatures?.blocks.map((b) => b.heading)).toEqual(['For Trailhead Ltd', 'For [Other Party]']);
    expect(frame.signatures?.blocks[0]?.fields).toEqual(['Signature:', 'Name:', 'Title:', 'Date:']);
  });

  it('passes the business’s words through the text policy', () => {
    const frame = documentFrame(draft('terms-of-service', 'en', { legalName: 'Acme\u202E Corp\u2066' }));
    expect(frame.lines[0]?.text).toBe('Acme Corp');
  });
});

describe('the Markdown file of a draft', () => {
  it('holds the title block, the sections and the signature blocks, the business’s words escaped', () => {
    const frame = documentFrame(
      draft('nda', 'en', { legalName: 'Acme *Corp*_1', counterparty: '# Beta <b>', effectiveDate: '2026-01-31' }),
    );
    const markdown = markdownDocument(frame, [
      { index: 1, title: 'Parties and Purpose', content: 'The **parties** agree.' },
    ]);
    expect(markdown.startsWith('# Non-Disclosure Agreement\n\nBetween Acme \\*Corp\\*\\_1\n\n')).toBe(true);
    expect(markdownBlocks(markdown)).toEqual([
      'Non-Disclosure Agreement',
      'Between Acme *Corp*_1',
      'and # Beta <b>',
      'Effective date: 31 January 2026',
      '1. Parties and Purpose',
      'The parties agree.',
      'Signatures',
      'Signed by the authorised representative of each party.',
      'For Acme *Corp*_1',
      ...fillInLines('en'),
      'For # Beta <b>',
      ...fillInLines('en'),
    ]);
  });
});
