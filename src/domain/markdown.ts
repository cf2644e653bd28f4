// Markdown to HTML for LLM output, which is untrusted text (the README: model text is escaped or sanitised wherever it becomes HTML).
//
// - Raw HTML is escaped, never passed through (`html: false`).
// - Links survive only with an http(s) or mailto address; any other link (javascript:, vbscript:, data:,
//   relative paths) is left as its literal Markdown text. Kept links open in a new tab and carry
//   `rel="nofollow noopener noreferrer"`: the text is the model's, not ours to vouch for.
// - Images never become <img>: a viewer's browser must not fetch an address chosen by the model (tracking,
//   internal addresses). An image renders as its alt text in <span class="md-image-alt">.

import MarkdownIt from 'markdown-it';

const ALLOWED_LINK = /^(?:https?:\/\/|mailto:)/i;

// One instance for the process: building it compiles every rule, which would dominate a per-call cost.
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

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

export function renderMarkdown(source: string): string {
  return markdown.render(source);
}

export type MarkdownToken = ReturnType<typeof markdown.parse>[number];

/** The block tokens of Markdown (inline ones in each `inline` token's children), for the Word export. */
export function parseMarkdown(source: string): MarkdownToken[] {
  return markdown.parse(source, {});
}
