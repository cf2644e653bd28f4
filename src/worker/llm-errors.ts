import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, OpenAIError } from 'openai';
import { ModelBudgetExceeded, OwnerCallsPaced } from '../llm/call-errors.js';
import { sayReason } from '../domain/run-reasons.js';

/**
 * A failure of the model's answer that we noticed ourselves (a stall, a cut, sections left out): its
 * message is ours, fit for every viewer. Any other error's message is not (it may quote anything).
 */
abstract class AnswerFailure extends Error {}

/** No delta arrived for STREAM_STALL_MS: the stream is treated as failed. */
class StreamStallError extends AnswerFailure {
  override name = 'StreamStallError';
  constructor(ms: number) {
    super(sayReason('stalled', { ms }));
  }
}

/**
 * Times the model's silence on one call, not ours: `call` is aborted with StreamStallError once no
 * delta came for `ms`, except while the caller is handling one (between `hold` and `restart`: a
 * checkpoint retried), when it only re-arms. One timer per call, pushed back after each delta (no timer per token).
 */
export class StallClock {
  private busy = false;
  private readonly timer: NodeJS.Timeout;

  constructor(ms: number, call: AbortController) {
    this.timer = setTimeout(() => (this.busy ? this.timer.refresh() : call.abort(new StreamStallError(ms))), ms);
  }

  /** A delta arrived: the clock holds while the caller handles it (nothing is allocated per token). */
  hold(): void {
    this.busy = true;
  }

  /** The delta is handled: the silence is timed from now. */
  restart(): void {
    this.busy = false;
    this.timer.refresh();
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}

/** The stream ended without the model saying it finished (cut connection, token limit). */
export class TruncatedStreamError extends AnswerFailure {
  override name = 'TruncatedStreamError';
  constructor(readonly finishReason: string | undefined) {
    super(finishReason ? sayReason('stoppedEarly', { finishReason }) : sayReason('streamEnded'));
  }
}

/** The answer ended cleanly but without every section it was asked for (or without any we could read). */
export class IncompleteOutputError extends AnswerFailure {
  override name = 'IncompleteOutputError';
  constructor(missing: number, anyRead: boolean) {
    super(anyRead ? sayReason('sectionsLeftOut', { count: missing }) : sayReason('noHeadings'));
  }
}

export type LlmFailure =
  /** Retrying cannot help: bad key, no access, unknown model, rejected request, a budget spent. */
  | { kind: 'fatal'; message: string }
  /** The provider asked us to slow down, for `retryAfterMs` (or the owner's per-minute limit did). */
  | { kind: 'rate_limited'; message: string; retryAfterMs: number }
  /** Cut connection, 5xx, stall, timeout, short output: worth another try. */
  | { kind: 'transient'; message: string };

/**
 * What viewers are told when the provider refuses us, by kind: a fixed phrase, never the provider's
 * text (which quotes keys, project ids and model names). The provider's text goes to the log only.
 */
export const PROVIDER_REFUSALS = {
  authentication: sayReason('providerCredentials'),
  permission: sayReason('providerPermission'),
  model_not_found: sayReason('modelNotFound'),
  quota: sayReason('providerQuota'),
  bad_request: sayReason('providerRejected'),
} as const;

/** Parameters we send: the only ones a refusal may name back to a viewer. */
const SENT_PARAMETERS = ['temperature', 'max_completion_tokens', 'max_tokens', 'stream_options', 'stream'];

const DEFAULT_RATE_LIMIT_WAIT_MS = 5_000;

function retryAfterMs(headers: Headers | undefined): number {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const raw = headers?.get('retry-after');
  if (!raw) return DEFAULT_RATE_LIMIT_WAIT_MS;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? DEFAULT_RATE_LIMIT_WAIT_MS : Math.max(0, date - Date.now());
}

/**
 * A request parameter the model refuses (OpenAI's reasoning models answer 400 `unsupported_parameter`,
 * "Unsupported parameter: 'temperature' is not supported with this model"), when it is one we send.
 */
function refusedParameter(error: APIError): string | undefined {
  const code = typeof error.code === 'string' ? error.code : '';
  const named =
    typeof error.param === 'string'
      ? error.param
      : /Unsupported (?:parameter|value): '([\w.]+)'/.exec(error.message)?.[1];
  if (!/^unsupported_(parameter|value)$/.test(code) && !/Unsupported (parameter|value)/.test(error.message))
    return undefined;
  return SENT_PARAMETERS.find((p) => p === named) ?? 'a request parameter';
}

/** The provider's answer, told apart by kind, in words fit for every viewer. */
function classifyApiError(error: APIError, status: number): LlmFailure {
  const code = typeof error.code === 'string' ? error.code : '';
  if (status === 429 && code !== 'insufficient_quota')
    return {
      kind: 'rate_limited',
      message: sayReason('providerRateLimit'),
      retryAfterMs: retryAfterMs(error.headers),
    };
  if (status === 408 || status === 409 || status >= 500)
    return { kind: 'transient', message: sayReason('providerFailed', { status }) };
  if (status === 401) return { kind: 'fatal', message: PROVIDER_REFUSALS.authentication };
  if (status === 403) return { kind: 'fatal', message: PROVIDER_REFUSALS.permission };
  if (status === 404) return { kind: 'fatal', message: PROVIDER_REFUSALS.model_not_found };
  if (status === 402 || status === 429) return { kind: 'fatal', message: PROVIDER_REFUSALS.quota };
  const parameter = refusedParameter(error);
  if (parameter) return { kind: 'fatal', message: sayReason('parameterRefused', { parameter }) };
  return { kind: 'fatal', message: PROVIDER_REFUSALS.bad_request };
}

/**
 * How a failed model call is handled, and the words its failure is told in. `message` may reach every
 * viewer (events, the API's `error`, share pages, callbacks): for the provider's errors it is a fixed
 * phrase by kind; for our own failures (stall, cut, short output, a budget spent) it is their message.
 */
export function classifyLlmError(error: unknown): LlmFailure {
  if (error instanceof ModelBudgetExceeded) return { kind: 'fatal', message: error.message };
  if (error instanceof OwnerCallsPaced)
    return { kind: 'rate_limited', message: error.message, retryAfterMs: error.retryAfterMs };
  if (error instanceof APIError && typeof error.status === 'number') return classifyApiError(error, error.status);
  if (error instanceof APIConnectionTimeoutError) return { kind: 'transient', message: sayReason('providerTimeout') };
  if (error instanceof APIConnectionError) return { kind: 'transient', message: sayReason('providerUnreachable') };
  if (error instanceof APIUserAbortError) return { kind: 'transient', message: sayReason('callStopped') };
  // The SDK's other errors (an answer it could not read) quote what they read.
  if (error instanceof OpenAIError) return { kind: 'transient', message: sayReason('answerUnreadable') };
  if (error instanceof AnswerFailure) return { kind: 'transient', message: error.message };
  return { kind: 'transient', message: sayReason('callFailed') };
}
