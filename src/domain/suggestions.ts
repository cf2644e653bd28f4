// The one home of suggestions' words: what a suggestion's status can be, how one is closed, and the
// limits on what the model may propose (the Postgres CHECK, the zod enums and the prompt use them).
//
// A suggestion is a concrete improvement the model proposes for one section of a draft at rest (a
// clause the details call for, vague or one-sided wording, an inconsistency between sections), with
// the instruction a rewrite of that section would follow. It stays with the draft until the owner
// applies it (the section is rewritten with its instruction, as a `suggested` version) or dismisses it.

export const SUGGESTION_STATUSES = ['open', 'applied', 'dismissed'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

/** How an open suggestion is closed (the `outcome` of the `suggestion_closed` event). */
export const SUGGESTION_OUTCOMES = ['applied', 'dismissed'] as const satisfies readonly SuggestionStatus[];
export type SuggestionOutcome = (typeof SUGGESTION_OUTCOMES)[number];

/** What one request may bring, and what one suggestion may hold: the rest of the model's output is dropped. */
export const SUGGESTION_LIMITS = {
  /** Suggestions kept from one request (the model is stopped once it has proposed this many). */
  perRequest: 8,
  /** Open suggestions a draft may hold at once: past it, a request adds none. */
  openPerDraft: 40,
  summaryChars: 240,
  /** The same cap as a regeneration's instruction (src/api/schemas.ts), since applying one is one. */
  instructionChars: 1000,
  /** A longer object (a suggestion as the model wrote it) is dropped without being held or parsed. */
  lineChars: 4000,
  /** Output read from the model per request, in characters, before it is stopped. */
  outputChars: 40_000,
} as const;
