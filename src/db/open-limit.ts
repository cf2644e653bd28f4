import { sql, type SQL } from 'drizzle-orm';
import { OPEN_STATUSES } from '../domain/statuses.js';

// The open-generation limit (MAX_OPEN_GENERATIONS), counted where the truth is: the rows of
// `generations` in an open status, per quota key. Each insert or reopening that adds open rows runs
// in a transaction that first takes a transaction-level advisory lock on the quota key, then counts,
// then writes: two API processes adding for the same key at once are serialised by Postgres, so the
// count never overshoots, and nothing needs cleaning up when a process dies (the lock ends with it).

export interface OpenLimit {
  /** The key the limit applies to (`Caller.quota`). */
  quota: string;
  /** At most this many open generations; 0 = no limit. */
  max: number;
}

/** The quota already holds `max` open generations (or would, with the ones being added). */
export class OpenLimitReached extends Error {
  override name = 'OpenLimitReached';
  constructor(readonly max: number) {
    super(`at most ${max} generations may be queued, running or paused at once`);
  }
}

interface Executes {
  execute(query: SQL): PromiseLike<ArrayLike<unknown>>;
}

/**
 * Inside a transaction: waits for the quota's lock, then throws OpenLimitReached (rolling the
 * transaction back) unless `adding` more open generations fit.
 */
export async function reserveOpenSlots(tx: Executes, limit: OpenLimit | undefined, adding: number): Promise<void> {
  if (!limit || limit.max <= 0) return;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`open-limit:${limit.quota}`}, 0))`);
  const rows = (await tx.execute(sql`
    select count(*)::int as n from generations
    where quota_key = ${limit.quota} and status in (${sql.join(
      OPEN_STATUSES.map((s) => sql`${s}`),
      sql`, `,
    )})`)) as unknown as { n: number }[];
  if ((rows[0]?.n ?? 0) + adding > limit.max) throw new OpenLimitReached(limit.max);
}
