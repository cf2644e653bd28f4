// Reads a model's suggestions out of its answer as it streams. Asked for JSON lines, models also
// answer with a JSON array, a fenced ```json block, an object holding the list (`{"suggestions": […]}`),
// pretty-printed or not, with prose around it. So the reader does not parse the answer as one JSON
// value (a strict streaming parser stops at the first word of prose): it scans for JSON objects at
// any depth, tracking strings and brackets, and reads each innermost object (one holding no object
// or array) as a suggestion as soon as it closes, so each is stored and shown at once. Containers
// (the array, the wrapping object) are never parsed whole, and only the open object is held in memory.

import { z } from 'zod';
import { cleanText } from './storable-text.js';
import { SUGGESTION_LIMITS } from './suggestions.js';

/** A suggestion as the model proposed it, validated (before it has an id). */
export interface ProposedSuggestion {
  section: number;
  summary: string;
  instruction: string;
}

/**
 * Why an object was dropped (the `reason` label of cg_suggestions_dropped_total): not JSON (or cut
 * off, or longer than SUGGESTION_LIMITS.lineChars), JSON of the wrong shape or past a cap, or a
 * suggestion for another section than the one under review.
 */
export const DROP_REASONS = ['malformed', 'invalid', 'other_section'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** One-line, storable, trimmed text of at most `max` characters. */
const line = (max: number) =>
  z
    .string()
    .transform((text) => cleanText(text).replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(1).max(max));

const proposalSchema = (sections: number) =>
  z.object({
    section: z.number().int().min(1).max(sections),
    summary: line(SUGGESTION_LIMITS.summaryChars),
    instruction: line(SUGGESTION_LIMITS.instructionChars),
  });

/** The innermost object being read: its text so far (undefined once too long), and its depth. */
interface OpenObject {
  text: string | undefined;
  depth: number;
}

export class SuggestionReader {
  private readonly schema;
  /** Open brackets, outermost first. */
  private readonly brackets: ('{' | '[')[] = [];
  private inString = false;
  private escaped = false;
  private open: OpenObject | undefined;
  /** Objects dropped so far, by reason. */
  readonly droppedBy: Record<DropReason, number> = { malformed: 0, invalid: 0, other_section: 0 };

  constructor(
    sectionCount: number,
    private readonly only?: number,
  ) {
    this.schema = proposalSchema(sectionCount);
  }

  /** Objects dropped so far. */
  get dropped(): number {
    return this.droppedBy.malformed + this.droppedBy.invalid + this.droppedBy.other_section;
  }

  /** Reads a delta; returns the suggestions whose object closed in it. */
  push(text: string): ProposedSuggestion[] {
    const found: ProposedSuggestion[] = [];
    for (const char of text) this.read(char, found);
    return found;
  }

  /** The end of the answer: an object still open was cut off. */
  end(): ProposedSuggestion[] {
    if (this.open) this.drop('malformed');
    this.reset();
    return [];
  }

  private read(char: string, found: ProposedSuggestion[]): void {
    if (this.inString) this.readInString(char);
    else if (this.brackets.length === 0 && char !== '{' && char !== '[')
      return; // prose, fences
    else if (char === '{') {
      // An object holding another is a container (a wrapper, an item with nested data): not read itself.
      this.brackets.push(char);
      this.open = { text: '{', depth: this.brackets.length };
    } else if (char === '}' || char === ']') this.close(char, found);
    else {
      // A list inside an object stays part of its text; the objects in a list are read one by one.
      if (char === '[') this.brackets.push(char);
      else if (char === '"') this.inString = true;
      this.keep(char);
    }
  }

  private readInString(char: string): void {
    this.keep(char);
    if (this.escaped) this.escaped = false;
    else if (char === '\\') this.escaped = true;
    else if (char === '"') this.inString = false;
    // JSON strings hold no raw line break: this one was cut off. Start over from the next line.
    else if (char === '\n') this.abandon();
  }

  private close(char: '}' | ']', found: ProposedSuggestion[]): void {
    const expected = char === '}' ? '{' : '[';
    if (this.brackets.at(-1) !== expected) {
      this.abandon();
      return;
    }
    const open = this.open;
    if (char === ']') this.keep(char);
    else if (open && open.depth === this.brackets.length) {
      this.open = undefined;
      if (open.text === undefined) this.drop('malformed');
      else this.accept(`${open.text}}`, found);
    }
    this.brackets.pop();
  }

  private keep(char: string): void {
    const open = this.open;
    if (open?.text === undefined) return;
    // An object longer than any suggestion can be is not held: it is dropped when it closes.
    open.text = open.text.length < SUGGESTION_LIMITS.lineChars ? open.text + char : undefined;
  }

  private accept(text: string, found: ProposedSuggestion[]): void {
    const reason = this.judge(text, found);
    if (reason) this.drop(reason);
  }

  /** Adds the object's suggestion to `found`, or says why it is dropped (undefined: kept, or no suggestion). */
  private judge(text: string, found: ProposedSuggestion[]): DropReason | undefined {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return 'malformed';
    }
    const parsed = this.schema.safeParse(json);
    if (!parsed.success) return isEmptyWrapper(json) ? undefined : 'invalid';
    if (this.only !== undefined && parsed.data.section !== this.only) return 'other_section';
    found.push(parsed.data);
    return undefined;
  }

  private abandon(): void {
    if (this.open) this.drop('malformed');
    this.reset();
  }

  private reset(): void {
    this.brackets.length = 0;
    this.inString = false;
    this.escaped = false;
    this.open = undefined;
  }

  private drop(reason: DropReason): void {
    this.droppedBy[reason] += 1;
  }
}

/** `{"suggestions": []}`: a wrapper around an empty list, i.e. no suggestion (not one dropped). */
function isEmptyWrapper(json: unknown): boolean {
  if (typeof json !== 'object' || json === null || Array.isArray(json) || 'section' in json) return false;
  return Object.values(json).some((value) => Array.isArray(value) && value.length === 0);
}
