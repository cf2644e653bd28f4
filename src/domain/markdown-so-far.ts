// Markdown that is still being written: what of the text so far to render, shared by the server (the
// first render of a page, src/domain/markdown.ts) and the browser (every token after it,
// src/views/client/live-markdown.ts). Served as /static/domain/markdown-so-far.js: import-free apart from
// a type, erasable syntax.
//
// Text that stops mid-construct would flash raw markers (`**bo`, a lone `- ` or `###` line) until the
// token that completes it arrives. So a frame renders the text so far with, at its very end:
// - a line of block markers only (`- `, `1.`, `###`, `>`, `---`) held back until its first word arrives;
// - a trailing run of `*`, `_`, `` ` ``, `~`, `!` or `\` held back (it may open or close something);
// - emphasis and code spans opened on the last line closed provisionally (`**bo` is shown as bold "bo");
// - the address of a link or image still being written (`[text](https://exa`) held back: its `[text`
//   shows as typed, and the brackets go once the address is complete and the link is known to be one.
// A provisional closing markdown-it does not accept (it would show as a stray `*`) is dropped again.

import type { MarkdownIt } from 'markdown-it';

const MARKERS_ONLY = /^[ \t>]*(?:[-+*=_#~`]+|\d{1,9}[.)]?)?[ \t]*$/;
const TRAILING_DELIMITERS = /[*_`~\\!]+$/;
const LINE_MARKERS = /^[ \t>]*(?:(?:[-+*]|\d{1,9}[.)]|#{1,6})[ \t]+)?/;
const SPACE = /\s/;
const WORD = /[\p{L}\p{N}]/u;

/** The text to render for a frame: the text so far minus what is held back, and the provisional closers. */
export function provisionalSource(text: string): { body: string; closers: string } {
  let body = text.replace(TRAILING_DELIMITERS, '');
  const lineStart = body.lastIndexOf('\n') + 1;
  const address = body.lastIndexOf('](');
  if (address >= lineStart && !body.includes(')', address)) body = body.slice(0, address);
  if (MARKERS_ONLY.test(body.slice(lineStart))) return { body: body.slice(0, lineStart), closers: '' };
  const line = body.slice(lineStart).replace(LINE_MARKERS, '');
  return { body, closers: openedOnLine(line) };
}

/** The closers of the emphasis runs and code span left open on one line of inline text, innermost first. */
function openedOnLine(line: string): string {
  const open: string[] = [];
  let code = 0; // length of the backtick run that opened a code span, 0 outside one
  for (let i = 0; i < line.length;) {
    const char = line.charAt(i);
    if (char === '\\' && code === 0) {
      i += 2;
      continue;
    }
    let end = i;
    while (line.charAt(end) === char) end += 1;
    const run = end - i;
    if (char === '`') code = code === 0 ? run : run === code ? 0 : code;
    else if (code === 0 && (char === '*' || char === '_')) {
      const before = line.charAt(i - 1) || ' ';
      const after = line.charAt(end) || ' ';
      // CommonMark's flanking rules, simplified: `_` inside a word is never emphasis.
      const canOpen = !SPACE.test(after) && !(char === '_' && WORD.test(before));
      const canClose = !SPACE.test(before) && !(char === '_' && WORD.test(after));
      if (canClose && open.at(-1)?.charAt(0) === char) open.pop();
      else if (canOpen) open.push(char.repeat(Math.min(run, 3)));
    }
    i = end;
  }
  return (code > 0 ? '`'.repeat(code) : '') + open.reverse().join('');
}

/** The text so far, as HTML, with unfinished trailing constructs held back or closed provisionally. */
export function renderSoFar(markdown: MarkdownIt, text: string): string {
  const { body, closers } = provisionalSource(text);
  if (closers !== '') {
    const tokens = markdown.parse(body + closers, {});
    if (closedCleanly(tokens, closers)) return markdown.renderer.render(tokens, markdown.options, {});
  }
  return markdown.render(body);
}

/** False when markdown-it left the provisional closers as literal text (they matched nothing). */
function closedCleanly(tokens: ReturnType<MarkdownIt['parse']>, closers: string): boolean {
  const inline = tokens.findLast((token) => token.type === 'inline');
  const last = inline?.children?.at(-1);
  return !(last?.type === 'text' && last.content.endsWith(closers.charAt(closers.length - 1)));
}
