// How much of the model's output one section may keep: what is stored, streamed and exported. The
// output-token limit of each call (OPENAI_MAX_OUTPUT_TOKENS) bounds what a model can send; these caps
// bound what a section can hold whatever the model sends across calls (continuations, fallbacks), so
// no draft carries a multi-megabyte section into every page, export and review. Used by the run (its
// events), by the store (whatever reaches it) and by anyone else who writes a section.

/** Longest section text kept, in characters: the same as an edit may save (SECTION_EDIT_MAX_CHARS). */
export const SECTION_CONTENT_MAX_CHARS = 32_000;
/** Longest section title kept, in characters (outline titles are far shorter). */
export const SECTION_TITLE_MAX_CHARS = 200;

/**
 * `text` when shorter than `max`, else its first `max` characters without a trailing high surrogate
 * (never half a pair). Reaching the cap exactly counts as reaching it, so the cut is the same whether
 * the text comes whole or token by token (SectionTextCap).
 */
export function capText(text: string, max: number): string {
  if (text.length < max) return text;
  const cut = text.slice(0, Math.max(0, max));
  return cut.length > 0 && isHighSurrogate(cut.charCodeAt(cut.length - 1)) ? cut.slice(0, -1) : cut;
}

export const capContent = (content: string) => capText(content, SECTION_CONTENT_MAX_CHARS);
export const capTitle = (title: string) => capText(title, SECTION_TITLE_MAX_CHARS);

/**
 * A section's text as it streams: `take` each token and get back the part within the cap. The parts,
 * joined, are `capContent` of the whole text, so a section's tokens still equal its `section_end`.
 */
export class SectionTextCap {
  private kept = 0;
  private full = false;

  take(text: string): string {
    if (this.full) return '';
    const room = SECTION_CONTENT_MAX_CHARS - this.kept;
    const piece = capText(text, room);
    this.kept += piece.length;
    // The token that reaches the cap is the last: nothing after it fits, even one short of a surrogate pair.
    if (text.length >= room) this.full = true;
    return piece;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
