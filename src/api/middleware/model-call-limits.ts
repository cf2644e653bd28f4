import type { Context } from 'hono';
import type { RedisClient } from '../../bus/redis-connection.js';
import type { Logger } from 'pino';
import { RateLimiterRes, type RateLimiterRedis } from 'rate-limiter-flexible';
import { modelCallRate } from '../../bus/call-rate.js';
import { describeWait, nextUtcMidnight } from '../../domain/model-calls.js';
import { OpenLimitReached, type OpenLimit } from '../../db/open-limit.js';
import type { Metrics } from '../../metrics/metrics.js';
import { withTimeout } from '../../util/with-timeout.js';
import { ApiError } from '../errors.js';

/** A limit that cannot be checked this fast (Redis or Postgres away) answers 503 rather than hang. */
const LIMIT_CHECK_MS = 2000;
/** What a client told to wait for a free slot should wait before trying again. */
const OPEN_RETRY_AFTER_SEC = 15;

export interface ModelCallLimitsDeps {
  config: {
    REDIS_PREFIX: string;
    RATE_LIMIT_PER_MIN: number;
    MAX_OPEN_GENERATIONS: number;
    TOKEN_BUDGET_PER_DAY: number;
  };
  redis: RedisClient;
  /** Tokens an owner spent today (src/db/usage-store.ts). */
  usage: { tokensToday(quotaKey: string): Promise<number> };
  metrics: Metrics;
  logger: Logger;
}

/**
 * The limits on everything that calls the model (create, the legacy stream, the page's form,
 * regenerate, resume, suggestions, applying one, webhook batches), per caller quota
 * (src/domain/owners.ts: the owner, or the client's address without keys):
 * - `TOKEN_BUDGET_PER_DAY` tokens a UTC day, summed in Postgres as each call ends: once spent, no new
 *   model work (429 `token_budget_exceeded`, Retry-After until midnight UTC);
 * - `RATE_LIMIT_PER_MIN` model calls a minute, one Redis counter shared by every API and worker
 *   process (src/bus/call-rate.ts): a request takes its run's first call here, with the IETF draft
 *   RateLimit headers, and the worker takes each further call of the run as it makes it;
 * - `MAX_OPEN_GENERATIONS` queued, running or paused at once, counted in Postgres where the rows
 *   are (src/db/open-limit.ts), so nothing here remembers who created what.
 * Other refusals are 429 `rate_limited` with Retry-After. 0 turns a limit off.
 */
export class ModelCallLimits {
  private readonly perMinute: RateLimiterRedis | undefined;

  constructor(private readonly deps: ModelCallLimitsDeps) {
    this.perMinute = modelCallRate(deps.redis, deps.config.REDIS_PREFIX, deps.config.RATE_LIMIT_PER_MIN);
  }

  /**
   * Checks `quota`'s daily tokens and takes the first call of `runs` runs from its per-minute calls
   * (a batch: one per request), or throws 429. Called by each route once its request is known to be
   * valid, so a refused request (400) spends nothing.
   */
  async consume(c: Context, quota: string, runs: number): Promise<void> {
    await this.checkDailyTokens(quota);
    if (!this.perMinute) return;
    const limit = this.deps.config.RATE_LIMIT_PER_MIN;
    if (runs > limit) {
      const message = `${runs} generations need at least ${runs} model calls, past the limit of ${limit} per minute`;
      throw new ApiError('rate_limited', message, { 'retry-after': '60' });
    }
    let res: RateLimiterRes;
    try {
      // Our connection queues commands while Redis is away: answer 503 rather than hang.
      res = await withTimeout(this.perMinute.consume(quota, runs), LIMIT_CHECK_MS, 'rate limit check');
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) {
        this.deps.logger.warn({ err: (error as Error).message }, 'rate limiter unavailable');
        throw new ApiError('unavailable', 'the service is temporarily unavailable, try again shortly', {
          'retry-after': '5',
        });
      }
      this.deps.metrics.rateLimited.inc({ limit: 'per_minute' });
      const headers = rateHeaders(limit, error);
      throw new ApiError(
        'rate_limited',
        `at most ${limit} model calls per minute; try again in ${headers['ratelimit-reset']} s`,
        {
          ...headers,
          'retry-after': headers['ratelimit-reset'],
        },
      );
    }
    for (const [name, value] of Object.entries(rateHeaders(limit, res))) c.header(name, value);
  }

  /** 429 `token_budget_exceeded` once `quota` spent TOKEN_BUDGET_PER_DAY tokens today (UTC). */
  private async checkDailyTokens(quota: string): Promise<void> {
    const budget = this.deps.config.TOKEN_BUDGET_PER_DAY;
    if (budget <= 0) return;
    const spent = await withTimeout(this.deps.usage.tokensToday(quota), LIMIT_CHECK_MS, 'token budget check');
    if (spent < budget) return;
    this.deps.metrics.rateLimited.inc({ limit: 'tokens_per_day' });
    const now = new Date();
    const resetMs = nextUtcMidnight(now).getTime() - now.getTime();
    throw new ApiError(
      'token_budget_exceeded',
      `the daily budget of ${budget} model tokens is spent (${spent} used today); it resets at 00:00 UTC, in ${describeWait(resetMs)}`,
      { 'retry-after': String(Math.ceil(resetMs / 1000)) },
    );
  }

  /** The open-generation limit of `quota`, for the store to check under its lock (undefined: off). */
  openLimit(quota: string): OpenLimit | undefined {
    const max = this.deps.config.MAX_OPEN_GENERATIONS;
    return max > 0 ? { quota, max } : undefined;
  }

  /** Runs `work` (which adds open generations); a full open-generation limit becomes 429. */
  async withinOpenLimit<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof OpenLimitReached)) throw error;
      this.deps.metrics.rateLimited.inc({ limit: 'open_generations' });
      throw new ApiError(
        'rate_limited',
        `at most ${error.max} generations may be queued, running or paused at once; wait for one to finish or cancel one`,
        { 'retry-after': String(OPEN_RETRY_AFTER_SEC) },
      );
    }
  }
}

/** The IETF draft RateLimit headers of a window of `windowSec` seconds (also the edit quota's). */
export function rateHeaders(limit: number, res: RateLimiterRes, windowSec = 60) {
  const reset = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return {
    'ratelimit-limit': String(limit),
    'ratelimit-remaining': String(res.remainingPoints),
    'ratelimit-reset': String(reset),
    'ratelimit-policy': `${limit};w=${windowSec}`,
  };
}
