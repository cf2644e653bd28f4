// The words of model calls and what they cost, in one place: the kinds of call (the `kind` label of
// the metrics and the `kind` column of `model_calls`), how a call ended, the budgets a run spends,
// and the estimate used when a provider reports no usage.

/**
 * What a call was for: a streamed call of a first draft (or its continuation), a non-streamed call of
 * chunked mode (any run), a streamed call of a section's rewrite, a review for suggestions.
 */
export const CALL_KINDS = ['draft', 'chunked', 'rewrite', 'suggestions'] as const;
export type CallKind = (typeof CALL_KINDS)[number];

/** `answered`: the model finished; `failed`: an error ended it; `stopped`: we stopped reading it. */
export const CALL_OUTCOMES = ['answered', 'failed', 'stopped'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Which budget a run spends: a draft's (first run, resume), a rewrite's, a review's (suggestions). */
const RUN_KINDS = ['draft', 'rewrite', 'review'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** The budgets a run or an owner can spend (the `budget` label of cg_model_budget_exhausted_total). */
export const BUDGETS = ['calls', 'output_tokens', 'daily_tokens'] as const;
export type Budget = (typeof BUDGETS)[number];

/** What a draft, a run or a review cost, as the API reports it (`usage`). */
export interface ModelUsage {
  promptTokens: number;
  completionTokens: number;
  calls: number;
  /** Some figure is our estimate: the provider reported no usage for at least one call (see estimateTokens). */
  estimated: boolean;
}

export const NO_USAGE: ModelUsage = { promptTokens: 0, completionTokens: 0, calls: 0, estimated: false };

/**
 * Tokens in `text`, estimated at one per four characters (OpenAI's rule of thumb for English). Used
 * only when the provider reports no usage (a stream we stopped reading, a server that sends none), and
 * always flagged `estimated`: no tokenizer fits every model a compatible server may run.
 */
export function estimateTokens(text: string | number): number {
  const chars = typeof text === 'number' ? text : text.length;
  return Math.ceil(chars / 4);
}

/** A request's prompt tokens, estimated: each message's text plus a few tokens of framing. */
export function estimatePromptTokens(messages: readonly { content: string }[]): number {
  return messages.reduce((sum, message) => sum + 4 + estimateTokens(message.content), 0);
}

/** The key of a generation run's budget (`model_calls.run_key`): one per run number. */
export const runBudgetKey = (run: number) => `run:${run}`;
/** The key of a suggestion request's budget: one per request, whatever its job attempts. */
export const reviewBudgetKey = (request: string) => `review:${request}`;

/** The next UTC midnight after `now`: when an owner's daily token budget starts again. */
export function nextUtcMidnight(now: Date = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/** `3 h 12 min`, `45 min`, `30 s`: how long until `then`, for a message. */
export function describeWait(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  if (ms < 60_000) return `${Math.max(1, Math.ceil(ms / 1000))} s`;
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
}
