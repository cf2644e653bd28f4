import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { FencedError, type EventLog } from '../bus/event-log.js';
import type { GenerationMode } from '../domain/statuses.js';
import type { BatchQueues } from './batch-queue.js';
import type { Batch, BatchStore } from './batch-store.js';
import type { BatchWebhookBody } from './schemas.js';
import type { CallbackGuard } from './ssrf-guard.js';
import type { OpenLimit } from '../db/open-limit.js';

export interface BatchServiceDeps {
  store: BatchStore;
  queues: BatchQueues;
  log: EventLog;
  guard: CallbackGuard;
  logger: Logger;
  /** REDIS_PREFIX, recorded on the rows so this deployment's reconciler watches them. */
  prefix: string;
}

/** What the webhook answers, the same for the first delivery of a message and every redelivery. */
export interface BatchAccepted {
  batchId: string;
  generations: string[];
  links: { self: string; deliveries: string };
}

/** The same webhook-id arrived again with a different body. */
export class WebhookReuseError extends Error {
  override name = 'WebhookReuseError';
}

export const batchLinks = (id: string) => ({ self: `/api/batches/${id}`, deliveries: `/api/batches/${id}/deliveries` });

/** Accepts verified batch webhooks: stores the batch once per webhook-id, then starts its flow. */
export class BatchService {
  constructor(private readonly deps: BatchServiceDeps) {}

  get store(): BatchStore {
    return this.deps.store;
  }

  /** A reason to refuse a callback URL at intake (scheme, internal address), or undefined. */
  checkCallbackUrl(url: string): Promise<string | undefined> {
    return this.deps.guard.checkUrl(url);
  }

  async close(): Promise<void> {
    await this.deps.queues.close();
  }

  /**
   * Stores the batch (once per webhook-id) for `sender` and starts it. A new batch must fit in the
   * sender's `openLimit` (OpenLimitReached otherwise).
   */
  async submit(
    webhookId: string,
    rawBody: string,
    body: BatchWebhookBody,
    sender: { owner: string; quotaKey: string },
    openLimit?: OpenLimit,
  ): Promise<{ accepted: BatchAccepted; replayed: boolean }> {
    const { store } = this.deps;
    const bodySha256 = createHash('sha256').update(rawBody).digest('hex');
    const { created, batch } = await store.create(
      {
        id: randomUUID(),
        webhookId,
        bodySha256,
        callbackUrl: body.callbackUrl,
        mode: body.mode,
        redisPrefix: this.deps.prefix,
        ...sender,
        requests: body.requests.map((r) => ({ ...r, generationId: randomUUID() })),
      },
      openLimit,
    );
    if (!created && batch.bodySha256 !== bodySha256) {
      throw new WebhookReuseError(`webhook-id ${webhookId} was already used for another body`);
    }
    const items = await store.items(batch.id);
    const generationIds = items.map((i) => i.generationId);
    // The creator starts the flow right after its commit. A redelivery finding the flow not yet
    // recorded as started does it again: that heals a process that died between commit and
    // enqueue, and is harmless otherwise (fixed job ids, idempotent first event).
    if (created || batch.enqueuedAt === null) await this.start(batch, generationIds, !created);
    return {
      accepted: { batchId: batch.id, generations: generationIds, links: batchLinks(batch.id) },
      replayed: !created,
    };
  }

  private async start(batch: Batch, generationIds: readonly string[], recovering: boolean): Promise<void> {
    if (recovering)
      this.deps.logger.info(
        { batchId: batch.id },
        'redelivered batch not yet recorded as started: (re)starting its flow',
      );
    for (let i = 0; i < generationIds.length; i += 20) {
      await Promise.all(generationIds.slice(i, i + 20).map((id) => this.announceQueued(id, batch.mode)));
    }
    await this.deps.queues.startBatch(batch.id, generationIds);
    await this.deps.store.markEnqueued(batch.id);
  }

  /**
   * Appends `status queued` as seq 1, as GenerationCommands.create does for a single generation
   * (the row was created holding token 1). Skipped when the log already has events; a worker or a
   * cancel that already took the token over makes it a no-op.
   */
  private async announceQueued(generationId: string, mode: GenerationMode): Promise<void> {
    const { log } = this.deps;
    if (((await log.currentSeq(generationId)) ?? 0) > 0) return;
    try {
      const { seq } = await log.claim(generationId, 1, 0);
      if (seq === 0) await log.append(generationId, 1, 0, [{ type: 'status', status: 'queued', mode }]);
    } catch (error) {
      if (!(error instanceof FencedError)) throw error;
    }
  }
}
