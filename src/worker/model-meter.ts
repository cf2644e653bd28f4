import type { Logger } from 'pino';
import { RateLimiterRes, type RateLimiterRedis } from 'rate-limiter-flexible';
import type { Budget, CallKind, RunKind } from '../domain/model-calls.js';
import type { RunBudget, UsageStore } from '../db/usage-store.js';
import { ModelBudgetExceeded, OwnerCallsPaced } from '../llm/call-errors.js';
import type { LlmClient } from '../llm/llm-client.js';
import { meteredLlm, type CallCost, type CallMeter, type CallReservation } from '../llm/metered-client.js';
import type { Metrics } from '../metrics/metrics.js';
import { sayReason } from '../domain/run-reasons.js';

// The budgets of a run, kept where every attempt at the run finds them: a draft, a rewrite or a
// review is given a model client that reserves each call in Postgres (src/db/usage-store.ts) before
// making it, so what a job retry, a takeover by another worker, a fallback or a continuation spends is
// counted against the same budget. Also at each call: the owner's per-minute limit (the run's first
// call was taken at the API's door), and, before a run's first call, the owner's daily tokens.

export interface MeterSettings {
  /** The model name (OPENAI_MODEL): recorded with each call and in the metrics. */
  model: string;
  budgets: Readonly<Record<RunKind, RunBudget>>;
  /** TOKEN_BUDGET_PER_DAY; 0 = none. */
  tokensPerDay: number;
}

export interface ModelMeterDeps {
  usage: UsageStore;
  /** RATE_LIMIT_PER_MIN's counter (src/bus/call-rate.ts); undefined when the limit is off. */
  callRate: RateLimiterRedis | undefined;
  metrics?: Metrics | undefined;
  settings: MeterSettings;
}

/** Whose and which run a meter counts for. */
export interface MeteredRun {
  generationId: string;
  /** runBudgetKey(run) or reviewBudgetKey(request) (src/domain/model-calls.ts). */
  runKey: string;
  quotaKey: string;
  kind: RunKind;
}

const STREAM_KIND: Readonly<Record<RunKind, CallKind>> = {
  draft: 'draft',
  rewrite: 'rewrite',
  review: 'suggestions',
};

/** Builds the metered model client of each run. One per worker process. */
export class ModelMeters {
  constructor(private readonly deps: ModelMeterDeps) {}

  forRun(llm: LlmClient, run: MeteredRun, logger: Logger): { llm: LlmClient; meter: RunMeter } {
    const meter = new RunMeter(this.deps, run, logger);
    return { llm: meteredLlm(llm, meter, STREAM_KIND[run.kind]), meter };
  }
}

export class RunMeter implements CallMeter {
  private calls = 0;
  private paced = false;
  private readonly budget: RunBudget;

  constructor(
    private readonly deps: ModelMeterDeps,
    private readonly run: MeteredRun,
    private readonly logger: Logger,
  ) {
    this.budget = deps.settings.budgets[run.kind];
  }

  /** The run has made every call its budget allows: another job attempt could make none. */
  get spent(): boolean {
    return this.calls >= this.budget.calls;
  }

  /** Whether the last refusal was the owner's per-minute limit (not the provider's 429); reading clears it. */
  takePacedRefusal(): boolean {
    const paced = this.paced;
    this.paced = false;
    return paced;
  }

  async begin(kind: CallKind, promptTokens: number): Promise<CallReservation> {
    const { usage, settings } = this.deps;
    const { generationId, runKey, quotaKey } = this.run;
    const taken = await usage.reserve(
      { generationId, runKey, quotaKey, kind, model: settings.model, promptTokens },
      this.budget,
    );
    if (!taken.ok) {
      this.calls = Math.max(this.calls, taken.calls);
      throw this.refuse(taken.budget, this.budgetMessage(taken.budget));
    }
    try {
      // The first call was counted at the API's door, with the daily budget; a job picked up later
      // (a queued batch) is checked again here, before anything is spent.
      if (taken.ordinal === 1) await this.checkDailyTokens();
      else await this.pace();
    } catch (error) {
      await usage.release(taken.id).catch(() => {});
      throw error;
    }
    this.calls = taken.ordinal;
    return { id: taken.id, ordinal: taken.ordinal, maxOutputTokens: taken.outputTokensLeft };
  }

  async end(call: CallReservation, kind: CallKind, cost: CallCost, error?: unknown): Promise<void> {
    const { model } = this.deps.settings;
    this.deps.metrics?.modelCallEnded({ model, kind, ...cost });
    // The provider's own words about a failure (a masked key, a project id) are for operators only.
    if (error) this.logger.warn({ callKind: kind, call: call.ordinal, ...cost, err: error }, 'model call failed');
    else this.logger.info({ callKind: kind, call: call.ordinal, ...cost }, 'model call');
    try {
      await this.deps.usage.end(call.id, cost);
    } catch (error) {
      // The run goes on (its own writes will tell whether Postgres is down); the reservation stays counted.
      this.logger.warn({ err: error, call: call.ordinal }, 'could not record a model call');
    }
  }

  private budgetMessage(budget: Budget): string {
    const kind = this.run.kind;
    if (budget === 'calls') return sayReason('callBudget', { calls: this.budget.calls, kind });
    return sayReason('tokenBudget', { tokens: this.budget.outputTokens, kind });
  }

  private async checkDailyTokens(): Promise<void> {
    const limit = this.deps.settings.tokensPerDay;
    if (limit <= 0 || (await this.deps.usage.tokensToday(this.run.quotaKey)) < limit) return;
    throw this.refuse('daily_tokens', sayReason('dailyTokens'));
  }

  private async pace(): Promise<void> {
    const rate = this.deps.callRate;
    if (!rate) return;
    try {
      await rate.consume(this.run.quotaKey, 1);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      this.paced = true;
      throw new OwnerCallsPaced(Math.max(1000, error.msBeforeNext));
    }
  }

  private refuse(budget: Budget, message: string): ModelBudgetExceeded {
    this.deps.metrics?.budgetsExhausted.inc({ budget });
    this.logger.warn({ budget, runKey: this.run.runKey }, 'model budget spent');
    return new ModelBudgetExceeded(budget, message);
  }
}
