// Markdown to HTML for LLM output, which is untrusted text (the README: model text is escaped or sanitised
// wherever it becomes HTML). The options and the link/image rules live in markdown-rules.ts, and what to
// render of a section still being written in markdown-so-far.ts: the browser uses both too.

import MarkdownIt from 'markdown-it';
import { makeMarkdownSafe, MARKDOWN_OPTIONS } from './markdown-rules.js';
import { renderSoFar } from './markdown-so-far.js';

// One instance for the process: building it compiles every rule, which would dominate a per-call cost.
const markdown = makeMarkdownSafe(new MarkdownIt(MARKDOWN_OPTIONS));

export function renderMarkdown(source: string): string {
  return markdown.render(source);
}

/** A section still being written, as the page shows it while it streams. */
export function renderMarkdownSoFar(text: string): string {
  return renderSoFar(markdown, text);
}

export type MarkdownToken = ReturnType<typeof markdown.parse>[number];

/** The block tokens of Markdown (inline ones in each `inline` token's children), for the Word export. */
export function parseMarkdown(source: string): MarkdownToken[] {
  return markdown.parse(source, {});
}
