import { sql, type SQL } from 'drizzle-orm';
import { BATCH_STATUSES, CALLBACK_STATUSES, DELIVERY_OUTCOMES } from '../domain/batches.js';
import { LANGUAGES, type Details } from '../domain/details.js';
import { VERSION_SOURCES, type SectionRewrite } from '../domain/versions.js';
import { SUGGESTION_STATUSES } from '../domain/suggestions.js';
import { CALL_KINDS, CALL_OUTCOMES } from '../domain/model-calls.js';
import { ACTIVE_STATUSES, GENERATION_MODES, GENERATION_STATUSES, OPEN_STATUSES } from '../domain/statuses.js';
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

// Postgres holds what must outlive Redis: each generation and the checkpoint of every finished
// section. `fence` is the fencing token of the current writer (see src/generations/ownership.ts); `run`
// numbers the job runs (first run, resumes, regenerations) so a stale job can tell it is stale.

/**
 * `('a','b')` for a CHECK constraint, from one of the vocabulary arrays. Inlined as SQL text because
 * drizzle-kit writes constraints into migrations; the values are our own constants, never input.
 */
const oneOf = (values: readonly string[]) => sql.raw(`(${values.map((v) => `'${v}'`).join(',')})`);

/** Postgres's full-text search document; written by Postgres itself (generated columns), never by us. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * The text search configuration of the list's search (src/db/document-list.ts): `simple` (lower case,
 * no stemming, no stop words), since a draft is English or French and a query either; a word is found
 * in whichever language it was written.
 */
export const SEARCH_CONFIG = sql.raw(`'simple'`);

export const generations = pgTable(
  'generations',
  {
    id: uuid('id').primaryKey(),
    template: text('template').notNull(),
    mode: text('mode').notNull(),
    status: text('status').notNull(),
    prompt: text('prompt').notNull(),
    error: text('error'),
    fence: integer('fence').notNull().default(0),
    run: integer('run').notNull().default(1),
    /** Seq of the newest event at the end of the last run: restarts the counter if the log expired. */
    lastSeq: integer('last_seq').notNull().default(0),
    /**
     * No event of the current run has a seq above this: a writer reserves seqs in blocks before
     * appending them. When Redis loses the log, the rebuilt one starts past it, so no viewer's
     * cursor can point into the new log by mistake (src/generations/ownership.ts).
     */
    seqCeiling: integer('seq_ceiling').notNull().default(0),
    /** The REDIS_PREFIX (deployment) whose queue runs it: a reconciler acts only on its own rows. */
    redisPrefix: text('redis_prefix').notNull().default('cg'),
    /** Times the reconciler re-enqueued the current run (src/generations/reconciler.ts). */
    recoveries: integer('recoveries').notNull().default(0),
    /** The current run's section rewrite, kept so a run re-enqueued after a loss still does it. */
    regenerate: jsonb('regenerate').$type<SectionRewrite>(),
    /** Who may see and control it (src/domain/owners.ts): an API key's id, a page session, or public. */
    owner: text('owner').notNull().default('public'),
    /** Whom its model calls count against (the owner, or the client's address without keys). */
    quotaKey: text('quota_key').notNull().default('public'),
    /** The business's details as validated (src/domain/details.ts); null when only a prompt was sent. */
    details: jsonb('details').$type<Details>(),
    language: text('language').notNull().default('en'),
    /** Section titles resolved at creation (src/domain/outlines.ts); null on rows older than it. */
    outline: jsonb('outline').$type<string[]>(),
    /** The owner's name for it (src/domain/draft-names.ts); null on rows older than it: the default name. */
    name: text('name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('generations_created_at_idx').on(t.createdAt),
    index('generations_active_idx')
      .on(t.redisPrefix, t.updatedAt)
      .where(sql`${t.status} in ${oneOf(ACTIVE_STATUSES)}`),
    index('generations_owner_created_at_idx').on(t.owner, t.createdAt),
    // The list's search by name (src/db/document-list.ts).
    index('generations_name_search_idx').using('gin', sql`to_tsvector(${SEARCH_CONFIG}, coalesce(${t.name}, ''))`),
    // The open-generation limit and /metrics count open rows only: this index keeps that cheap.
    index('generations_open_quota_idx')
      .on(t.quotaKey, t.status, t.mode)
      .where(sql`${t.status} in ${oneOf(OPEN_STATUSES)}`),
    check('generations_status_check', sql`${t.status} in ${oneOf(GENERATION_STATUSES)}`),
    check('generations_mode_check', sql`${t.mode} in ${oneOf(GENERATION_MODES)}`),
    check('generations_language_check', sql`${t.language} in ${oneOf(LANGUAGES)}`),
  ],
);

export const sections = pgTable(
  'sections',
  {
    generationId: uuid('generation_id')
      .notNull()
      .references(() => generations.id, { onDelete: 'cascade' }),
    index: integer('index').notNull(),
    title: text('title').notNull(),
    content: text('content').notNull(),
    /** Which way this section was written: token stream or a chunked (non-streamed) call. */
    mode: text('mode').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * The words of its title and text for the list's search: kept by Postgres with every write, so a
     * search reads it (through the GIN index) instead of parsing every text of the owner's drafts.
     */
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(
        (): SQL => sql`to_tsvector(${SEARCH_CONFIG}, ${sections.title} || ' ' || ${sections.content})`,
      ),
  },
  (t) => [primaryKey({ columns: [t.generationId, t.index] }), index('sections_search_idx').using('gin', t.search)],
);

/**
 * Every checkpoint of a section, numbered per section from 1: what a regeneration replaced stays
 * here and can be restored. Written by the checkpoint's own statement, under its fence; one version
 * per (section, fence), so a retried checkpoint adds none.
 */
export const sectionVersions = pgTable(
  'section_versions',
  {
    generationId: uuid('generation_id')
      .notNull()
      .references(() => generations.id, { onDelete: 'cascade' }),
    sectionIndex: integer('section_index').notNull(),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    content: text('content').notNull(),
    /** The generation's owner id when it was written (src/domain/owners.ts). */
    owner: text('owner').notNull(),
    source: text('source').notNull(),
    instruction: text('instruction'),
    fence: integer('fence').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.generationId, t.sectionIndex, t.version] }),
    uniqueIndex('section_versions_fence_key').on(t.generationId, t.sectionIndex, t.fence),
    check('section_versions_source_check', sql`${t.source} in ${oneOf(VERSION_SOURCES)}`),
  ],
);

/**
 * Read-only share links: one per generation at most. The link's token is this id signed with
 * SESSION_SECRET (src/api/middleware/sessions.ts); deleting the row revokes it.
 */
export const shares = pgTable(
  'shares',
  {
    id: text('id').primaryKey(),
    generationId: uuid('generation_id')
      .notNull()
      .references(() => generations.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('shares_generation_key').on(t.generationId)],
);

/**
 * The model's suggestions for a draft (src/domain/suggestions.ts), kept with it: written by the
 * suggestion job under the generation's fence, closed (applied or dismissed) by the owner.
 */
export const suggestions = pgTable(
  'suggestions',
  {
    id: uuid('id').primaryKey(),
    generationId: uuid('generation_id')
      .notNull()
      .references(() => generations.id, { onDelete: 'cascade' }),
    /** The section a rewrite would change (1-based); every suggestion names one. */
    section: integer('section').notNull(),
    summary: text('summary').notNull(),
    instruction: text('instruction').notNull(),
    status: text('status').notNull().default('open'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    index('suggestions_generation_idx').on(t.generationId, t.createdAt),
    check('suggestions_status_check', sql`${t.status} in ${oneOf(SUGGESTION_STATUSES)}`),
  ],
);

/**
 * Every model call, one row each (src/db/usage-store.ts): reserved before the request is sent, which
 * is how a run's budget is kept (the next `ordinal` of its `run_key` is taken only while the run has
 * calls and output tokens left, and the unique key stops two holders taking the same one), then
 * completed with what the call cost. `run_key` is `run:N` (a draft or rewrite run of the generation)
 * or `review:<request>` (a suggestions request).
 */
export const modelCalls = pgTable(
  'model_calls',
  {
    id: uuid('id').primaryKey(),
    generationId: uuid('generation_id')
      .notNull()
      .references(() => generations.id, { onDelete: 'cascade' }),
    runKey: text('run_key').notNull(),
    /** 1-based number of the call within its run. */
    ordinal: integer('ordinal').notNull(),
    kind: text('kind').notNull(),
    model: text('model').notNull(),
    /** Whom the call is billed to (the generation's quota key): its owner's daily budget. */
    quotaKey: text('quota_key').notNull(),
    promptTokens: integer('prompt_tokens').notNull().default(0),
    completionTokens: integer('completion_tokens').notNull().default(0),
    /** The provider reported no usage: the figures are an estimate (src/domain/model-calls.ts). */
    estimated: boolean('estimated').notNull().default(true),
    /** Null while the call is under way (or its worker died during it). */
    outcome: text('outcome'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('model_calls_run_ordinal_key').on(t.generationId, t.runKey, t.ordinal),
    check('model_calls_kind_check', sql`${t.kind} in ${oneOf(CALL_KINDS)}`),
    check('model_calls_outcome_check', sql`${t.outcome} is null or ${t.outcome} in ${oneOf(CALL_OUTCOMES)}`),
  ],
);

/** Tokens and calls per owner (quota key) per UTC day: what TOKEN_BUDGET_PER_DAY is checked against. */
export const tokenUsageDaily = pgTable(
  'token_usage_daily',
  {
    quotaKey: text('quota_key').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    promptTokens: bigint('prompt_tokens', { mode: 'number' }).notNull().default(0),
    completionTokens: bigint('completion_tokens', { mode: 'number' }).notNull().default(0),
    calls: integer('calls').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.quotaKey, t.day] })],
);

export type GenerationRow = typeof generations.$inferSelect;
export type SectionRow = typeof sections.$inferSelect;

// Webhook batches (src/webhooks). A batch is created once per incoming `webhook-id` (the unique key
// makes redeliveries, even concurrent ones, return the first answer); its generations are ordinary
// generations listed in order by batch_generations; every callback attempt is one delivery row.

export const batches = pgTable(
  'batches',
  {
    id: uuid('id').primaryKey(),
    /** The sender's `webhook-id`: one batch per message, whatever the number of deliveries. */
    webhookId: text('webhook_id').notNull(),
    /** SHA-256 of the raw body: the same webhook-id with another body is refused rather than answered. */
    bodySha256: text('body_sha256').notNull(),
    callbackUrl: text('callback_url').notNull(),
    /** The webhook sender's owner id (src/domain/owners.ts); its generations have the same owner. */
    owner: text('owner').notNull().default('webhook'),
    mode: text('mode').notNull(),
    status: text('status').notNull().default('running'),
    callbackStatus: text('callback_status').notNull().default('pending'),
    /** Set once the flow is in the queue: a redelivery finding it unset enqueues again (idempotent). */
    enqueuedAt: timestamp('enqueued_at', { withTimezone: true }),
    redisPrefix: text('redis_prefix').notNull().default('cg'),
    /** Times the reconciler re-added the batch's parent job (src/webhooks/batch-reconciler.ts). */
    recoveries: integer('recoveries').notNull().default(0),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('batches_webhook_id_key').on(t.webhookId),
    index('batches_running_idx')
      .on(t.redisPrefix, t.updatedAt)
      .where(sql`${t.status} = 'running'`),
    check('batches_status_check', sql`${t.status} in ${oneOf(BATCH_STATUSES)}`),
    check('batches_callback_status_check', sql`${t.callbackStatus} in ${oneOf(CALLBACK_STATUSES)}`),
  ],
);

export const batchGenerations = pgTable(
  'batch_generations',
  {
    batchId: uuid('batch_id')
      .notNull()
      .references(() => batches.id, { onDelete: 'cascade' }),
    /** Order of the request in the webhook body (0-based). */
    position: integer('position').notNull(),
    generationId: uuid('generation_id')
      .notNull()
      .references(() => generations.id, { onDelete: 'cascade' }),
    metadata: jsonb('metadata').$type<Record<string, unknown>>(),
  },
  (t) => [
    primaryKey({ columns: [t.batchId, t.position] }),
    uniqueIndex('batch_generations_generation_key').on(t.generationId),
  ],
);

export const callbackDeliveries = pgTable(
  'callback_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    batchId: uuid('batch_id')
      .notNull()
      .references(() => batches.id, { onDelete: 'cascade' }),
    /** The same for every attempt of one callback (Standard Webhooks `webhook-id`). */
    webhookId: text('webhook_id').notNull(),
    attempt: integer('attempt').notNull(),
    /** HTTP status of the answer; null when none came (refused address, timeout, connection error). */
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    /** delivered, retry (another attempt is scheduled), failed (no attempt left), gone (410), refused (SSRF guard). */
    outcome: text('outcome').notNull(),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('callback_deliveries_batch_idx').on(t.batchId, t.createdAt),
    check('callback_deliveries_outcome_check', sql`${t.outcome} in ${oneOf(DELIVERY_OUTCOMES)}`),
  ],
);

export type BatchRow = typeof batches.$inferSelect;
export type BatchGenerationRow = typeof batchGenerations.$inferSelect;
export type CallbackDeliveryRow = typeof callbackDeliveries.$inferSelect;

/**
 * Secrets the API processes must share and that no configuration gives them: the session secret when
 * SESSION_SECRET is unset (src/db/shared-secrets.ts). One row per name, written once.
 */
export const sharedSecrets = pgTable('shared_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Page sessions signed in with an API key (src/db/session-store.ts): the cookie carries the row's id
 * (signed), the row says whose session it is and until when. Signing out revokes the row, so the old
 * cookie answers as signed out on every API process at once. Expired rows are deleted at sign-ins.
 */
export const sessions = pgTable(
  'sessions',
  {
    /** 128 random bits, base64url: the subject of the signed cookie. */
    id: text('id').primaryKey(),
    /** `key:<key id>` (src/domain/owners.ts). */
    owner: text('owner').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('sessions_expires_idx').on(t.expiresAt)],
);
