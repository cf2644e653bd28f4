import { z } from 'zod';
import { GENERATION_MODES, GENERATION_STATUSES } from '../domain/events.js';
import { TEMPLATE_IDS } from '../domain/templates.js';
import { generationLinksView } from '../api/schemas.js';

// Response shapes of the batch routes (src/api/routes/webhooks.ts, batches.ts), for the OpenAPI
// document. Those handlers build their JSON by hand; these schemas describe it.

const batchLinksView = z.object({ self: z.string(), deliveries: z.string() });

export const batchAcceptedView = z.object({
  batchId: z.uuid(),
  generations: z.array(z.uuid()),
  links: batchLinksView,
});

export const batchView = z.object({
  id: z.uuid(),
  status: z.enum(['running', 'completed', 'partial', 'failed']),
  mode: z.enum(GENERATION_MODES),
  callback: z.object({ status: z.enum(['pending', 'delivered', 'failed', 'gone', 'refused']) }),
  createdAt: z.string(),
  finishedAt: z.string().optional(),
  generations: z.array(
    z.object({
      id: z.uuid(),
      status: z.enum(GENERATION_STATUSES),
      template: z.enum(TEMPLATE_IDS),
      metadata: z.record(z.string(), z.unknown()).optional(),
      error: z.string().optional(),
      links: generationLinksView,
    }),
  ),
  links: batchLinksView,
});

export const batchDeliveriesView = z.object({
  batchId: z.uuid(),
  callbackStatus: z.enum(['pending', 'delivered', 'failed', 'gone', 'refused']),
  deliveries: z.array(
    z.object({
      attempt: z.number().int(),
      webhookId: z.string(),
      outcome: z.enum(['delivered', 'retry', 'failed', 'gone', 'refused']),
      statusCode: z.number().int().nullable(),
      error: z.string().nullable(),
      durationMs: z.number().nullable(),
      at: z.string(),
      nextAttemptAt: z.string().nullable(),
    }),
  ),
});
