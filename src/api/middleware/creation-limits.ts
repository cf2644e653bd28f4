import type { Context, MiddlewareHandler } from 'hono';
import type { RedisClient } from '../../bus/redis-connection.js';
import type { Logger } from 'pino';
import type postgres from 'postgres';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiError } from '../errors.js';
import { clientIdentity } from './client-identity.js';
import type { Metrics } from '../../metrics/metrics.js';
import { OpenGenerations } from './open-generations.js';
import { withTimeout } from '../../util/with-timeout.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by `creationLimits`: the handler reports the generation it created, which then holds the slot. */
    creationSlot: ((generationId: string) => void) | undefined;
  }
}

/**
 * Called by a handler right after it created a generation, so the open-generations limit counts it
 * from then on (a handler may go on for long after, such as the legacy stream).
 */
export function reportCreated(c: Context, generationId: string): void {
  c.get('creationSlot')?.(generationId);
}

const REDIS_WAIT_MS = 2000;


/** What a client told to wait for a free slot should wait before trying again. */
const OPEN_RETRY_AFTER_SEC = 15;

export interface CreationLimitsDeps {
  config: { REDIS_PREFIX: string; RATE_LIMIT_PER_MIN: number; MAX_OPEN_GENERATIONS: number; TRUST_PROXY: number };
  redis: RedisClient;
  sql: postgres.Sql;
  metrics: Metrics;
  logger: Logger;
}

/**
 * The limits on creating generations, per API key (or client IP without keys), shared by every API
 * process through Redis: `RATE_LIMIT_PER_MIN` creations per minute (rate-limiter-flexible, fixed
 * one-minute windows), and `MAX_OPEN_GENERATIONS` queued, running or paused at once. Refusals are
 * 429 `rate_limited` with Retry-After; the per-minute limit also sends the IETF draft RateLimit
 * headers on every creation. 0 turns a limit off.
 */
export function creationLimits(deps: CreationLimitsDeps): MiddlewareHandler {
  const { config, metrics } = deps;
  const limit = config.RATE_LIMIT_PER_MIN;
  const perMinute =
    limit > 0
      ? new RateLimiterRedis({
          storeClient: deps.redis,
          keyPrefix: `${config.REDIS_PREFIX}:ops:rl:create`,
          points: limit,
          duration: 60,
        })
      : undefined;
  const open =
    config.MAX_OPEN_GENERATIONS > 0
      ? new OpenGenerations(deps.redis, deps.sql, config.REDIS_PREFIX, config.MAX_OPEN_GENERATIONS)
      : undefined;

  const rateHeaders = (res: RateLimiterRes) => {
    const reset = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    return {
      'ratelimit-limit': String(limit),
      'ratelimit-remaining': String(res.remainingPoints),
      'ratelimit-reset': String(reset),
      'ratelimit-policy': `${limit};w=60`,
    };
  };

  return async (c, next) => {
    const identity = clientIdentity(c, config.TRUST_PROXY);
    if (perMinute) {
      let res: RateLimiterRes;
      try {
        // Our connection queues commands while Redis is away: answer 503 rather than hang.
        res = await withTimeout(perMinute.consume(identity), REDIS_WAIT_MS, 'rate limit check');
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) {
          deps.logger.warn({ err: error }, 'rate limiter unavailable');
          throw new ApiError(503, 'unavailable', 'the service is temporarily unavailable, try again shortly', { 'retry-after': '5' });
        }
        metrics.rateLimited.inc({ limit: 'per_minute' });
        const headers = rateHeaders(error);
        throw new ApiError(429, 'rate_limited', `at most ${limit} generations per minute; try again in ${headers['ratelimit-reset']} s`, {
          ...headers,
          'retry-after': headers['ratelimit-reset'],
        });
      }
      for (const [name, value] of Object.entries(rateHeaders(res))) c.header(name, value);
    }
    if (!open) return next();

    const slot = await open.reserve(identity);
    if (!slot) {
      metrics.rateLimited.inc({ limit: 'open_generations' });
      throw new ApiError(
        429,
        'rate_limited',
        `at most ${open.max} generations may be queued, running or paused at once; wait for one to finish or cancel one`,
        { 'retry-after': String(OPEN_RETRY_AFTER_SEC) },
      );
    }
    let bound: Promise<void> | undefined;
    c.set('creationSlot', (id) => {
      bound ??= slot.bind(id);
    });
    try {
      await next();
    } finally {
      if (bound) await bound.catch(() => {});
      else await slot.release().catch(() => {});
    }
  };
}
