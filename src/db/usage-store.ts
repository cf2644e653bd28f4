import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { NO_USAGE, type Budget, type CallKind, type CallOutcome, type ModelUsage } from '../domain/model-calls.js';
import type { Database } from './client.js';
import { databaseFailure } from './errors.js';
import { modelCalls, tokenUsageDaily } from './schema.js';

// What model calls cost, in Postgres: one row per call (model_calls), reserved before the request is
// sent and completed when it ends, and a running sum per owner and UTC day (token_usage_daily). The
// reservation is the budget: it takes the run's next call number only while the run has calls and
// output tokens left, in one statement, so the count survives job retries and takeovers by design.

export interface NewCall {
  generationId: string;
  runKey: string;
  kind: CallKind;
  model: string;
  quotaKey: string;
  /** Estimated until the call ends (what stays if its worker dies during it). */
  promptTokens: number;
}

export interface RunBudget {
  calls: number;
  outputTokens: number;
}

export type Reservation =
  | { ok: true; id: string; ordinal: number; outputTokensLeft: number }
  | { ok: false; budget: Extract<Budget, 'calls' | 'output_tokens'>; calls: number; outputTokens: number };

export interface EndedCall {
  promptTokens: number;
  completionTokens: number;
  estimated: boolean;
  outcome: CallOutcome;
}

const USAGE_COLUMNS = {
  calls: sql<number>`count(*)::int`,
  promptTokens: sql<number>`coalesce(sum(${modelCalls.promptTokens}), 0)::int`,
  completionTokens: sql<number>`coalesce(sum(${modelCalls.completionTokens}), 0)::int`,
  estimated: sql<boolean>`coalesce(bool_or(${modelCalls.estimated}), false)`,
};

/** Today in UTC, as Postgres sees it: every process agrees on the day whatever its clock. */
const UTC_TODAY = sql`(now() at time zone 'utc')::date`;

export class UsageStore {
  constructor(private readonly db: Database) {}

  /**
   * Takes the run's next call when its budget allows it. Two holders of one run racing for the same
   * number collide on the unique key; the loser reads the count again (each collision means another
   * took a number, so there are at most as many as the budget has calls).
   */
  async reserve(call: NewCall, budget: RunBudget): Promise<Reservation> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.tryReserve(call, budget);
      } catch (error) {
        if (attempt >= budget.calls || databaseFailure(error) !== 'refused') throw error;
      }
    }
  }

  private async tryReserve(call: NewCall, budget: RunBudget): Promise<Reservation> {
    const id = randomUUID();
    const rows = await this.db.execute<{ ordinal: number; calls: number; output: number }>(sql`
      with spent as (
        select coalesce(max(ordinal), 0)::int as calls, coalesce(sum(completion_tokens), 0)::int as output
        from ${modelCalls} where generation_id = ${call.generationId} and run_key = ${call.runKey}
      ),
      taken as (
        insert into ${modelCalls} (id, generation_id, run_key, ordinal, kind, model, quota_key, prompt_tokens)
        select ${id}, ${call.generationId}, ${call.runKey}, spent.calls + 1, ${call.kind}, ${call.model},
          ${call.quotaKey}, ${call.promptTokens}
        from spent where spent.calls < ${budget.calls} and spent.output < ${budget.outputTokens}
        returning ordinal
      )
      select (select ordinal from taken) as ordinal, spent.calls, spent.output from spent`);
    const row = rows[0];
    const [calls, output] = [Number(row?.calls ?? 0), Number(row?.output ?? 0)];
    if (row?.ordinal != null)
      return { ok: true, id, ordinal: Number(row.ordinal), outputTokensLeft: budget.outputTokens - output };
    return { ok: false, budget: calls >= budget.calls ? 'calls' : 'output_tokens', calls, outputTokens: output };
  }

  /** Gives back a reserved call that was never sent (the owner's per-minute limit held it). */
  async release(id: string): Promise<void> {
    await this.db.delete(modelCalls).where(and(eq(modelCalls.id, id), sql`${modelCalls.outcome} is null`));
  }

  /** Completes a call with what it cost and adds it to its owner's day; a second end changes nothing. */
  async end(id: string, cost: EndedCall): Promise<void> {
    await this.db.execute(sql`
      with ended as (
        update ${modelCalls}
        set prompt_tokens = ${cost.promptTokens}, completion_tokens = ${cost.completionTokens},
          estimated = ${cost.estimated}, outcome = ${cost.outcome}, ended_at = now()
        where id = ${id} and outcome is null
        returning quota_key, prompt_tokens, completion_tokens
      )
      insert into ${tokenUsageDaily} (quota_key, day, prompt_tokens, completion_tokens, calls)
      select quota_key, ${UTC_TODAY}, prompt_tokens, completion_tokens, 1 from ended
      on conflict (quota_key, day) do update set
        prompt_tokens = ${tokenUsageDaily.promptTokens} + excluded.prompt_tokens,
        completion_tokens = ${tokenUsageDaily.completionTokens} + excluded.completion_tokens,
        calls = ${tokenUsageDaily.calls} + 1`);
  }

  /** What every call of a generation cost (its runs, rewrites and reviews). */
  async ofGeneration(generationId: string): Promise<ModelUsage> {
    const [row] = await this.db.select(USAGE_COLUMNS).from(modelCalls).where(eq(modelCalls.generationId, generationId));
    return row ?? NO_USAGE;
  }

  /** What one run or one review cost. */
  async ofRun(generationId: string, runKey: string): Promise<ModelUsage> {
    const [row] = await this.db
      .select(USAGE_COLUMNS)
      .from(modelCalls)
      .where(and(eq(modelCalls.generationId, generationId), eq(modelCalls.runKey, runKey)));
    return row ?? NO_USAGE;
  }

  /** Tokens (prompt and completion) billed to `quotaKey` since UTC midnight. */
  async tokensToday(quotaKey: string): Promise<number> {
    const [row] = await this.db
      .select({ tokens: sql<string>`${tokenUsageDaily.promptTokens} + ${tokenUsageDaily.completionTokens}` })
      .from(tokenUsageDaily)
      .where(and(eq(tokenUsageDaily.quotaKey, quotaKey), sql`${tokenUsageDaily.day} = ${UTC_TODAY}`));
    return Number(row?.tokens ?? 0);
  }
}
