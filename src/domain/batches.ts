// The one home of a webhook batch's vocabulary: the batch's status, its callback's status and the
// outcome of one delivery attempt. Postgres CHECK constraints (src/db/schema.ts), the response
// schemas (src/api/openapi/batch-views.ts) and the metrics labels are all built from these arrays.

/** `partial`: some generations completed and some did not. */
export const BATCH_STATUSES = ['running', 'completed', 'partial', 'failed'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** `gone`: the receiver answered 410; `refused`: the SSRF guard would not connect. */
export const CALLBACK_STATUSES = ['pending', 'delivered', 'failed', 'gone', 'refused'] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];

/** One attempt: `retry` means another attempt is scheduled. */
export const DELIVERY_OUTCOMES = ['delivered', 'retry', 'failed', 'gone', 'refused'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];
