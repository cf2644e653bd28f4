import { Webhook, WebhookVerificationError } from 'standardwebhooks';

// Standard Webhooks (https://www.standardwebhooks.com), through its reference library: HMAC-SHA256
// over `${webhook-id}.${webhook-timestamp}.${raw body}`, `v1,<base64>` signatures (several allowed,
// space-separated, for secret rotation), constant-time comparison, ±5 minutes of clock tolerance.

export type VerifyResult =
  | { ok: true; webhookId: string }
  | { ok: false; reason: 'missing_headers' | 'stale' | 'bad_signature'; message: string };

/** Checks an incoming request's signature on its raw body. Never throws for a bad request. */
export function verifyWebhook(secret: string, rawBody: string, headers: Headers): VerifyResult {
  const id = headers.get('webhook-id');
  const timestamp = headers.get('webhook-timestamp');
  const signature = headers.get('webhook-signature');
  if (!id || !timestamp || !signature) {
    return {
      ok: false,
      reason: 'missing_headers',
      message: 'webhook-id, webhook-timestamp and webhook-signature are required',
    };
  }
  try {
    new Webhook(secret).verify(
      rawBody,
      { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature },
      { jsonParse: false },
    );
    return { ok: true, webhookId: id };
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    if (/timestamp too (old|new)/i.test(error.message)) {
      return { ok: false, reason: 'stale', message: 'webhook-timestamp is more than 5 minutes away from our clock' };
    }
    return { ok: false, reason: 'bad_signature', message: 'no valid signature for this body' };
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
