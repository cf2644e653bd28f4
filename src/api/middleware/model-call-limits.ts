import type { Context, MiddlewareHandler } from 'hono';
import type { RedisClient } from '../../bus/redis-connection.js';
import type { Logger } from 'pino';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { OpenLimitReached, type OpenLimit } from '../../db/open-limit.js';
import type { Metrics } from '../../metrics/metrics.js';
import { withTimeout } from '../../util/with-timeout.js';
import { ApiError } from '../errors.js';

const REDIS_WAIT_MS = 2000;
/** What a client told to wait for a free slot should wait before trying again. */
const OPEN_RETRY_AFTER_SEC = 15;

export interface ModelCallLimitsDeps {
  config: { REDIS_PREFIX: string; RATE_LIMIT_PER_MIN: number; MAX_OPEN_GENERATIONS: number };
  redis: RedisClient;
  metrics: Metrics;
  logger: Logger;
}

/**
 * The limits on everything that calls the model (create, the legacy stream, the page's form,
 * regenerate, resume, webhook batches), per caller quota (src/domain/owners.ts: the owner, or the
 * client's address without keys):
 * - `RATE_LIMIT_PER_MIN` model runs a minute, shared by every API process through Redis
 *   (rate-limiter-flexible, fixed one-minute windows), with the IETF draft RateLimit headers;
 * - `MAX_OPEN_GENERATIONS` queued, running or paused at once, counted in Postgres where the rows
 *   are (src/db/open-limit.ts), so nothing here remembers who created what.
 * Refusals are 429 `rate_limited` with Retry-After. 0 turns a limit off.
 */
export class ModelCallLimits {
  private readonly perMinute: RateLimiterRedis | undefined;
  /** Consumes one run of the caller's per-minute budget: mounted on every route that calls the model. */
  readonly guard: MiddlewareHandler;

  constructor(private readonly deps: ModelCallLimitsDeps) {
    const limit = deps.config.RATE_LIMIT_PER_MIN;
    this.perMinute =
      limit > 0
        ? new RateLimiterRedis({
            storeClient: deps.redis,
            keyPrefix: `${deps.config.REDIS_PREFIX}:ops:rl:create`,
            points: limit,
            duration: 60,
          })
        : undefined;
    this.guard = async (c, next) => {
      await this.consume(c, c.get('caller').quota, 1);
      return next();
    };
  }

  /** Takes `runs` from `quota`'s per-minute budget (a batch takes one per request), or throws 429. */
  async consume(c: Context, quota: string, runs: number): Promise<void> {
    if (!this.perMinute) return;
    const limit = this.deps.config.RATE_LIMIT_PER_MIN;
    if (runs > limit) {
      const message = `${runs} generations exceed the limit of ${limit} per minute`;
      throw new ApiError('rate_limited', message, { 'retry-after': '60' });
    }
    let res: RateLimiterRes;
    try {
      // Our connection queues commands while Redis is away: answer 503 rather than hang.
      res = await withTimeout(this.perMinute.consume(quota, runs), REDIS_WAIT_MS, 'rate limit check');
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
        `at most ${limit} generations per minute; try again in ${headers['ratelimit-reset']} s`,
        {
          ...headers,
          'retry-after': headers['ratelimit-reset'],
        },
      );
    }
    for (const [name, value] of Object.entries(rateHeaders(limit, res))) c.header(name, value);
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

function rateHeaders(limit: number, res: RateLimiterRes) {
  const reset = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return {
    'ratelimit-limit': String(limit),
    'ratelimit-remaining': String(res.remainingPoints),
    'ratelimit-reset': String(reset),
    'ratelimit-policy': `${limit};w=60`,
  };
}
