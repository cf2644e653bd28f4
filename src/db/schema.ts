import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// Postgres holds what must outlive Redis: each generation and the checkpoint of every finished
// section. `fence` is the fencing token of the current writer (see src/worker/fence.ts); `run`
// numbers the job runs (first run, resumes, regenerations) so a stale job can tell it is stale.

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
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('generations_created_at_idx').on(t.createdAt),
    check(
      'generations_status_check',
      sql`${t.status} in ('queued','streaming','chunked','paused','cancelled','completed','failed')`,
    ),
    check('generations_mode_check', sql`${t.mode} in ('stream','chunked')`),
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
  },
  (t) => [primaryKey({ columns: [t.generationId, t.index] })],
);

export type GenerationRow = typeof generations.$inferSelect;
export type SectionRow = typeof sections.$inferSelect;
