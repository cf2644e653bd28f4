import { renderSectionMarkdown, type FinishedSection } from '../domain/templates.js';
import { cleanSections, FILL_IN_LINE, type DocumentFrame } from './document-frame.js';

// The draft as a Markdown file: `# Title`, the title block's lines, each `## N. Title` with its text,
// then an agreement's signature blocks (an unnumbered `## Signatures`). The frame's texts are a
// business's own words (its names, its website): escaped, so a name holding `*` or `_` stays as typed.

const escapeMarkdown = (text: string) =>
  text
    .replace(/[\\`*_{}[\]<>#|~!]/g, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2')
    .replace(/^([-+])/, '\\$1');

export function markdownDocument(frame: DocumentFrame, sections: readonly FinishedSection[]): string {
  const parts = [`# ${escapeMarkdown(frame.title)}`];
  for (const line of frame.lines) {
    parts.push(line.kind === 'business' ? `**${escapeMarkdown(line.text)}**` : escapeMarkdown(line.text));
  }
  parts.push(...cleanSections(sections).map(renderSectionMarkdown));
  if (frame.signatures) {
    parts.push(`## ${escapeMarkdown(frame.signatures.heading)}`, escapeMarkdown(frame.signatures.intro));
    for (const block of frame.signatures.blocks) {
      parts.push(
        `**${escapeMarkdown(block.heading)}**`,
        ...block.fields.map((f) => `${escapeMarkdown(f)} ${FILL_IN_LINE}`),
      );
    }
  }
  return `${parts.join('\n\n')}\n`;
}
