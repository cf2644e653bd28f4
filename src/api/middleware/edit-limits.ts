import type { Context } from 'hono';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { withTimeout } from '../../util/with-timeout.js';
import { ApiError } from '../errors.js';
import { rateHeaders, type ModelCallLimitsDeps } from './model-call-limits.js';

const REDIS_WAIT_MS = 2000;

/** What the model-call limits take (Redis, metrics, logger), with the edit quota's settings. */
export type EditLimitsDeps = Pick<ModelCallLimitsDeps, 'redis' | 'metrics' | 'logger'> & {
  config: { REDIS_PREFIX: string; EDITS_PER_MIN: number; EDITS_PER_DAY: number };
};

/** One window of the quota: its points, its length, and how a refusal names it. */
interface Window {
  limiter: RateLimiterRedis;
  points: number;
  seconds: number;
  name: 'per_minute' | 'per_day';
  words: string;
}

/**
 * The quota of live edits and restores, per caller quota (src/domain/owners.ts: the owner, or the
 * client's address without keys): `EDITS_PER_MIN` a minute and `EDITS_PER_DAY` a day (fixed windows
 * from the first edit), shared by every API process through Redis (rate-limiter-flexible). They call
 * no model, so they are not counted with the model runs; but each one stores a version and rewrites a
 * section for every viewer, so they are not free either. A refusal is 429 `rate_limited` with
 * Retry-After, before anything is stored or appended. 0 turns a window off.
 */
export class EditLimits {
  private readonly windows: Window[];

  constructor(private readonly deps: EditLimitsDeps) {
    const { REDIS_PREFIX: prefix, EDITS_PER_MIN: perMinute, EDITS_PER_DAY: perDay } = deps.config;
    const window = (points: number, seconds: number, name: Window['name'], words: string): Window[] =>
      points > 0
        ? [
            {
              limiter: new RateLimiterRedis({
                storeClient: deps.redis,
                keyPrefix: `${prefix}:ops:rl:edits:${name}`,
                points,
                duration: seconds,
              }),
              points,
              seconds,
              name,
              words,
            },
          ]
        : [];
    this.windows = [...window(perMinute, 60, 'per_minute', 'a minute'), ...window(perDay, 86_400, 'per_day', 'a day')];
  }

  /** Spends one edit of `quota`'s budget, or throws 429 (503 when Redis does not answer). */
  async consume(c: Context, quota: string): Promise<void> {
    for (const window of this.windows) {
      let res: RateLimiterRes;
      try {
        // Our connection queues commands while Redis is away: answer 503 rather than hang.
        res = await withTimeout(window.limiter.consume(quota, 1), REDIS_WAIT_MS, 'edit limit check');
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) {
          this.deps.logger.warn({ err: (error as Error).message }, 'edit limiter unavailable');
          throw new ApiError('unavailable', 'the service is temporarily unavailable, try again shortly', {
            'retry-after': '5',
          });
        }
        this.deps.metrics.rateLimited.inc({ limit: `edits_${window.name}` });
        const headers = rateHeaders(window.points, error, window.seconds);
        const message = `at most ${window.points} edits and restores ${window.words}; try again in ${headers['ratelimit-reset']} s`;
        throw new ApiError('rate_limited', message, { ...headers, 'retry-after': headers['ratelimit-reset'] });
      }
      for (const [name, value] of Object.entries(rateHeaders(window.points, res, window.seconds)))
        c.header(name, value);
    }
  }
}
