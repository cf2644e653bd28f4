import { describe, expect, it } from 'vitest';
import { documentFrame } from '../../src/views/document-frame.js';
import { buildWordDocument } from '../../src/views/docx-document.js';
import { docxParagraphs, docxParts, docxToText, fillInLines } from '../support/word-files.js';

const sections = [
  {
    index: 1,
    title: 'Acceptance of Terms',
    content:
      'By using **Snapify** you accept *these* terms.\n\n### 1.1 Who may use it\n\n- adults only\n- one account each',
  },
  { index: 2, title: 'Fees', content: '1. first step\n2. second step\n\nA <script>alert(1)</script> & "quote".' },
];
const frame = documentFrame({
  template: 'terms-of-service',
  language: 'en',
  outline: null,
  details: { legalName: 'Snapify SAS', effectiveDate: '2026-05-01' },
});
const input = { frame, sections };

describe('the Word document of a draft', () => {
  it('has the title block, numbered headings, sub-headings, paragraphs and list items, in order', async () => {
    const paragraphs = docxParagraphs(await buildWordDocument(input)).filter((p) => p !== '');
    expect(paragraphs).toEqual([
      'Terms of Service',
      'Snapify SAS',
      'Effective date: 1 May 2026',
      '1. Acceptance of Terms',
      'By using Snapify you accept these terms.',
      '1.1 Who may use it',
      'adults only',
      'one account each',
      '2. Fees',
      'first step',
      'second step',
      'A <script>alert(1)</script> & "quote".',
    ]);
  });

  it('marks bold and italics, heading styles and list numbering, from the Markdown tokens', async () => {
    const xml = docxParts(await buildWordDocument(input))['word/document.xml'] ?? '';
    expect(xml).toMatch(/<w:r>\s*<w:rPr>\s*<w:b\/>[\s\S]*?<w:t[^>]*>Snapify<\/w:t>/);
    expect(xml).toMatch(/<w:i\/>[\s\S]*?<w:t[^>]*>these<\/w:t>/);
    expect(xml).toContain('w:val="Heading1"');
    expect(xml).toContain('w:val="Heading2"');
    expect(xml).toContain('<w:numPr>');
    // The text is escaped as XML, never markup.
    expect(xml).not.toContain('<script>');
  });

  it('puts the business in the header and page numbers in the footer', async () => {
    const parts = docxParts(await buildWordDocument(input));
    const header = Object.entries(parts).find(([name]) => name.startsWith('word/header'))?.[1] ?? '';
    const footer = Object.entries(parts).find(([name]) => name.startsWith('word/footer'))?.[1] ?? '';
    expect(header).toContain('Snapify SAS · Terms of Service');
    expect(footer).toContain('PAGE');
    expect(footer).toContain('NUMPAGES');
  });

  // LibreOffice is a test dependency (.ci/run installs it): a missing soffice fails here, not skips.
  it('reads back in LibreOffice as the same text', { timeout: 180_000 }, async () => {
    const text = await docxToText(await buildWordDocument(input));
    const lines = text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '');
    for (const expected of [
      'Terms of Service',
      '1. Acceptance of Terms',
      'By using Snapify you accept these terms.',
      '1.1 Who may use it',
      '2. Fees',
    ]) {
      expect(lines).toContain(expected);
    }
    expect(lines.some((l) => l.endsWith('adults only'))).toBe(true);
    expect(lines.some((l) => /^1\.\s*first step$/.test(l))).toBe(true);
    expect(lines.some((l) => /^2\.\s*second step$/.test(l))).toBe(true);
  });

  it(
    'stays well-formed whatever the text: what XML cannot hold and invisible formatting are dropped',
    { timeout: 180_000 },
    async () => {
      let nastiest = '';
      for (let code = 0; code < 0x20; code++) nastiest += String.fromCharCode(code);
      nastiest += '\uD800\uDBFF\uDC00\uDFFF\uFFFE\uFFFF\uFDD0\uFDEF\u{1FFFE}\u{10FFFF}\u007F\u0085\u009F';
      nastiest += '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\uFEFF\u2028\u2029]]>&<"\'';
      const file = await buildWordDocument({
        frame: documentFrame({
          template: 'nda',
          language: 'en',
          outline: null,
          details: { legalName: `Snap${nastiest}ify`, counterparty: `Acme${nastiest}` },
        }),
        sections: [{ index: 1, title: `Fees${nastiest}`, content: `Pay ${nastiest} now, 👨\u200D👩\u200D👧.` }],
      });
      // XML 1.0's Char production: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF.
      const illegal = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
      for (const [name, xml] of Object.entries(docxParts(file))) {
        expect(xml, name).not.toMatch(illegal);
        expect(xml, name).not.toMatch(/[\u202A-\u202E\u2066-\u2069\uFEFF\u007F-\u009F\u2028\u2029]/);
      }
      const text = await docxToText(file);
      expect(text).toContain('Pay');
      expect(text).toContain('now, 👨\u200D👩\u200D👧.');
      expect(text).toContain('1. Fees');
    },
  );

  it('lays out a Markdown table as a Word table, its head bold', async () => {
    const table = '| Data | Kept for |\n|---|---|\n| **Email** | 3 years |\n| Logs |'; // a short row: padded
    const file = await buildWordDocument({ frame, sections: [{ index: 1, title: 'Retention', content: table }] });
    const xml = docxParts(file)['word/document.xml'] ?? '';
    expect(xml.match(/<w:tr>/g)).toHaveLength(3);
    expect(xml.match(/<w:tc>/g)).toHaveLength(6);
    expect(xml).toContain('<w:tblHeader/>');
    const paragraphs = docxParagraphs(file).filter((p) => p !== '');
    expect(paragraphs.slice(-6)).toEqual(['1. Retention', 'Data', 'Kept for', 'Email', '3 years', 'Logs']);
  });

  it('ends an agreement with a signature block per party, centres the title and speaks the draft’s language', async () => {
    const nda = documentFrame({
      template: 'nda',
      language: 'fr',
      outline: null,
      details: { legalName: 'Trailhead SAS', counterparty: 'Acme Ltd' },
    });
    const file = await buildWordDocument({ frame: nda, sections: [{ index: 1, title: 'Objet', content: 'Texte.' }] });
    const paragraphs = docxParagraphs(file).filter((p) => p !== '');
    expect(paragraphs).toEqual([
      'Accord de confidentialité',
      'Entre Trailhead SAS',
      'et Acme Ltd',
      '1. Objet',
      'Texte.',
      'Signatures',
      'Signé par le représentant habilité de chaque partie.',
      'Pour Trailhead SAS',
      ...fillInLines('fr'),
      'Pour Acme Ltd',
      ...fillInLines('fr'),
    ]);
    const parts = docxParts(file);
    expect(parts['word/document.xml']).toMatch(/<w:pStyle w:val="Title"\/>\s*<w:jc w:val="center"\/>/);
    expect(parts['word/styles.xml']).toContain('w:val="fr-FR"');
    const footer = Object.entries(parts).find(([name]) => name.startsWith('word/footer'))?.[1] ?? '';
    expect(footer).toContain('sur');
  });
});
