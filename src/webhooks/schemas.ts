import { z } from 'zod';
import { GENERATION_MODES } from '../domain/statuses.js';
import { checkDraftRequest, draftRequestFields } from '../domain/draft-request.js';
import { storableRecord } from '../domain/storable-text.js';

// The body of `POST /api/webhooks/generations`.

const MAX_BATCH_REQUESTS = 100;
const METADATA_MAX_CHARS = 4096;
const CALLBACK_URL_MAX_CHARS = 2048;

export function batchWebhookBody(promptMaxChars: number) {
  return z.strictObject({
    callbackUrl: z
      .url({ protocol: /^https?$/, message: 'callbackUrl must be an absolute http(s) URL' })
      .max(CALLBACK_URL_MAX_CHARS, `callbackUrl must be at most ${CALLBACK_URL_MAX_CHARS} characters`),
    requests: z
      .array(
        z
          .strictObject({
            // Template, prompt, language and details, checked as POST /api/generations checks them.
            ...draftRequestFields(promptMaxChars),
            /** Echoed back in the callback, so the sender can match results to its records. */
            metadata: storableRecord()
              .refine(
                (m) => JSON.stringify(m).length <= METADATA_MAX_CHARS,
                `metadata must be at most ${METADATA_MAX_CHARS} characters of JSON`,
              )
              .optional(),
          })
          .transform(checkDraftRequest),
      )
      .min(1, 'requests must hold at least one request')
      .max(MAX_BATCH_REQUESTS, `requests must hold at most ${MAX_BATCH_REQUESTS} requests`),
    /** Batches default to chunked mode: nobody watches them token by token. */
    mode: z.enum(GENERATION_MODES).default('chunked'),
  });
}

export type BatchWebhookBody = z.output<ReturnType<typeof batchWebhookBody>>;
