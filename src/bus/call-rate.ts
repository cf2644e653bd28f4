import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { RedisClient } from './redis-connection.js';

// RATE_LIMIT_PER_MIN counts model calls, per owner (quota key), in one Redis counter shared by the
// API and the workers: the API takes a run's first call at the door (a 429 before anything is queued),
// the worker takes every further call of the run (a retry, a fallback, a continuation) as it makes it.

/** The counter of model calls per owner and minute (rate-limiter-flexible, fixed one-minute windows). */
export function modelCallRate(redis: RedisClient, prefix: string, perMinute: number): RateLimiterRedis | undefined {
  if (perMinute <= 0) return undefined;
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${prefix}:ops:rl:calls`,
    points: perMinute,
    duration: 60,
  });
}
