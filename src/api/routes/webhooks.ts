import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { batchWebhookBody } from '../../webhooks/schemas.js';
import { WebhookReuseError } from '../../webhooks/batch-service.js';
import { verifyWebhook } from '../../webhooks/signatures.js';
import type { ApiDeps, AppEnv } from '../deps.js';
import { ApiError } from '../errors.js';
import { describeIssues, parseJsonBody } from '../validation.js';
import type { RouteGuards } from '../route-guards.js';
import { keyOwner, WEBHOOK_OWNER } from '../../domain/owners.js';

/**
 * `POST /api/webhooks/generations`: a batch of generations asked for by a machine client, signed
 * with Standard Webhooks. Checked in this order, nothing stored before the last step: configured
 * (503), size (413), signature on the raw bytes (401), JSON and its depth (400), fields (400), callback URL (400).
 * Mounted before the /api/* body limit (see app.ts): it has its own, larger one.
 *
 * The batch and its generations belong to the sender: the key named by WEBHOOK_OWNER_KEY_ID (which
 * then reads them through /api/batches and /api/generations), or no key at all when unset. A new
 * batch of n requests spends n runs of that owner's per-minute budget and needs n open slots.
 */
export function webhookRoutes(deps: ApiDeps, guards: RouteGuards) {
  const { config, batches } = deps;
  const { modelCalls } = guards;
  const owner = config.WEBHOOK_OWNER_KEY_ID ? keyOwner(config.WEBHOOK_OWNER_KEY_ID) : WEBHOOK_OWNER;
  const sender = { owner, quotaKey: owner };
  const bodySchema = batchWebhookBody(config.PROMPT_MAX_CHARS);
  const app = new Hono<AppEnv>();

  app.post(
    '/generations',
    bodyLimit({
      maxSize: config.WEBHOOK_BODY_LIMIT_BYTES,
      onError: () => {
        // The unread rest of the body makes the connection unusable: tell the client not to reuse it.
        throw new ApiError('payload_too_large', `the body exceeds ${config.WEBHOOK_BODY_LIMIT_BYTES} bytes`, {
          connection: 'close',
        });
      },
    }),
    async (c) => {
      const secret = config.WEBHOOK_SECRET;
      if (!secret)
        throw new ApiError(
          'not_configured',
          'batch webhooks are not configured on this server (WEBHOOK_SECRET is not set)',
        );
      if (!config.CALLBACK_SIGNING_SECRET) {
        throw new ApiError(
          'not_configured',
          'batch callbacks are not configured on this server (CALLBACK_SIGNING_SECRET is not set)',
        );
      }

      // The signature covers the exact bytes: decode them without dropping a BOM or parsing first.
      const raw = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await c.req.arrayBuffer());
      const verified = verifyWebhook(secret, raw, c.req.raw.headers);
      if (!verified.ok) {
        const code = (
          {
            missing_headers: 'missing_signature',
            stale: 'stale_timestamp',
            bad_signature: 'invalid_signature',
          } as const
        )[verified.reason];
        throw new ApiError(code, verified.message);
      }

      // It becomes a unique key in Postgres: keep it index-sized (Svix ids are ~30 characters).
      if (verified.webhookId.length > 256)
        throw new ApiError('invalid_request', 'webhook-id must be at most 256 characters');

      const parsed = bodySchema.safeParse(parseJsonBody(raw));
      if (!parsed.success) throw new ApiError('invalid_request', describeIssues(parsed.error));
      const refusal = await batches.checkCallbackUrl(parsed.data.callbackUrl);
      if (refusal !== undefined) throw new ApiError('invalid_callback_url', `callbackUrl: ${refusal}`);

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
    },
  );

  return app;
}
