// Markdown to HTML for LLM output, which is untrusted text (the README: model text is escaped or sanitised
// wherever it becomes HTML). The options and the link/image rules live in markdown-rules.ts, which the
// browser uses too for the section being written.

import MarkdownIt from 'markdown-it';
import { makeMarkdownSafe, MARKDOWN_OPTIONS } from './markdown-rules.js';

// One instance for the process: building it compiles every rule, which would dominate a per-call cost.
const markdown = makeMarkdownSafe(new MarkdownIt(MARKDOWN_OPTIONS));

export function renderMarkdown(source: string): string {
  return markdown.render(source);
}
