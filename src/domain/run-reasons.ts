// The words a run is told to have failed, or changed course, in: the `reason` of a `status` event,
// the `message` of an `error` event, a review's `error`, the API's `error` field. The English here is
// the contract's (API clients and webhook receivers read it); a page says the same reason in its own
// language by reading the English back to its key and values (readReason) and filling in its
// catalogue's sentence for that key (translateReason). One home, so the worker's words and the pages'
// sentences cannot drift apart: a test checks that every key has a sentence in every catalogue.
//
// `{name}` is a value filled in; `{reason}` is itself a reason (translated in turn), `{kind}` a run's
// kind (draft, rewrite, review: a word of the catalogue's `reasonWords`).
//
// Served to the browser too: no imports, erasable syntax.

export const RUN_REASONS = {
  stoppedEarly: 'the model stopped early (finish_reason {finishReason})',
  streamEnded: 'the stream ended before the model finished',
  sectionsLeftOut: "the model's answer left out {count} section(s)",
  noHeadings: "the model's answer had no section headings we could read",
  stalled: 'no delta from the model for {ms} ms',
  providerCredentials: 'the model provider did not accept our credentials',
  providerPermission: 'the model provider denied access to the model',
  modelNotFound: 'the model was not found at the model provider',
  providerQuota: "the model provider's quota or billing limit is reached",
  providerRejected: 'the model provider rejected the request',
  providerRateLimit: 'the model provider is rate limiting us',
  providerFailed: 'the model provider failed to answer (HTTP {status})',
  parameterRefused: 'the model does not accept the parameter {parameter}',
  providerTimeout: 'the model provider did not answer in time',
  providerUnreachable: 'the model provider could not be reached',
  callStopped: 'the model call was stopped',
  answerUnreadable: "the model's answer could not be read",
  callFailed: 'the model call failed',
  callBudget: 'the model was called {calls} times, the limit for one {kind}, without a usable answer',
  tokenBudget: 'the model wrote {tokens} tokens, the limit for one {kind}, without a usable answer',
  dailyTokens: 'the daily token budget of this account is spent; it starts again at 00:00 UTC',
  callsPaced: 'the per-minute model call limit of this account is reached; waiting for it',
  reviewFailed: 'the review could not be completed; try again',
  modelBusy: 'the model is busy; try again in a minute',
  modelUnreachable: 'the model could not be reached; try again',
  storageRefused: 'the draft could not be stored: the database refused a section',
  storageUnavailable: 'the draft could not be stored: the database is unavailable',
  storageFailed: 'the draft could not be stored',
  workersStopping: 'its workers kept stopping',
  internal: 'internal error',
  chunkedFailed: 'chunked generation failed: {reason}',
  abandoned: 'generation abandoned: {reason}',
  lostOnce: 'generation lost: no job was running it, and {recoveries} recovery did not bring it back',
  lost: 'generation lost: no job was running it, and {recoveries} recoveries did not bring it back',
} as const;

export type RunReasonKey = keyof typeof RUN_REASONS;
type Values = Readonly<Record<string, string | number>>;

/** A template with its `{name}`s filled in (a name without a value is left as it is). */
function fill(template: string, values: Values): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The reason of `key`, in the contract's words. */
export function sayReason(key: RunReasonKey, values: Values = {}): string {
  return fill(RUN_REASONS[key], values);
}

const patterns = new Map<string, RegExp>();

/** The whole-text pattern of a template, each `{name}` a named group. */
function patternOf(template: string): RegExp {
  let pattern = patterns.get(template);
  if (!pattern) {
    const source = template
      .split(/(\{\w+\})/)
      .map((part) => {
        const name = /^\{(\w+)\}$/.exec(part)?.[1];
        return name ? `(?<${name}>.+?)` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('');
    pattern = new RegExp(`^${source}$`, 's');
    patterns.set(template, pattern);
  }
  return pattern;
}

/** Which reason `text` is, and its values; undefined for words that are not one of ours. */
export function readReason(text: string): { key: RunReasonKey; values: Record<string, string> } | undefined {
  for (const key of Object.keys(RUN_REASONS) as RunReasonKey[]) {
    const match = patternOf(RUN_REASONS[key]).exec(text);
    if (match) return { key, values: { ...match.groups } };
  }
  return undefined;
}

/**
 * `text` said with `sentences` (a catalogue's, with the same `{name}`s), `{kind}` with `words`; a text
 * that is not one of our reasons is returned as it is.
 */
export function translateReason(
  text: string,
  sentences: Readonly<Record<RunReasonKey, string>>,
  words: Readonly<Record<string, string>>,
  depth = 0,
): string {
  const read = readReason(text);
  if (!read) return text;
  const values = { ...read.values };
  if (values.reason !== undefined && depth < 3)
    values.reason = translateReason(values.reason, sentences, words, depth + 1);
  if (values.kind !== undefined) values.kind = words[values.kind] ?? values.kind;
  return fill(sentences[read.key], values);
}
