import { parseMarkdown, type MarkdownToken } from '../domain/markdown.js';

// A section's Markdown as the blocks a file export lays out: sub-headings, paragraphs (in lists and
// quotes or not), code lines and tables, each a list of styled runs. Read once from the tokens markdown-it gives
// (the parser the page renders with), never from regexes over the text, and shared by every file
// format (docx-document.ts, pdf-document.ts), so the Word file and the PDF hold the same structure.

export interface Run {
  text: string;
  bold: boolean;
  italics: boolean;
  code: boolean;
  /** A line break before this run's text (a Markdown hard break). */
  breakBefore?: boolean;
}

interface ListPlace {
  kind: 'bullet' | 'ordered';
  /** 0 for a top-level list, 1 for a list inside one of its items, ... */
  level: number;
  /** Counts the ordered lists of the whole document: a Word numbering instance restarts at each one. */
  instance: number;
  /** The item's number in an ordered list (its `start` honoured); 0 in a bulleted one. */
  number: number;
  /** The item's first paragraph (which carries the bullet or number); later ones are only indented. */
  first: boolean;
}

/** A table row: each cell's runs; `header` for the rows of the table's head. */
export interface TableRow {
  header: boolean;
  cells: Run[][];
}

export type Block =
  | { type: 'heading'; runs: Run[] }
  | { type: 'paragraph'; runs: Run[]; list?: ListPlace; quoted: number }
  | { type: 'code'; lines: string[] }
  | { type: 'table'; rows: TableRow[] };

/** The runs of one inline token's children: text with its bold/italic state, line breaks. */
function runsOf(inline: MarkdownToken | undefined): Run[] {
  const runs: Run[] = [];
  let bold = false;
  let italics = false;
  let breakBefore = false;
  const push = (text: string, code = false, forceItalics = false) => {
    runs.push({ text, bold, italics: italics || forceItalics, code, ...(breakBefore ? { breakBefore } : {}) });
    breakBefore = false;
  };
  for (const child of inline?.children ?? []) {
    switch (child.type) {
      case 'strong_open':
      case 'strong_close':
        bold = child.type === 'strong_open';
        break;
      case 'em_open':
      case 'em_close':
        italics = child.type === 'em_open';
        break;
      case 'text':
        if (child.content !== '') push(child.content);
        break;
      case 'code_inline':
        push(child.content, true);
        break;
      case 'softbreak':
        push(' ');
        break;
      case 'hardbreak':
        breakBefore = true;
        break;
      case 'image':
        // As on the page: an image is its alt text, never fetched.
        push(child.content, false, true);
        break;
      default:
        // link_open/close and the like: the text inside still comes as `text` children.
        break;
    }
  }
  if (breakBefore) push('');
  return runs;
}

interface OpenList {
  kind: 'bullet' | 'ordered';
  instance: number;
  next: number;
  /** The number of the item open now, and whether its first paragraph is still to come. */
  current: number;
  firstPending: boolean;
}

/**
 * The blocks of one section's Markdown. `nextList` numbers the ordered lists across the document (a
 * counter the caller keeps from section to section).
 */
// One walk over markdown-it's tokens, a few lines per kind of token: kept whole so the nesting it tracks stays in one place.
export function markdownBlocks(content: string, nextList: () => number): Block[] {
  const tokens = parseMarkdown(content);
  const blocks: Block[] = [];
  // The open lists, innermost last.
  const lists: OpenList[] = [];
  let quoted = 0;
  // The table being read, and whether its head is: rows and cells come as their own tokens.
  let table: TableRow[] | undefined;
  let inHead = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    switch (token.type) {
      case 'table_open':
        table = [];
        break;
      case 'table_close':
        if (table) blocks.push({ type: 'table', rows: padded(table) });
        table = undefined;
        break;
      case 'thead_open':
      case 'thead_close':
        inHead = token.type === 'thead_open';
        break;
      case 'tr_open':
        table?.push({ header: inHead, cells: [] });
        break;
      case 'th_open':
      case 'td_open':
        table?.at(-1)?.cells.push(runsOf(tokens[i + 1]));
        i += 2;
        break;
      case 'bullet_list_open':
        lists.push({ kind: 'bullet', instance: 0, next: 0, current: 0, firstPending: false });
        break;
      case 'ordered_list_open': {
        const start = Number(token.attrGet('start') ?? 1);
        const next = Number.isSafeInteger(start) && start >= 0 ? start : 1;
        lists.push({ kind: 'ordered', instance: nextList(), next, current: 0, firstPending: false });
        break;
      }
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        break;
      case 'list_item_open': {
        const list = lists.at(-1);
        if (list) {
          list.current = list.kind === 'ordered' ? list.next++ : 0;
          list.firstPending = true;
        }
        break;
      }
      case 'blockquote_open':
        quoted += 1;
        break;
      case 'blockquote_close':
        quoted -= 1;
        break;
      case 'heading_open':
        blocks.push({ type: 'heading', runs: runsOf(tokens[i + 1]) });
        i += 2;
        break;
      case 'paragraph_open': {
        const list = lists.at(-1);
        const block: Block = { type: 'paragraph', runs: runsOf(tokens[i + 1]), quoted };
        if (list) {
          block.list = {
            kind: list.kind,
            level: Math.min(lists.length - 1, 8),
            instance: list.instance,
            number: list.current,
            first: list.firstPending,
          };
          list.firstPending = false;
        }
        blocks.push(block);
        i += 2;
        break;
      }
      case 'fence':
      case 'code_block':
        blocks.push({ type: 'code', lines: token.content.replace(/\n$/, '').split('\n') });
        break;
      default:
        break;
    }
  }
  return blocks;
}

/** Every row as wide as the widest (a file's table needs as many cells in each row). */
function padded(rows: TableRow[]): TableRow[] {
  const width = Math.max(0, ...rows.map((row) => row.cells.length));
  return rows.map((row) => ({
    ...row,
    cells: [...row.cells, ...Array.from({ length: width - row.cells.length }, () => [])],
  }));
}
