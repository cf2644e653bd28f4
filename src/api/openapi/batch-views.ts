import { z } from 'zod';
import { BATCH_STATUSES, CALLBACK_STATUSES, DELIVERY_OUTCOMES } from '../../domain/batches.js';
import { GENERATION_MODES, GENERATION_STATUSES } from '../../domain/statuses.js';
import { TEMPLATE_IDS } from '../../domain/templates.js';
import { generationLinksView } from '../schemas.js';

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
  status: z.enum(BATCH_STATUSES),
  mode: z.enum(GENERATION_MODES),
  callback: z.object({ status: z.enum(CALLBACK_STATUSES) }),
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
  callbackStatus: z.enum(CALLBACK_STATUSES),
  deliveries: z.array(
    z.object({
      attempt: z.number().int(),
      webhookId: z.string(),
      outcome: z.enum(DELIVERY_OUTCOMES),
      statusCode: z.number().int().nullable(),
      error: z.string().nullable(),
      durationMs: z.number().nullable(),
      at: z.string(),
      nextAttemptAt: z.string().nullable(),
    }),
  ),
});
