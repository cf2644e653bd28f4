import { Hono } from 'hono';
import type { ApiDeps, AppEnv } from '../deps.js';

/**
 * `GET /metrics`: this process's Prometheus series (prom-client text format). Serve it to the
 * monitoring network only; it carries no secrets but says how busy the service is.
 */
export function metricsRoutes(deps: ApiDeps) {
  const app = new Hono<AppEnv>();
  const { registry } = deps.metrics;
  app.get('/metrics', async (c) => c.body(await registry.metrics(), 200, { 'content-type': registry.contentType }));
  return app;
}
