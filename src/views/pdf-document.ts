import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, ContentText, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { FinishedSection } from '../domain/templates.js';
import { cleanSections, FILL_IN_LINE, type DocumentFrame } from './document-frame.js';
import { markdownBlocks, type Block, type Run } from './markdown-blocks.js';

// The draft as a PDF, laid out by pdfmake (pure JavaScript, over PDFKit) from the same blocks as the
// Word file (markdown-blocks.ts): the title block, numbered section headings (also the PDF's
// bookmarks), sub-headings, paragraphs, bulleted and numbered lists, bold and italics, an agreement's
// signature blocks; the business and title in the header from page 2, `Page N of M` in the footer.
// Rendering a long draft takes a while: the API runs this in a worker thread (pdf-renderer.ts).

export interface PdfDocumentInput {
  frame: DocumentFrame;
  sections: readonly FinishedSection[];
}

// Roboto, shipped with pdfmake: embedded (subset) so every Latin, Greek and Cyrillic letter prints as
// typed, where PDF's 14 standard fonts know only the Windows-1252 characters.
const require = createRequire(import.meta.url);
const FONTS = require('pdfmake/fonts/Roboto.js') as { Roboto: Record<string, string> };
const FONT_DIR = dirname(FONTS.Roboto.normal ?? '');
pdfmake.setFonts(FONTS);
// Nothing the document holds is fetched or read from disk: only the fonts are.
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => dirname(path) === FONT_DIR);

const MARGIN = 56;
const PAGE_WIDTH = 595.28; // A4, in points
const LIST_INDENT = 18;
const MARKER_WIDTH = 18;

/**
 * A word longer than a line has no place to break, and pdfmake then fits it character by character,
 * measuring the rest again each time: a 32,000-character "word" took over a minute and a half. A
 * zero-width space (a break opportunity, a glyph of the font) after every 48 characters of such a word
 * lets it wrap like any text; the words of prose and addresses are far shorter and stay as they are.
 */
const breakable = (text: string) => text.replace(/\S{48}(?=\S)/gu, '$&\u200B');

const textOf = (runs: readonly Run[]): ContentText['text'] =>
  runs.map((run) => ({
    text: breakable(run.breakBefore ? `\n${run.text}` : run.text),
    bold: run.bold,
    italics: run.italics,
    ...(run.code ? { background: '#f1eee6' } : {}),
  }));

function blockContent(block: Block): Content {
  switch (block.type) {
    case 'table':
      return {
        table: {
          // Repeated at the top of each page the table runs onto; a table of only a head has none.
          headerRows: Math.min(block.rows.filter((row) => row.header).length, block.rows.length - 1),
          widths: (block.rows[0]?.cells ?? []).map(() => '*'),
          body: block.rows.map((row) => row.cells.map((cell) => ({ text: textOf(cell), bold: row.header }))),
        },
        layout: 'lightHorizontalLines',
        fontSize: 9.5,
        margin: [0, 2, 0, 10],
      };
    case 'heading':
      return { text: textOf(block.runs), style: 'subheading', headlineLevel: 2 };
    case 'code':
      return { text: breakable(block.lines.join('\n')), style: 'code', preserveLeadingSpaces: true };
    case 'paragraph': {
      const { list, quoted } = block;
      const left = quoted * LIST_INDENT + (list ? list.level * LIST_INDENT : 0);
      const style = quoted > 0 ? ['paragraph', 'quote'] : 'paragraph';
      if (!list) return { text: textOf(block.runs), style, margin: [left, 0, 0, 8] };
      if (!list.first) return { text: textOf(block.runs), style, margin: [left + MARKER_WIDTH, 0, 0, 4] };
      const marker = list.kind === 'bullet' ? '•' : `${list.number}.`;
      return {
        columns: [
          { text: marker, width: MARKER_WIDTH },
          { text: textOf(block.runs), width: '*', style },
        ],
        columnGap: 2,
        margin: [left, 0, 0, 4],
      };
    }
  }
}

function titleBlock(frame: DocumentFrame): Content[] {
  return [
    { text: frame.title, style: 'title' },
    ...frame.lines.map((line) => ({
      text: breakable(line.text),
      style: line.kind === 'business' ? 'business' : 'frameLine',
    })),
    {
      canvas: [{ type: 'line', x1: 0, y1: 0, x2: PAGE_WIDTH - 2 * MARGIN, y2: 0, lineWidth: 0.5, lineColor: '#999' }],
      margin: [0, 10, 0, 16],
    },
  ];
}

function signatureBlocks(signatures: NonNullable<DocumentFrame['signatures']>): Content[] {
  return [
    { text: signatures.heading, style: 'sectionHeading', headlineLevel: 1, outline: true },
    { text: signatures.intro, style: 'paragraph' },
    ...signatures.blocks.map((block): Content => ({
      // A party's block is never split across two pages.
      unbreakable: true,
      stack: [
        { text: breakable(block.heading), bold: true, margin: [0, 14, 0, 4] },
        ...block.fields.map((field): Content => ({ text: `${field} ${FILL_IN_LINE}`, margin: [0, 12, 0, 0] })),
      ],
    })),
  ];
}

/** The pdfmake document: plain data but for the header and footer, which number the pages. */
function pdfDefinition({ frame, sections }: PdfDocumentInput): TDocumentDefinitions {
  let lists = 0;
  const nextList = () => ++lists;
  const content: Content[] = titleBlock(frame);
  for (const section of cleanSections(sections)) {
    const heading = breakable(`${section.index}. ${section.title}`);
    content.push({ text: heading, style: 'sectionHeading', headlineLevel: 1, outline: true });
    for (const block of markdownBlocks(section.content, nextList)) content.push(blockContent(block));
  }
  if (frame.signatures) content.push(...signatureBlocks(frame.signatures));
  const { page, of } = frame.pageWords;
  return {
    info: { title: frame.title, creator: 'Contract Generator', producer: 'Contract Generator (pdfmake)' },
    language: frame.language === 'fr' ? 'fr-FR' : 'en-GB',
    pageSize: 'A4',
    pageMargins: [MARGIN, 64, MARGIN, 64],
    header: (current) =>
      current === 1 ? null : { text: frame.header, style: 'running', margin: [MARGIN, 30, MARGIN, 0] },
    footer: (current, total) => ({ text: `${page} ${current} ${of} ${total}`, style: 'pageNumber' }),
    // A heading never ends a page: it moves to the next one with the text it heads.
    pageBreakBefore: (node, following) =>
      node.headlineLevel !== undefined && following.getFollowingNodesOnPage().length === 0,
    content,
    defaultStyle: { font: 'Roboto', fontSize: 10.5, lineHeight: 1.25 },
    styles: {
      title: { fontSize: 20, bold: true, alignment: 'center', margin: [0, 0, 0, 10] },
      business: { fontSize: 12.5, bold: true, alignment: 'center', margin: [0, 0, 0, 4] },
      frameLine: { alignment: 'center', margin: [0, 0, 0, 4], color: '#333' },
      sectionHeading: { fontSize: 13, bold: true, margin: [0, 14, 0, 6] },
      subheading: { fontSize: 11, bold: true, margin: [0, 8, 0, 4] },
      paragraph: { alignment: 'justify' },
      quote: { italics: true, color: '#444' },
      code: { fontSize: 9, background: '#f1eee6', margin: [0, 0, 0, 8] },
      running: { fontSize: 8, color: '#666', alignment: 'right' },
      pageNumber: { fontSize: 9, alignment: 'center', margin: [0, 24, 0, 0] },
    },
  };
}

/** The PDF file of a draft (in the calling thread: see pdf-renderer.ts for the API's worker). */
export async function buildPdfDocument(input: PdfDocumentInput): Promise<Buffer> {
  return pdfmake.createPdf(pdfDefinition(input)).getBuffer();
}
