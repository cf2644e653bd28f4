import type { MiddlewareHandler } from 'hono';
import { PUBLIC_OWNER } from '../../domain/owners.js';
import type { Metrics } from '../../metrics/metrics.js';
import { ApiError } from '../errors.js';
import { clientKeyOf } from './client-identity.js';

/** What a client told it holds too many streams waits before trying again. */
const RETRY_AFTER_SEC = 30;

/**
 * Caps the event streams one client (its address, an IPv6 /64) and one owner hold open at once in
 * this API process (`MAX_STREAMS_PER_CLIENT`, 0 = no cap): past it, 429. Counted in memory, per
 * process: a stream lives on one connection of one process, and dies with it, so nothing can leak.
 * Mounted on every route that answers with an event stream.
 */
export function streamLimits(
  config: { MAX_STREAMS_PER_CLIENT: number; TRUST_PROXY: number },
  metrics: Metrics,
): MiddlewareHandler {
  const max = config.MAX_STREAMS_PER_CLIENT;
  const open = new Map<string, number>();
  const release = (keys: readonly string[]) => {
    for (const key of keys) {
      const n = (open.get(key) ?? 1) - 1;
      if (n <= 0) open.delete(key);
      else open.set(key, n);
    }
  };

  return async (c, next) => {
    if (max === 0) return next();
    const keys = [`client:${clientKeyOf(c, config.TRUST_PROXY)}`];
    const owner = c.get('caller')?.owner;
    if (owner !== undefined && owner !== PUBLIC_OWNER) keys.push(`owner:${owner}`);
    if (keys.some((key) => (open.get(key) ?? 0) >= max)) {
      metrics.rateLimited.inc({ limit: 'streams' });
      throw new ApiError('rate_limited', `at most ${max} event streams may be open at once; close one first`, {
        'retry-after': String(RETRY_AFTER_SEC),
      });
    }
    for (const key of keys) open.set(key, (open.get(key) ?? 0) + 1);
    let held = true;
    const done = () => {
      if (!held) return;
      held = false;
      release(keys);
    };
    // The stream outlives the handler: the slot is free when the response's connection closes.
    const outgoing = (c.env as { outgoing?: import('node:http').ServerResponse } | undefined)?.outgoing;
    // `done` runs once whatever calls it; a response closes once (no `once` wrapper per stream).
    if (outgoing) outgoing.on('close', done);
    try {
      await next();
    } finally {
      if (!outgoing || outgoing.closed) done();
    }
  };
}
