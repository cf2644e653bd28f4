import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { GenerationMode, GenerationStatus } from '../domain/statuses.js';
import type { TemplateId } from '../domain/templates.js';
import type { Details, Language } from '../domain/details.js';
import { resolveOutline } from '../domain/outlines.js';
import type { Database } from '../db/client.js';
import { NEW_GENERATION } from '../db/generation-store.js';
import { reserveOpenSlots, type OpenLimit } from '../db/open-limit.js';
import {
  batches,
  batchGenerations,
  callbackDeliveries,
  generations,
  sections,
  type BatchRow,
  type CallbackDeliveryRow,
} from '../db/schema.js';

import type { BatchStatus, CallbackStatus, DeliveryOutcome } from '../domain/batches.js';

export type { BatchStatus, CallbackStatus, DeliveryOutcome };

export interface Batch extends Omit<BatchRow, 'status' | 'callbackStatus' | 'mode'> {
  status: BatchStatus;
  callbackStatus: CallbackStatus;
  mode: GenerationMode;
}

interface BatchRequest {
  template: TemplateId;
  prompt: string;
  /** English and no details unless given. */
  language?: Language | undefined;
  details?: Details | null | undefined;
  metadata?: Record<string, unknown> | undefined;
}

export interface NewBatch {
  id: string;
  webhookId: string;
  bodySha256: string;
  callbackUrl: string;
  mode: GenerationMode;
  /** The deployment's REDIS_PREFIX: its reconciler watches the batch and its generations. */
  redisPrefix: string;
  /** The sender's owner id and limits key (src/domain/owners.ts): the batch's generations get them too. */
  owner: string;
  quotaKey: string;
  /** One per request, in order, with the generation id chosen by the caller. */
  requests: (BatchRequest & { generationId: string })[];
}

/** A generation of a batch, in request order, with what the batch needs to know of it. */
export interface BatchItem {
  position: number;
  generationId: string;
  metadata: Record<string, unknown> | null;
  status: GenerationStatus;
  template: TemplateId;
  run: number;
  error: string | null;
  updatedAt: Date;
}

export interface DeliveryRecord {
  batchId: string;
  webhookId: string;
  attempt: number;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  outcome: DeliveryOutcome;
  nextAttemptAt: Date | null;
}

/** Postgres access for webhook batches, their generations and callback deliveries. */
export class BatchStore {
  constructor(private readonly db: Database) {}

  /**
   * Creates the batch and its generations in one transaction, unless a batch with the same
   * webhook-id exists. `insert … on conflict do nothing` makes concurrent deliveries of one
   * message wait on the unique key: exactly one creates, the others find nothing inserted and read
   * back the winner's rows, committed by then. Returns whether this call created it.
   */
  async create(input: NewBatch, openLimit?: OpenLimit): Promise<{ created: boolean; batch: Batch }> {
    const created = await this.db.transaction(async (tx) => {
      // A redelivery of a stored batch adds nothing: only a new one is held to the limit.
      const [known] = await tx.select({ id: batches.id }).from(batches).where(eq(batches.webhookId, input.webhookId));
      if (!known) await reserveOpenSlots(tx, openLimit, input.requests.length);
      const [row] = await tx
        .insert(batches)
        .values({
          id: input.id,
          webhookId: input.webhookId,
          bodySha256: input.bodySha256,
          callbackUrl: input.callbackUrl,
          owner: input.owner,
          mode: input.mode,
          redisPrefix: input.redisPrefix,
        })
        .onConflictDoNothing({ target: batches.webhookId })
        .returning();
      if (!row) return undefined;
      // Rows as GenerationStore.insert makes them: queued, holding fencing token 1, run 1.
      await tx.insert(generations).values(
        input.requests.map((r) => ({
          id: r.generationId,
          template: r.template,
          mode: input.mode,
          prompt: r.prompt,
          language: r.language ?? 'en',
          details: r.details ?? null,
          // Fixed now, from the details, as for any generation (GenerationCommands.create).
          outline: resolveOutline(r.template, r.details ?? {}, r.language ?? 'en'),
          redisPrefix: input.redisPrefix,
          owner: input.owner,
          quotaKey: input.quotaKey,
          ...NEW_GENERATION,
        })),
      );
      await tx.insert(batchGenerations).values(
        input.requests.map((r, position) => ({
          batchId: row.id,
          position,
          generationId: r.generationId,
          metadata: r.metadata ?? null,
        })),
      );
      return row as Batch;
    });
    if (created) return { created: true, batch: created };
    const existing = await this.findByWebhookId(input.webhookId);
    if (!existing) throw new Error(`batch for webhook-id ${input.webhookId} vanished`);
    return { created: false, batch: existing };
  }

  /** The batch, when `owner` (if given) is its owner: another owner's batch is as absent as a missing one. */
  async find(id: string, owner?: string): Promise<Batch | undefined> {
    const where = owner === undefined ? eq(batches.id, id) : and(eq(batches.id, id), eq(batches.owner, owner));
    const [row] = await this.db.select().from(batches).where(where);
    return row as Batch | undefined;
  }

  async findByWebhookId(webhookId: string): Promise<Batch | undefined> {
    const [row] = await this.db.select().from(batches).where(eq(batches.webhookId, webhookId));
    return row as Batch | undefined;
  }

  async items(batchId: string): Promise<BatchItem[]> {
    const rows = await this.db
      .select({
        position: batchGenerations.position,
        generationId: batchGenerations.generationId,
        metadata: batchGenerations.metadata,
        status: generations.status,
        template: generations.template,
        run: generations.run,
        error: generations.error,
        updatedAt: generations.updatedAt,
      })
      .from(batchGenerations)
      .innerJoin(generations, eq(generations.id, batchGenerations.generationId))
      .where(eq(batchGenerations.batchId, batchId))
      .orderBy(asc(batchGenerations.position));
    return rows as BatchItem[];
  }

  /** Checkpointed sections of several generations, by generation id, in index order. */
  async sectionsOf(generationIds: readonly string[]) {
    const bySection = new Map<string, { index: number; title: string; content: string }[]>();
    if (generationIds.length === 0) return bySection;
    const rows = await this.db
      .select({
        generationId: sections.generationId,
        index: sections.index,
        title: sections.title,
        content: sections.content,
      })
      .from(sections)
      .where(inArray(sections.generationId, [...generationIds]))
      .orderBy(asc(sections.generationId), asc(sections.index));
    for (const { generationId, ...section } of rows) {
      const list = bySection.get(generationId) ?? [];
      list.push(section);
      bySection.set(generationId, list);
    }
    return bySection;
  }

  /** Running batches of one deployment untouched for `graceMs`, oldest first (for the reconciler). */
  async runningUntouched(
    redisPrefix: string,
    graceMs: number,
    limit: number,
  ): Promise<Pick<Batch, 'id' | 'recoveries'>[]> {
    return this.db
      .select({ id: batches.id, recoveries: batches.recoveries })
      .from(batches)
      .where(
        and(
          eq(batches.redisPrefix, redisPrefix),
          eq(batches.status, 'running'),
          lt(batches.updatedAt, sql`now() - make_interval(secs => ${graceMs / 1000})`),
        ),
      )
      .orderBy(asc(batches.updatedAt))
      .limit(limit);
  }

  /** Counts one re-add of a running batch's parent job; undefined when it is no longer running. */
  async recordRecovery(id: string): Promise<number | undefined> {
    const [row] = await this.db
      .update(batches)
      .set({ recoveries: sql`${batches.recoveries} + 1`, updatedAt: sql`now()` })
      .where(and(eq(batches.id, id), eq(batches.status, 'running')))
      .returning({ recoveries: batches.recoveries });
    return row?.recoveries;
  }

  async markEnqueued(id: string): Promise<void> {
    await this.db
      .update(batches)
      .set({ enqueuedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(batches.id, id));
  }

  /** Records the batch's outcome once; a repeated call (job retried) keeps the first one. */
  async finish(id: string, status: Exclude<BatchStatus, 'running'>): Promise<BatchStatus | undefined> {
    const [row] = await this.db
      .update(batches)
      .set({ status, finishedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(batches.id, id), eq(batches.status, 'running')))
      .returning({ status: batches.status });
    if (row) return row.status as BatchStatus;
    return (await this.find(id))?.status;
  }

  async setCallbackStatus(id: string, callbackStatus: CallbackStatus): Promise<void> {
    await this.db
      .update(batches)
      .set({ callbackStatus, updatedAt: sql`now()` })
      .where(eq(batches.id, id));
  }

  async recordDelivery(record: DeliveryRecord): Promise<void> {
    await this.db.insert(callbackDeliveries).values(record);
  }

  async deliveries(batchId: string): Promise<CallbackDeliveryRow[]> {
    return this.db
      .select()
      .from(callbackDeliveries)
      .where(eq(callbackDeliveries.batchId, batchId))
      .orderBy(asc(callbackDeliveries.createdAt), asc(callbackDeliveries.attempt));
  }
}
