import { and, asc, eq, sql } from 'drizzle-orm';
import { SUGGESTION_LIMITS, type SuggestionOutcome, type SuggestionStatus } from '../domain/suggestions.js';
import type { ProposedSuggestion } from '../domain/suggestion-reader.js';
import type { Database } from './client.js';
import { generations, suggestions } from './schema.js';

/** A stored suggestion (src/domain/suggestions.ts). */
export interface Suggestion extends ProposedSuggestion {
  id: string;
  generationId: string;
  status: SuggestionStatus;
  createdAt: Date;
  closedAt: Date | null;
}

/** What became of a proposal the suggestion job tried to store. */
export type AddOutcome = 'stored' | 'fenced' | 'duplicate' | 'full';

/** Postgres access for the suggestions of drafts. */
export class SuggestionStore {
  constructor(private readonly db: Database) {}

  /**
   * Stores a proposal as an open suggestion, only while `fence` is the generation's token (the
   * writer's right, as for checkpoints): the row lock of FOR UPDATE orders it against a command
   * taking the token. An open suggestion of the same section and summary is not stored twice (a
   * request repeated, or retried after a crash), and a draft holds at most `openPerDraft` open ones.
   */
  async add(generationId: string, fence: number, id: string, proposal: ProposedSuggestion): Promise<AddOutcome> {
    const { section, summary, instruction } = proposal;
    const rows = await this.db.execute<{ owned: number; duplicate: number; open: number; stored: number }>(sql`
      with owner as (
        select id from ${generations} where id = ${generationId} and fence = ${fence} for update
      ),
      open as (
        select section, summary from ${suggestions}
        where generation_id = ${generationId} and status = 'open' and exists (select 1 from owner)
      ),
      stored as (
        insert into ${suggestions} (id, generation_id, section, summary, instruction)
        select ${id}, owner.id, ${section}, ${summary}, ${instruction} from owner
        where not exists (select 1 from open where open.section = ${section} and open.summary = ${summary})
          and (select count(*) from open) < ${SUGGESTION_LIMITS.openPerDraft}
        returning id
      )
      select (select count(*) from owner)::int as owned,
        (select count(*) from open where open.section = ${section} and open.summary = ${summary})::int as duplicate,
        (select count(*) from open)::int as open,
        (select count(*) from stored)::int as stored`);
    const row = rows[0];
    if (!row || row.owned === 0) return 'fenced';
    if (row.stored === 1) return 'stored';
    return row.duplicate > 0 ? 'duplicate' : 'full';
  }

  /** A draft's suggestions, oldest first; only those of `status` when given. */
  async list(generationId: string, status?: SuggestionStatus): Promise<Suggestion[]> {
    const byDraft = eq(suggestions.generationId, generationId);
    return this.db
      .select()
      .from(suggestions)
      .where(status ? and(byDraft, eq(suggestions.status, status)) : byDraft)
      .orderBy(asc(suggestions.createdAt), asc(suggestions.id)) as Promise<Suggestion[]>;
  }

  async find(generationId: string, id: string): Promise<Suggestion | undefined> {
    const [row] = await this.db
      .select()
      .from(suggestions)
      .where(and(eq(suggestions.generationId, generationId), eq(suggestions.id, id)));
    return row as Suggestion | undefined;
  }

  /** Closes an open suggestion; false when it is not open (any more). */
  async close(generationId: string, id: string, outcome: SuggestionOutcome): Promise<boolean> {
    const rows = await this.db
      .update(suggestions)
      .set({ status: outcome, closedAt: sql`now()` })
      .where(and(eq(suggestions.generationId, generationId), eq(suggestions.id, id), eq(suggestions.status, 'open')))
      .returning({ id: suggestions.id });
    return rows.length === 1;
  }

  /** Opens again a suggestion whose apply did not start (the draft was busy, or the limit full). */
  async reopen(generationId: string, id: string): Promise<void> {
    await this.db
      .update(suggestions)
      .set({ status: 'open', closedAt: null })
      .where(
        and(eq(suggestions.generationId, generationId), eq(suggestions.id, id), eq(suggestions.status, 'applied')),
      );
  }
}
