import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { batchLinks } from '../../webhooks/batch-service.js';
import type { ApiDeps, AppEnv } from '../deps.js';
import type { RouteGuards } from '../route-guards.js';
import { ApiError, notFound } from '../errors.js';
import { generationLinks } from '../json-bodies.js';

const batchIdSchema = z.uuid();

function parseBatchId(raw: string): string {
  const result = batchIdSchema.safeParse(raw);
  if (!result.success) throw new ApiError('invalid_id', `"${raw.slice(0, 64)}" is not a batch id`);
  return result.data.toLowerCase();
}

/**
 * `GET /api/batches/:id` (status and generations) and `GET /api/batches/:id/deliveries` (every
 * callback attempt). The callback URL itself is not shown: it may carry the receiver's token.
 * A batch belongs to the webhook sender: with API_KEYS, only the key named by WEBHOOK_OWNER_KEY_ID
 * reads it (404 for any other).
 */
export function batchRoutes(deps: ApiDeps, guards: RouteGuards) {
  const { store } = deps.batches;
  const app = new Hono<AppEnv>();
  app.use(guards.callers.api);

  const load = async (c: Context, rawId: string) => {
    const caller = c.get('caller');
    const batch = await store.find(parseBatchId(rawId), caller.scoped ? caller.owner : undefined);
    if (!batch) throw notFound('batch');
    return batch;
  };

  app.get('/:id', async (c) => {
    const batch = await load(c, c.req.param('id'));
    const items = await store.items(batch.id);
    return c.json({
      id: batch.id,
      status: batch.status,
      mode: batch.mode,
      callback: { status: batch.callbackStatus },
      createdAt: batch.createdAt.toISOString(),
      ...(batch.finishedAt ? { finishedAt: batch.finishedAt.toISOString() } : {}),
      generations: items.map((item) => ({
        id: item.generationId,
        status: item.status,
        template: item.template,
        ...(item.metadata ? { metadata: item.metadata } : {}),
        ...(item.error ? { error: item.error } : {}),
        links: generationLinks(item.generationId),
      })),
      links: batchLinks(batch.id),
    });
  });

  app.get('/:id/deliveries', async (c) => {
    const batch = await load(c, c.req.param('id'));
    const rows = await store.deliveries(batch.id);
    return c.json({
      batchId: batch.id,
      callbackStatus: batch.callbackStatus,
      deliveries: rows.map((d) => ({
        attempt: d.attempt,
        webhookId: d.webhookId,
        outcome: d.outcome,
        statusCode: d.statusCode,
        error: d.error,
        durationMs: d.durationMs,
        at: d.createdAt.toISOString(),
        nextAttemptAt: d.nextAttemptAt ? d.nextAttemptAt.toISOString() : null,
      })),
    });
  });

  return app;
}
