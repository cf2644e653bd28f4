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
  TextRun,
  type IParagraphOptions,
} from 'docx';
import { parseMarkdown, type MarkdownToken } from '../domain/markdown.js';
import type { FinishedSection } from '../domain/templates.js';
import { cleanText } from '../domain/storable-text.js';

// The draft as a Word document, built with the `docx` package from the Markdown tokens markdown-it
// gives (the same parser the page renders with), never from regexes over the text: section headings
// numbered as on the page, sub-headings, paragraphs, bulleted and numbered lists, bold and italics;
// the business's name in the header, page numbers in the footer.

export interface WordDocumentInput {
  title: string;
  /** The business's name, when the draft has one: under the title and in every page's header. */
  business?: string | undefined;
  language: string;
  sections: readonly FinishedSection[];
  labels: { page: string; of: string };
}

const ORDERED = 'ordered-list';

interface Style {
  bold: boolean;
  italics: boolean;
  code: boolean;
}

/** The runs of one inline token's children: text with its bold/italic state, line breaks. */
function runsOf(inline: MarkdownToken | undefined): TextRun[] {
  const runs: TextRun[] = [];
  const style: Style = { bold: false, italics: false, code: false };
  for (const child of inline?.children ?? []) {
    switch (child.type) {
      case 'strong_open':
      case 'strong_close':
        style.bold = child.type === 'strong_open';
        break;
      case 'em_open':
      case 'em_close':
        style.italics = child.type === 'em_open';
        break;
      case 'text':
        if (child.content !== '')
          runs.push(new TextRun({ text: child.content, bold: style.bold, italics: style.italics }));
        break;
      case 'code_inline':
        runs.push(new TextRun({ text: child.content, font: 'Courier New', bold: style.bold, italics: style.italics }));
        break;
      case 'softbreak':
        runs.push(new TextRun({ text: ' ' }));
        break;
      case 'hardbreak':
        runs.push(new TextRun({ text: '', break: 1 }));
        break;
      case 'image':
        // As on the page: an image is its alt text, never fetched.
        runs.push(new TextRun({ text: child.content, italics: true }));
        break;
      default:
        // link_open/close and the like: the text inside still comes as `text` children.
        break;
    }
  }
  return runs;
}

/** The paragraphs of one section's Markdown content. */
function contentParagraphs(content: string, nextList: () => number): Paragraph[] {
  const tokens = parseMarkdown(content);
  const paragraphs: Paragraph[] = [];
  // The open lists, innermost last: bullets, or numbers with the instance that restarts their count.
  const lists: ({ kind: 'bullet' } | { kind: 'ordered'; instance: number })[] = [];
  let quoted = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    switch (token.type) {
      case 'bullet_list_open':
        lists.push({ kind: 'bullet' });
        break;
      case 'ordered_list_open':
        lists.push({ kind: 'ordered', instance: nextList() });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        break;
      case 'blockquote_open':
        quoted += 1;
        break;
      case 'blockquote_close':
        quoted -= 1;
        break;
      case 'heading_open':
        paragraphs.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: runsOf(tokens[i + 1]) }));
        i += 2;
        break;
      case 'paragraph_open': {
        const list = lists.at(-1);
        const level = Math.max(0, Math.min(lists.length - 1, 8));
        const options: IParagraphOptions = {
          children: runsOf(tokens[i + 1]),
          spacing: { after: list ? 60 : 160 },
          ...(quoted > 0 ? { indent: { left: 720 * quoted } } : {}),
          ...(list?.kind === 'bullet' ? { bullet: { level } } : {}),
          ...(list?.kind === 'ordered' ? { numbering: { reference: ORDERED, level, instance: list.instance } } : {}),
        };
        paragraphs.push(new Paragraph(options));
        i += 2;
        break;
      }
      case 'fence':
      case 'code_block':
        for (const line of token.content.replace(/\n$/, '').split('\n')) {
          paragraphs.push(new Paragraph({ children: [new TextRun({ text: line, font: 'Courier New' })] }));
        }
        break;
      default:
        break;
    }
  }
  return paragraphs;
}

const orderedLevels = Array.from({ length: 9 }, (_, level) => ({
  level,
  format: LevelFormat.DECIMAL,
  text: `%${level + 1}.`,
  alignment: AlignmentType.START,
  style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
}));

/**
 * The .docx file of a draft. Every text goes through the text policy first, whatever was stored: XML
 * 1.0 cannot hold some characters (a file Word refuses to open), and invisible formatting such as
 * bidi overrides has no place in a contract.
 */
export async function buildWordDocument(raw: WordDocumentInput): Promise<Buffer> {
  const input: WordDocumentInput = {
    ...raw,
    title: cleanText(raw.title),
    business: raw.business === undefined ? undefined : cleanText(raw.business),
    sections: raw.sections.map((s) => ({ ...s, title: cleanText(s.title), content: cleanText(s.content) })),
  };
  let lists = 0;
  const nextList = () => ++lists;
  const children: Paragraph[] = [new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(input.title)] })];
  if (input.business) {
    children.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ text: input.business, bold: true, size: 28 })],
      }),
    );
  }
  for (const section of input.sections) {
    children.push(
      new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(`${section.index}. ${section.title}`)] }),
    );
    children.push(...contentParagraphs(section.content, nextList));
  }
  const header = input.business ? `${input.business} · ${input.title}` : input.title;
  const doc = new Document({
    title: input.title,
    creator: input.business ?? 'Contract Generator',
    numbering: { config: [{ reference: ORDERED, levels: orderedLevels }] },
    styles: { default: { document: { run: { language: { value: input.language } } } } },
    sections: [
      {
        headers: {
          default: new Header({
            children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun(header)] })],
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
                      `${input.labels.page} `,
                      PageNumber.CURRENT,
                      ` ${input.labels.of} `,
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
