import { afterAll, describe, expect, it } from 'vitest';
import { documentFrame } from '../../src/views/document-frame.js';
import { markdownDocument } from '../../src/views/markdown-document.js';
import { buildPdfDocument } from '../../src/views/pdf-document.js';
import { PdfRenderer, PdfRendererBusy } from '../../src/views/pdf-renderer.js';
import { expectInOrder, pdfBodyText, pdfInfo, pdfPages } from '../support/pdf-files.js';
import { markdownBlocks } from '../support/word-files.js';

// The PDF of a draft, read back with poppler (pdftotext, pdfinfo: a test dependency that .ci/run
// installs; a missing one fails here, not skips): every block of the Markdown file, in order, the
// title block and the signatures included, a running header and a page number on every page.

const long = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `Clause ${i} binds the Receiving Party to keep the secret for the whole Term.`,
  ).join(' ');
const sections = [
  {
    index: 1,
    title: 'Parties and Purpose',
    content: `The **parties** agree on *these* terms.\n\n### 1.1 Purpose\n\n- evaluate a partnership\n- nothing else\n  - not even this\n\n${long(40)}`,
  },
  {
    index: 2,
    title: 'Obligations',
    content: `3. third step\n4. fourth step\n\n> A quoted line.\n\n\`\`\`\nverbatim line\n\`\`\`\n\n${long(120)}`,
  },
  { index: 3, title: 'Term', content: long(80) },
];
const details = {
  legalName: 'Trailhead Ltd',
  tradingName: 'Trailhead',
  counterparty: 'Acme Corp',
  kind: 'one-way',
  discloser: 'business',
  effectiveDate: '2026-12-04',
} as const;
const frameOf = (language: 'en' | 'fr') => documentFrame({ template: 'nda', language, outline: null, details });

describe('the PDF of a draft', () => {
  it('holds every block of the document, in order, with a header and numbered pages', { timeout: 60_000 }, async () => {
    const frame = frameOf('en');
    const file = new Uint8Array(await buildPdfDocument({ frame, sections }));
    expect(new TextDecoder().decode(file.slice(0, 5))).toBe('%PDF-');
    const { text, pages } = await pdfBodyText(file, {
      header: 'Trailhead · Non-Disclosure Agreement',
      pageNumber: (page, total) => `Page ${page} of ${total}`,
    });
    expect(pages).toBeGreaterThan(1);
    const blocks = markdownBlocks(markdownDocument(frame, sections));
    expect(blocks.slice(0, 4)).toEqual([
      'Non-Disclosure Agreement',
      'Between Trailhead Ltd, trading as Trailhead (the “Disclosing Party”)',
      'and Acme Corp (the “Receiving Party”)',
      'Effective date: 4 December 2026',
    ]);
    expect(blocks).toContain('For Acme Corp (the “Receiving Party”)');
    expectInOrder(text, blocks);
    // The list markers, on their items' lines: bullets, and the numbers the Markdown gave.
    expectInOrder(text, [
      '• evaluate a partnership',
      '• nothing else',
      '• not even this',
      '3. third step',
      '4. fourth step',
    ]);
    const info = await pdfInfo(file);
    expect(info.Title).toBe('Non-Disclosure Agreement');
    expect(info.Pages).toBe(String(pages));
    expect(info['Page size']).toMatch(/^595\.2\d? x 841\.8\d? pts \(A4\)/);
  });

  it('speaks the draft’s language, page numbers included', { timeout: 60_000 }, async () => {
    const frame = frameOf('fr');
    const file = new Uint8Array(await buildPdfDocument({ frame, sections: sections.slice(0, 1) }));
    const { text } = await pdfBodyText(file, {
      header: 'Trailhead · Accord de confidentialité',
      pageNumber: (page, total) => `Page ${page} sur ${total}`,
    });
    expectInOrder(text, [
      'Accord de confidentialité',
      'Entre Trailhead Ltd, exerçant sous le nom Trailhead (la « Partie divulgatrice »)',
      'Date d’entrée en vigueur : 4 décembre 2026',
      '1. Parties and Purpose',
      'Pour Trailhead Ltd (la « Partie divulgatrice »)',
      `Fonction : ${'_'.repeat(32)}`,
    ]);
  });

  it('lays out a Markdown table as a table', { timeout: 60_000 }, async () => {
    const frame = frameOf('en');
    const table = '| Data | Kept for |\n|---|---|\n| Email | 3 years |\n| Logs |';
    const file = new Uint8Array(
      await buildPdfDocument({ frame, sections: [{ index: 1, title: 'Retention', content: table }] }),
    );
    const text = (await pdfPages(file)).join('\n');
    // One row a line, its cells side by side.
    expect(text).toMatch(/Data\s+Kept for\n/);
    expect(text).toMatch(/Email\s+3 years\n/);
    expect(text).toMatch(/\n\s*Logs\s*\n/);
  });

  it('wraps a word longer than a line (pdfmake would fit it a character at a time)', { timeout: 60_000 }, async () => {
    const word = 'ab0'.repeat(3_000);
    const frame = frameOf('en');
    const file = new Uint8Array(
      await buildPdfDocument({ frame, sections: [{ index: 1, title: 'Long', content: word }] }),
    );
    const pages = await pdfPages(file);
    const lines = pages
      .join('\n')
      .split('\n')
      .filter((l) => l.includes('ab0'));
    // Wrapped at the width of the text (about 100 of these characters), never cut or run off the page.
    expect(lines.length).toBeGreaterThan(50);
    for (const line of lines) expect(line.trim().replace(/\u200B/g, '').length).toBeLessThanOrEqual(120);
    expect(lines.join('').replace(/[\s\u200B]/g, '')).toBe(word);
  });
});

describe('the PDF renderer (worker threads)', () => {
  const renderers: PdfRenderer[] = [];
  const renderer = (options: ConstructorParameters<typeof PdfRenderer>[0]) => {
    const made = new PdfRenderer(options);
    renderers.push(made);
    return made;
  };
  afterAll(() => Promise.all(renderers.map((r) => r.close())));

  it('renders off the calling thread the same document', { timeout: 60_000 }, async () => {
    const frame = frameOf('en');
    const file = await renderer({ threads: 1, queue: 2, timeoutMs: 60_000 }).render({ frame, sections });
    const { text } = await pdfBodyText(file, {
      header: 'Trailhead · Non-Disclosure Agreement',
      pageNumber: (page, total) => `Page ${page} of ${total}`,
    });
    expectInOrder(text, markdownBlocks(markdownDocument(frame, sections)));
  });

  it(
    'refuses what its threads and queue cannot hold, and abandons a render past its deadline',
    { timeout: 60_000 },
    async () => {
      const frame = frameOf('en');
      const small = renderer({ threads: 1, queue: 0, timeoutMs: 60_000 });
      const first = small.render({ frame, sections });
      await expect(small.render({ frame, sections })).rejects.toBeInstanceOf(PdfRendererBusy);
      await first;
      // Once the first is done, there is room again.
      await expect(small.render({ frame, sections: [] })).resolves.toBeInstanceOf(Uint8Array);

      const hasty = renderer({ threads: 1, queue: 0, timeoutMs: 1 });
      await expect(hasty.render({ frame, sections })).rejects.toMatchObject({ name: 'AbortError' });
    },
  );
});
