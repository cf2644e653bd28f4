import { Webhook, WebhookVerificationError } from 'standardwebhooks';

// Standard Webhooks (https://www.standardwebhooks.com), through its reference library: HMAC-SHA256
// over `${webhook-id}.${webhook-timestamp}.${raw body}`, `v1,<base64>` signatures (several allowed,
// space-separated, for secret rotation), constant-time comparison, ±5 minutes of clock tolerance.

/** The clock tolerance of Standard Webhooks (and of its reference library): ±5 minutes. */
const TOLERANCE_SEC = 5 * 60;
/** `webhook-id` becomes a unique key in Postgres: index-sized (Svix ids are ~30 characters). */
export const MAX_WEBHOOK_ID_CHARS = 256;

type Refusal = { ok: false; reason: 'missing_headers' | 'stale' | 'bad_signature'; message: string };

/** The three headers of a signed request, present, well-formed and fresh. */
export interface WebhookHeaders {
  id: string;
  timestamp: string;
  signature: string;
}

export type HeaderCheck = ({ ok: true } & WebhookHeaders) | Refusal;
export type VerifyResult = { ok: true; webhookId: string } | Refusal;

const STALE: Refusal = {
  ok: false,
  reason: 'stale',
  message: 'webhook-timestamp is more than 5 minutes away from our clock',
};
const BAD_SIGNATURE: Refusal = { ok: false, reason: 'bad_signature', message: 'no valid signature for this body' };

/**
 * What can be checked before the body is read, from the headers alone: present, a fresh timestamp,
 * a signature list holding at least one `v1,<base64 of 32 bytes>`. A request failing it is refused
 * without reading (or buffering) its body: only a fresh signed-looking request gets the full body
 * limit. The signature itself needs the body (verifyWebhook).
 */
export function checkWebhookHeaders(header: (name: string) => string | undefined, nowMs = Date.now()): HeaderCheck {
  const id = header('webhook-id');
  const timestamp = header('webhook-timestamp');
  const signature = header('webhook-signature');
  if (!id || !timestamp || !signature) {
    return {
      ok: false,
      reason: 'missing_headers',
      message: 'webhook-id, webhook-timestamp and webhook-signature are required',
    };
  }
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowMs / 1000 - Number(timestamp)) > TOLERANCE_SEC) return STALE;
  const entries = signature.split(' ');
  if (entries.length > 16 || !entries.some((e) => /^v1,[A-Za-z0-9+/]{43}=$/.test(e))) return BAD_SIGNATURE;
  return { ok: true, id, timestamp, signature };
}

/** Checks a request's signature on its raw body (headers from checkWebhookHeaders). Never throws for a bad request. */
export function verifyWebhook(secret: string, rawBody: string, headers: WebhookHeaders): VerifyResult {
  try {
    new Webhook(secret).verify(
      rawBody,
      { 'webhook-id': headers.id, 'webhook-timestamp': headers.timestamp, 'webhook-signature': headers.signature },
      { jsonParse: false },
    );
    return { ok: true, webhookId: headers.id };
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    // The timestamp was fresh when the headers came; it may have aged while the body arrived.
    if (/timestamp too (old|new)/i.test(error.message)) return STALE;
    return BAD_SIGNATURE;
  }
}

/** The three Standard Webhooks headers for one attempt of a message (fresh timestamp each time). */
export function signHeaders(secret: string, webhookId: string, body: string, now = new Date()): Record<string, string> {
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(webhookId, now, body),
  };
}
