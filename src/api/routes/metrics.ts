import { Hono } from 'hono';
import type { ApiDeps, AppEnv } from '../deps.js';
import { ApiError } from '../errors.js';
import { metricsAccess, metricsAccessSettings } from '../../metrics/metrics-access.js';

/**
 * `GET /metrics`: this process's Prometheus series (prom-client text format), under the one rule of
 * every /metrics, API and worker (src/metrics/metrics-access.ts): with METRICS_TOKEN, only to
 * `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise); without it, open without API keys and off
 * (404) with them.
 */
export function metricsRoutes(deps: ApiDeps) {
  const app = new Hono<AppEnv>();
  const { registry } = deps.metrics;
  const settings = metricsAccessSettings(deps.config);
  app.get('/metrics', async (c) => {
    const access = metricsAccess(settings, c.req.header('authorization'));
    if (access === 'off') throw new ApiError('not_found', 'no route for GET /metrics');
    if (access === 'unauthorized') {
      throw new ApiError('unauthorized', 'send the metrics token as "Authorization: Bearer <token>"', {
        'www-authenticate': 'Bearer realm="metrics"',
      });
    }
    return c.body(await registry.metrics(), 200, { 'content-type': registry.contentType });
  });
  return app;
}
