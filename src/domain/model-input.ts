// How much of a draft goes into one model request. A prompt is capped at the door (PROMPT_MAX_CHARS),
// but the sections written so far are given back to the model as context (a continuation, a
// rewrite) or as the text under review (suggestions): without a cap, one request carried a whole
// oversized draft (289,194 characters in one review). Each section gets a fair share of a budget in
// characters: short sections are sent whole, and what they leave is shared by the long ones, each
// shortened at its end with a marker the model can see.

/** Characters of finished sections given as context to a draft, continuation or rewrite (~12K tokens). */
export const CONTEXT_MAX_CHARS = 48_000;
/** Characters of the draft under review in one suggestions request (~12K tokens). */
export const REVIEW_MAX_CHARS = 48_000;
/** Of REVIEW_MAX_CHARS, the share the section under review may take when one section is reviewed. */
export const REVIEW_FOCUS_SHARE = 0.5;

/** Ends a section that was shortened to fit (the model is told the text goes on). */
export const SHORTENED_MARK = '\n\n[… the rest of this section is left out here …]';

interface SectionText {
  index: number;
  content: string;
}

/**
 * The sections with their contents shortened so that all of them together hold at most `maxChars`
 * characters (markers included). Water-filling: every section may keep up to an equal share, and the
 * share a short section does not use is shared again by the longer ones. With `focus`, that section
 * may first take up to `focusShare` of the budget (the section a review is about).
 */
export function fitSections<T extends SectionText>(
  sections: readonly T[],
  maxChars: number,
  focus?: { index: number; share: number },
): T[] {
  const total = sections.reduce((sum, s) => sum + s.content.length, 0);
  if (total <= maxChars) return [...sections];
  const allowance = new Map<number, number>();
  let budget = maxChars;
  const focused = focus && sections.find((s) => s.index === focus.index);
  if (focused) {
    const share = Math.min(focused.content.length, Math.floor(maxChars * focus.share));
    allowance.set(focused.index, share);
    budget -= share;
  }
  let rest = sections.filter((s) => s !== focused).sort((a, b) => a.content.length - b.content.length);
  while (rest.length > 0) {
    const share = Math.floor(budget / rest.length);
    const [first] = rest;
    if (first && first.content.length <= share) {
      // Fits whole: what it leaves goes to the others.
      allowance.set(first.index, first.content.length);
      budget -= first.content.length;
      rest = rest.slice(1);
    } else {
      for (const section of rest) allowance.set(section.index, share);
      rest = [];
    }
  }
  return sections.map((section) => ({ ...section, content: shorten(section.content, allowance.get(section.index)) }));
}

function shorten(content: string, allowed = content.length): string {
  if (content.length <= allowed) return content;
  if (allowed <= SHORTENED_MARK.length) return dropHalfPair(content.slice(0, allowed));
  const room = Math.max(0, allowed - SHORTENED_MARK.length);
  // Cut at a word boundary when one is near, so the model does not read half a word as a typo.
  const cut = content.slice(0, room);
  const space = cut.lastIndexOf(' ');
  const head = space > room - 80 ? cut.slice(0, space) : cut;
  return `${dropHalfPair(head).trimEnd()}${SHORTENED_MARK}`;
}

function dropHalfPair(text: string): string {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? text.slice(0, -1) : text;
}
