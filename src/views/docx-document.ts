import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow as WordTableRow,
  TextRun,
  WidthType,
  type IParagraphOptions,
} from 'docx';
import type { FinishedSection } from '../domain/templates.js';
import { cleanSections, FILL_IN_LINE, type DocumentFrame } from './document-frame.js';
import { markdownBlocks, type Block, type Run, type TableRow } from './markdown-blocks.js';

// The draft as a Word document, built with the `docx` package from the blocks markdown-blocks.ts reads
// out of the Markdown tokens (the same structure the PDF gets): the title block, section headings
// numbered as on the page, sub-headings, paragraphs, bulleted and numbered lists, bold and italics,
// then the signature blocks of an agreement; the business's name in the header, page numbers in the
// footer.

export interface WordDocumentInput {
  frame: DocumentFrame;
  sections: readonly FinishedSection[];
}

const ORDERED = 'ordered-list';
const OFFICE_LANGUAGE = { en: 'en-GB', fr: 'fr-FR' } as const;

const textRun = (run: Run) =>
  new TextRun({
    text: run.text,
    bold: run.bold,
    italics: run.italics,
    ...(run.code ? { font: 'Courier New' } : {}),
    ...(run.breakBefore ? { break: 1 } : {}),
  });

/** A Markdown table as a Word table: its head row bold, a thin border around every cell. */
function wordTable(rows: readonly TableRow[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (row) =>
        new WordTableRow({
          tableHeader: row.header,
          children: row.cells.map(
            (cell) =>
              new TableCell({
                children: [
                  new Paragraph({ children: cell.map((run) => textRun(row.header ? { ...run, bold: true } : run)) }),
                ],
              }),
          ),
        }),
    ),
  });
}

function blockParagraphs(block: Block): (Paragraph | Table)[] {
  switch (block.type) {
    case 'table':
      return [wordTable(block.rows), new Paragraph({ spacing: { after: 120 }, children: [] })];
    case 'heading':
      return [new Paragraph({ heading: HeadingLevel.HEADING_2, children: block.runs.map(textRun) })];
    case 'code':
      return block.lines.map((line) => new Paragraph({ children: [new TextRun({ text: line, font: 'Courier New' })] }));
    case 'paragraph': {
      const { list, quoted } = block;
      const indent = 720 * (quoted + (list && !list.first ? list.level + 1 : 0));
      const options: IParagraphOptions = {
        children: block.runs.map(textRun),
        spacing: { after: list ? 60 : 160 },
        ...(indent > 0 ? { indent: { left: indent } } : {}),
        ...(list?.first && list.kind === 'bullet' ? { bullet: { level: list.level } } : {}),
        ...(list?.first && list.kind === 'ordered'
          ? { numbering: { reference: ORDERED, level: list.level, instance: list.instance } }
          : {}),
      };
      return [new Paragraph(options)];
    }
  }
}

const orderedLevels = Array.from({ length: 9 }, (_, level) => ({
  level,
  format: LevelFormat.DECIMAL,
  text: `%${level + 1}.`,
  alignment: AlignmentType.START,
  style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
}));

/** The title, then the title block's lines, centred. */
function titleBlock(frame: DocumentFrame): Paragraph[] {
  return [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: [new TextRun(frame.title)],
    }),
    ...frame.lines.map(
      (line, i) =>
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { after: i === frame.lines.length - 1 ? 360 : 60 },
          children: [
            new TextRun({ text: line.text, bold: line.kind === 'business', size: line.kind === 'business' ? 28 : 22 }),
          ],
        }),
    ),
  ];
}

/** An agreement's signature blocks: a heading, then for each party its name and the lines to fill in. */
function signatureBlocks(signatures: NonNullable<DocumentFrame['signatures']>): Paragraph[] {
  const paragraphs = [
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      pageBreakBefore: false,
      children: [new TextRun(signatures.heading)],
    }),
    new Paragraph({ spacing: { after: 240 }, children: [new TextRun(signatures.intro)] }),
  ];
  for (const block of signatures.blocks) {
    paragraphs.push(
      new Paragraph({
        keepNext: true,
        spacing: { before: 240, after: 120 },
        children: [new TextRun({ text: block.heading, bold: true })],
      }),
      ...block.fields.map(
        (field, i) =>
          new Paragraph({
            keepNext: i < block.fields.length - 1,
            spacing: { before: 200, after: 0 },
            children: [new TextRun(`${field} ${FILL_IN_LINE}`)],
          }),
      ),
    );
  }
  return paragraphs;
}

/**
 * The .docx file of a draft. Every text goes through the text policy first, whatever was stored: XML
 * 1.0 cannot hold some characters (a file Word refuses to open), and invisible formatting such as
 * bidi overrides has no place in a contract. (The frame's texts went through it when it was made.)
 */
export async function buildWordDocument({ frame, sections: raw }: WordDocumentInput): Promise<Buffer> {
  let lists = 0;
  const nextList = () => ++lists;
  const children: (Paragraph | Table)[] = titleBlock(frame);
  for (const section of cleanSections(raw)) {
    children.push(
      new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(`${section.index}. ${section.title}`)] }),
    );
    for (const block of markdownBlocks(section.content, nextList)) children.push(...blockParagraphs(block));
  }
  if (frame.signatures) children.push(...signatureBlocks(frame.signatures));
  const doc = new Document({
    title: frame.title,
    creator: 'Contract Generator',
    numbering: { config: [{ reference: ORDERED, levels: orderedLevels }] },
    styles: { default: { document: { run: { language: { value: OFFICE_LANGUAGE[frame.language] } } } } },
    sections: [
      {
        headers: {
          default: new Header({
            children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun(frame.header)] })],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    children: [
                      `${frame.pageWords.page} `,
                      PageNumber.CURRENT,
                      ` ${frame.pageWords.of} `,
                      PageNumber.TOTAL_PAGES,
                    ],
                  }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
