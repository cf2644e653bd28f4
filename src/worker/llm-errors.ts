import { APIConnectionError, APIError, APIUserAbortError } from 'openai';

/** No delta arrived for STREAM_STALL_MS: the stream is treated as failed. */
export class StreamStallError extends Error {
  override name = 'StreamStallError';
  constructor(ms: number) {
    super(`no delta from the model for ${ms} ms`);
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
export class TruncatedStreamError extends Error {
  override name = 'TruncatedStreamError';
  constructor(finishReason: string | undefined) {
    super(
      finishReason
        ? `the model stopped early (finish_reason ${finishReason})`
        : 'the stream ended before the model finished',
    );
  }
}

/** The stream ended cleanly but without every section it was asked for. */
export class IncompleteOutputError extends Error {
  override name = 'IncompleteOutputError';
  constructor(missing: number) {
    super(`the model stopped with ${missing} section(s) missing`);
  }
}

export type LlmFailure =
  /** Retrying cannot help: bad key, no access, unknown model, rejected request. */
  | { kind: 'fatal'; message: string }
  /** The provider asked us to slow down, for `retryAfterMs`. */
  | { kind: 'rate_limited'; message: string; retryAfterMs: number }
  /** Cut connection, 5xx, stall, timeout, short output: worth another try. */
  | { kind: 'transient'; message: string };

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

export function classifyLlmError(error: unknown): LlmFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof APIUserAbortError || error instanceof APIConnectionError) return { kind: 'transient', message };
  if (error instanceof APIError && typeof error.status === 'number') {
    if (error.status === 429) return { kind: 'rate_limited', message, retryAfterMs: retryAfterMs(error.headers) };
    if (error.status === 408 || error.status === 409 || error.status >= 500) return { kind: 'transient', message };
    return { kind: 'fatal', message: `model provider refused the request (${error.status}): ${message}` };
  }
  return { kind: 'transient', message };
}
