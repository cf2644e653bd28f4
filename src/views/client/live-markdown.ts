// The section being written, as formatted Markdown while it arrives. The browser runs the very same
// markdown-it build as the server with the very same options and link/image rules (markdown-rules.ts), and
// the same choice of what to render of the text so far (markdown-so-far.ts), so the section looks the same
// as in the server's first render of the page and as the server's rendering that replaces it when done.

import type { MarkdownIt } from 'markdown-it';
import { makeMarkdownSafe, MARKDOWN_OPTIONS } from '../../domain/markdown-rules.js';
import { renderSoFar } from '../../domain/markdown-so-far.js';

/** Renders the section being written (`partial`) and a finished one (`final`) as the server would. */
export class LiveMarkdown {
  private readonly markdown: MarkdownIt;

  constructor(markdown: MarkdownIt) {
    this.markdown = markdown;
  }

  partial(text: string): string {
    return renderSoFar(this.markdown, text);
  }

  final(text: string): string {
    return this.markdown.render(text);
  }
}

/** A markdown-it instance with the server's options and rules, from the constructor given. */
export function safeMarkdown(MarkdownItClass: new (options: typeof MARKDOWN_OPTIONS) => MarkdownIt): LiveMarkdown {
  return new LiveMarkdown(makeMarkdownSafe(new MarkdownItClass(MARKDOWN_OPTIONS)));
}

/**
 * markdown-it's browser build, served by our own origin at /static/markdown-it.js (the CSP allows only
 * 'self'); undefined when it cannot be loaded, and the page then shows the text being written as plain text.
 */
export async function loadLiveMarkdown(): Promise<LiveMarkdown | undefined> {
  try {
    // Relative to this module (/static/views/client/), like the domain modules it imports.
    const url = new URL('../../markdown-it.js', import.meta.url).href;
    const module = (await import(url)) as { default: new (options: typeof MARKDOWN_OPTIONS) => MarkdownIt };
    return safeMarkdown(module.default);
  } catch {
    return undefined;
  }
}
