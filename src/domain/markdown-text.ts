// Markdown as the reader sees it, in plain text: what two versions of a section are compared on, so
// a comparison shows words added and removed, never the `**`, `#` or `-` around them. Parsed by the one
// markdown-it build of markdown.ts (same rules as the page); nothing here becomes HTML.

import { parseMarkdown, type MarkdownToken } from './markdown.js';

/** An inline token's text: words, code, an image's alt text; breaks as the page shows them. */
function inlineText(children: readonly MarkdownToken[]): string {
  let text = '';
  for (const child of children) {
    if (child.type === 'text' || child.type === 'code_inline') text += child.content;
    else if (child.type === 'softbreak') text += ' ';
    else if (child.type === 'hardbreak') text += '\n';
    else if (child.type === 'image') text += inlineText(child.children ?? []);
  }
  return text;
}

/**
 * The text of `source` as rendered: one block per paragraph, heading or code block, separated by a
 * blank line; list items on lines of their own, marked `•` or with their number, indented by depth.
 */
export function markdownText(source: string): string {
  // `list`: which top-level list a block is in (0: none), so two lists in a row stay apart.
  const blocks: { text: string; list: number }[] = [];
  let listCount = 0;
  // The marker of each open list item, innermost last, and whether its first block was written.
  const items: { marker: string; started: boolean }[] = [];
  const lists: ('bullet' | 'ordered')[] = [];
  const push = (text: string) => {
    const item = items.at(-1);
    const indent = '  '.repeat(Math.max(0, items.length - 1));
    const marker = item && !item.started ? item.marker : item ? ' '.repeat(item.marker.length) : '';
    if (item) item.started = true;
    blocks.push({ text: indent + marker + text, list: items.length > 0 ? listCount : 0 });
  };
  for (const token of parseMarkdown(source)) {
    switch (token.type) {
      case 'bullet_list_open':
      case 'ordered_list_open':
        if (lists.length === 0) listCount += 1;
        lists.push(token.type === 'bullet_list_open' ? 'bullet' : 'ordered');
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        break;
      case 'list_item_open':
        items.push({
          marker: lists.at(-1) === 'ordered' ? `${token.info || '1'}${token.markup || '.'} ` : '• ',
          started: false,
        });
        break;
      case 'list_item_close':
        items.pop();
        break;
      case 'inline':
        push(inlineText(token.children ?? []));
        break;
      case 'fence':
      case 'code_block':
        push(token.content.replace(/\n$/, ''));
        break;
      case 'hr':
        push('—');
        break;
    }
  }
  let text = '';
  blocks.forEach((block, i) => {
    if (i > 0) text += block.list > 0 && block.list === blocks[i - 1]!.list ? '\n' : '\n\n';
    text += block.text;
  });
  return text;
}
