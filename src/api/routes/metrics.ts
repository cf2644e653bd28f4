import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { ApiDeps, AppEnv } from '../deps.js';
import { ApiError } from '../errors.js';
import { bearerToken } from '../middleware/api-keys.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** True when `presented` is `token` (compared as hashes, in constant time). */
export function sameToken(presented: string | undefined, token: string): boolean {
  return presented !== undefined && timingSafeEqual(sha256(presented), sha256(token));
}

/**
 * `GET /metrics`: this process's Prometheus series (prom-client text format). With METRICS_TOKEN it
 * wants `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise); without it the series are open on a
 * deployment without API keys (local use) and off (404) on one with keys, which says how busy it is.
 */
export function metricsRoutes(deps: ApiDeps) {
  const app = new Hono<AppEnv>();
  const { registry } = deps.metrics;
  const token = deps.config.METRICS_TOKEN;
  const off = token === undefined && deps.config.API_KEYS.length > 0;
  app.get('/metrics', async (c) => {
    if (off) throw new ApiError('not_found', 'no route for GET /metrics');
    if (token !== undefined && !sameToken(bearerToken(c.req.header('authorization')), token)) {
      throw new ApiError('unauthorized', 'send the metrics token as "Authorization: Bearer <token>"', {
        'www-authenticate': 'Bearer realm="metrics"',
      });
    }
    return c.body(await registry.metrics(), 200, { 'content-type': registry.contentType });
  });
  return app;
}
