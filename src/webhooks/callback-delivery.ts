import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { request, type Dispatcher } from 'undici';
import { renderDocumentMarkdown } from '../domain/templates.js';
import { documentName } from '../domain/outlines.js';
import type { BatchStore, DeliveryOutcome } from './batch-store.js';
import { nextDelayMs, parseRetryAfter } from './retry-schedule.js';
import { signHeaders } from './signatures.js';
import { findRefusal } from './ssrf-guard.js';

// One attempt at delivering a finished batch to its callbackUrl: build the body from Postgres, sign
// it (same webhook-id on every attempt, fresh timestamp and signature), POST it through the guarded
// dispatcher (no redirects), classify the answer and record the attempt.

/** What a metrics collector hears after each attempt. */
export interface DeliveryEvent {
  batchId: string;
  attempt: number;
  outcome: DeliveryOutcome;
  statusCode: number | null;
  durationMs: number;
}

export type OnDelivery = (event: DeliveryEvent) => void;

export interface CallbackDeliveryDeps {
  store: BatchStore;
  dispatcher: Dispatcher;
  signingSecret: string | undefined;
  retrySchedule: readonly number[];
  timeoutMs: number;
  logger: Logger;
  onDelivery?: OnDelivery | undefined;
}

export interface AttemptResult {
  outcome: DeliveryOutcome;
  statusCode: number | null;
  error: string | null;
  /** Retry-After of the answer, in ms, when it had one. */
  retryAfterMs?: number | undefined;
}

/** The Standard Webhooks message id of a batch's callback: the same for every attempt. */
const callbackMessageId = (batchId: string) => `msg_${batchId.replaceAll('-', '')}`;

/** The callback body: the batch's outcome and every generation with its sections and document. */
async function callbackPayload(store: BatchStore, batchId: string) {
  const batch = await store.find(batchId);
  if (!batch) return undefined;
  const items = await store.items(batchId);
  const sections = await store.sectionsOf(items.map((i) => i.generationId));
  return {
    batch,
    body: {
      batchId,
      status: batch.status,
      generations: items.map((item) => {
        const done = sections.get(item.generationId) ?? [];
        return {
          id: item.generationId,
          status: item.status,
          template: item.template,
          ...(item.metadata ? { metadata: item.metadata } : {}),
          ...(item.error ? { error: item.error } : {}),
          sections: done,
          // The whole document only when it is whole; a failed one keeps its finished sections.
          document: item.status === 'completed' ? renderDocumentMarkdown(documentName(item.template), done) : null,
        };
      }),
    },
  };
}

/** Makes one attempt and records it; `attempt` counts from 1, `isLast` when no retry follows a failure. */
export async function attemptDelivery(
  batchId: string,
  attempt: number,
  isLast: boolean,
  deps: CallbackDeliveryDeps,
): Promise<AttemptResult | undefined> {
  const payload = await callbackPayload(deps.store, batchId);
  if (!payload) return undefined;
  const webhookId = callbackMessageId(batchId);
  const started = performance.now();
  const result = deps.signingSecret
    ? await send(payload.batch.callbackUrl, webhookId, JSON.stringify(payload.body), deps.signingSecret, deps)
    : {
        outcome: 'failed' as const,
        statusCode: null,
        error: 'CALLBACK_SIGNING_SECRET is not set: callbacks cannot be signed',
      };
  const durationMs = Math.round(performance.now() - started);

  let outcome = result.outcome;
  if (outcome === 'retry' && isLast) outcome = 'failed';
  const delay = outcome === 'retry' ? nextDelayMs(deps.retrySchedule, attempt, result.retryAfterMs) : undefined;
  await deps.store.recordDelivery({
    batchId,
    webhookId,
    attempt,
    statusCode: result.statusCode,
    error: result.error,
    durationMs,
    outcome,
    nextAttemptAt: delay === undefined ? null : new Date(Date.now() + delay),
  });
  if (outcome !== 'retry') await deps.store.setCallbackStatus(batchId, outcome);
  deps.logger[outcome === 'delivered' ? 'info' : 'warn'](
    { batchId, attempt, outcome, statusCode: result.statusCode, err: result.error ?? undefined, durationMs },
    'callback attempt',
  );
  try {
    deps.onDelivery?.({ batchId, attempt, outcome, statusCode: result.statusCode, durationMs });
  } catch {
    // A metrics hook must never decide a delivery.
  }
  return { ...result, outcome };
}

async function send(
  url: string,
  webhookId: string,
  body: string,
  secret: string,
  deps: CallbackDeliveryDeps,
): Promise<AttemptResult> {
  try {
    const response = await request(url, {
      method: 'POST',
      dispatcher: deps.dispatcher,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'contract-generator-callbacks/1',
        ...signHeaders(secret, webhookId, body),
      },
      body,
      signal: AbortSignal.timeout(deps.timeoutMs),
      headersTimeout: deps.timeoutMs,
      bodyTimeout: deps.timeoutMs,
    });
    // The answer's body is not ours to keep; read it off so the connection can be reused.
    await response.body.dump({ limit: 64 * 1024 }).catch(() => {});
    const status = response.statusCode;
    if (status >= 200 && status < 300) return { outcome: 'delivered', statusCode: status, error: null };
    if (status === 410)
      return { outcome: 'gone', statusCode: status, error: 'the receiver answered 410 Gone: no more attempts' };
    const header = response.headers['retry-after'];
    const error =
      status >= 300 && status < 400
        ? `the receiver answered ${status} (redirects are not followed)`
        : `the receiver answered ${status}`;
    return {
      outcome: 'retry',
      statusCode: status,
      error,
      retryAfterMs: parseRetryAfter(Array.isArray(header) ? header[0] : header),
    };
  } catch (error) {
    const refused = findRefusal(error);
    if (refused) return { outcome: 'refused', statusCode: null, error: refused.message };
    return { outcome: 'retry', statusCode: null, error: describeError(error) };
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: string }).code;
  // Our signal and undici's own header/body timers share CALLBACK_TIMEOUT_MS: whichever fires first,
  // it is the same timeout.
  const timeouts = ['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'];
  if (error.name === 'TimeoutError' || error.name === 'AbortError' || timeouts.includes(code ?? '')) return 'timed out';
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${code ?? error.name}: ${error.message}${cause}`.slice(0, 500);
}
