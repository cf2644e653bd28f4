import { Hono } from 'hono';
import { batchWebhookBody } from '../../webhooks/schemas.js';
import { WebhookReuseError } from '../../webhooks/batch-service.js';
import { checkWebhookHeaders, MAX_WEBHOOK_ID_CHARS, verifyWebhook } from '../../webhooks/signatures.js';
import type { ApiDeps, AppEnv } from '../deps.js';
import { ApiError, UNAVAILABLE_RETRY_AFTER_SEC } from '../errors.js';
import { readBoundedBody } from '../read-body.js';
import { describeIssues, parseJsonBody } from '../validation.js';
import type { RouteGuards } from '../route-guards.js';
import { keyOwner, WEBHOOK_OWNER } from '../../domain/owners.js';

/**
 * `POST /api/webhooks/generations`: a batch of generations asked for by a machine client, signed
 * with Standard Webhooks. Checked in this order, nothing stored before the last step: configured
 * (503); from the headers alone, before a byte of the body is read: the three signature headers,
 * present, well-formed and fresh (401), and a declared size within the limit (413); a place among the
 * large bodies being received (503 beyond WEBHOOK_BODIES_IN_FLIGHT); the body itself, cut at the limit
 * (413) or at WEBHOOK_BODY_TIMEOUT_MS (408); the signature on the raw bytes (401); JSON and its depth
 * (400), fields (400), callback URL (400). So an unsigned or stale request costs no body, and a forged
 * one at most the bodies in flight, each bounded in size and time.
 * Mounted before the /api/* body limit (see app.ts): it has its own, larger one.
 *
 * The batch and its generations belong to the sender: the key named by WEBHOOK_OWNER_KEY_ID (which
 * then reads them through /api/batches and /api/generations), or no key at all when unset. A new
 * batch of n requests spends n runs of that owner's per-minute budget and needs n open slots.
 * Long as a list of routes: each handler sits inline after its validator (the house style), so a
 * route is read in one place.
 */
export function webhookRoutes(deps: ApiDeps, guards: RouteGuards) {
  const { config, batches } = deps;
  const { modelCalls } = guards;
  const owner = config.WEBHOOK_OWNER_KEY_ID ? keyOwner(config.WEBHOOK_OWNER_KEY_ID) : WEBHOOK_OWNER;
  const sender = { owner, quotaKey: owner };
  const bodySchema = batchWebhookBody(config.PROMPT_MAX_CHARS);
  const bounds = { maxBytes: config.WEBHOOK_BODY_LIMIT_BYTES, timeoutMs: config.WEBHOOK_BODY_TIMEOUT_MS };
  const app = new Hono<AppEnv>();
  // Bodies above the ordinary limit (or of unknown length) being received now, on this process.
  let largeInFlight = 0;

  app.post('/generations', async (c) => {
    const secret = config.WEBHOOK_SECRET;
    if (!secret)
      throw new ApiError(
        'not_configured',
        'batch webhooks are not configured on this server (WEBHOOK_SECRET is not set)',
        CLOSE,
      );
    if (!config.CALLBACK_SIGNING_SECRET) {
      throw new ApiError(
        'not_configured',
        'batch callbacks are not configured on this server (CALLBACK_SIGNING_SECRET is not set)',
        CLOSE,
      );
    }
    const headers = checkWebhookHeaders((name) => c.req.header(name));
    if (!headers.ok) throw refusal(headers);
    if (headers.id.length > MAX_WEBHOOK_ID_CHARS)
      throw new ApiError('invalid_request', `webhook-id must be at most ${MAX_WEBHOOK_ID_CHARS} characters`, CLOSE);

    // A body of unknown length (chunked) counts as large; one declared past the limit is refused unread.
    const declared = Number(c.req.header('content-length') ?? NaN);
    const large = !(declared <= config.BODY_LIMIT_BYTES);
    if (large && !(declared > bounds.maxBytes) && largeInFlight >= config.WEBHOOK_BODIES_IN_FLIGHT) {
      throw new ApiError('unavailable', 'too many large webhook bodies are being received; retry later', {
        ...CLOSE,
        'retry-after': String(UNAVAILABLE_RETRY_AFTER_SEC),
      });
    }
    if (large) largeInFlight++;
    let bytes: Uint8Array;
    try {
      bytes = await readBoundedBody(c.req.raw, bounds);
    } finally {
      if (large) largeInFlight--;
    }
    // The signature covers the exact bytes: decode them without dropping a BOM or parsing first.
    const raw = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const verified = verifyWebhook(secret, raw, headers);
    if (!verified.ok) throw refusal(verified);

    const parsed = bodySchema.safeParse(parseJsonBody(raw));
    if (!parsed.success) throw new ApiError('invalid_request', describeIssues(parsed.error));
    const callbackRefusal = await batches.checkCallbackUrl(parsed.data.callbackUrl);
    if (callbackRefusal !== undefined) throw new ApiError('invalid_callback_url', `callbackUrl: ${callbackRefusal}`);

    // A redelivery of a stored batch is answered as before and spends nothing.
    if (!(await batches.store.findByWebhookId(verified.webhookId))) {
      await modelCalls.consume(c, owner, parsed.data.requests.length);
    }
    try {
      const { accepted, replayed } = await modelCalls.withinOpenLimit(() =>
        batches.submit(verified.webhookId, raw, parsed.data, sender, modelCalls.openLimit(owner)),
      );
      return c.json(accepted, 202, {
        location: accepted.links.self,
        ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
      });
    } catch (error) {
      if (error instanceof WebhookReuseError) throw new ApiError('conflict', error.message);
      throw error;
    }
  });

  return app;
}

/**
 * Answers refused before the body was read (or while it was) close the connection: its unread rest
 * makes it unusable, and Node then stops reading it.
 */
const CLOSE = { connection: 'close' };

const REFUSAL_CODES = {
  missing_headers: 'missing_signature',
  stale: 'stale_timestamp',
  bad_signature: 'invalid_signature',
} as const;

const refusal = (result: { reason: keyof typeof REFUSAL_CODES; message: string }) =>
  new ApiError(REFUSAL_CODES[result.reason], result.message, CLOSE);
