// The one definition of how untrusted Markdown (LLM output) becomes HTML, shared by the server
// (src/domain/markdown.ts renders finished sections) and the browser (src/views/client/live-markdown.ts
// renders the section being written with the very same markdown-it build and these very same rules), so a
// section looks the same while it streams and after it is swapped for the server's rendering.
// Served to the browser as /static/domain/markdown-rules.js: import-free apart from a type, erasable syntax.
//
// - Raw HTML is escaped, never passed through (`html: false`).
// - Links survive only with an http(s) or mailto address; any other link (javascript:, vbscript:, data:,
//   relative paths) is left as its literal Markdown text. Kept links open in a new tab and carry
//   `rel="nofollow noopener noreferrer"`: the text is the model's, not ours to vouch for.
// - Images never become <img>: a viewer's browser must not fetch an address chosen by the model (tracking,
//   internal addresses). An image renders as its alt text in <span class="md-image-alt">.

import type { MarkdownIt } from 'markdown-it';

export const MARKDOWN_OPTIONS = { html: false, linkify: false, typographer: false } as const;

const ALLOWED_LINK = /^(?:https?:\/\/|mailto:)/i;

/** Applies the link and image rules to a markdown-it instance built with MARKDOWN_OPTIONS; returns it. */
export function makeMarkdownSafe(markdown: MarkdownIt): MarkdownIt {
  // Receives the address after markdown-it has decoded entities and percent-encoded it, so obfuscations
  // such as `java&#115;cript:` or leading control characters are already resolved or encoded here.
  markdown.validateLink = (url: string): boolean => ALLOWED_LINK.test(url.trim());

  markdown.renderer.rules.link_open = (tokens, idx, options, _env, renderer) => {
    const token = tokens[idx];
    if (token !== undefined) {
      token.attrSet('target', '_blank');
      token.attrSet('rel', 'nofollow noopener noreferrer');
    }
    return renderer.renderToken(tokens, idx, options);
  };

  markdown.renderer.rules.image = (tokens, idx, options, env, renderer) => {
    const alt = renderer.renderInlineAsText(tokens[idx]?.children ?? [], options, env);
    // renderInlineAsText returns raw text (it is meant for an attribute the renderer escapes later).
    return `<span class="md-image-alt">${markdown.utils.escapeHtml(alt)}</span>`;
  };
  return markdown;
}
