import { Hono } from 'hono';
import { migrationsApplied } from '../../db/migrate.js';
import { withTimeout } from '../../util/with-timeout.js';
import type { ApiDeps, AppEnv } from '../deps.js';

/** Liveness (the process answers) and readiness (its dependencies answer). */
export function healthRoutes(deps: ApiDeps) {
  const app = new Hono<AppEnv>();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const checks = await Promise.allSettled([
      withTimeout(deps.redis.ping(), 1000, 'redis ping'),
      withTimeout(migrationsApplied(deps.database), 1000, 'migrations check'),
    ]);
    const problems: string[] = [];
    if (checks[0].status === 'rejected') problems.push('redis unreachable');
    if (checks[1].status === 'rejected') problems.push('postgres unreachable');
    else if (checks[1].value !== true) problems.push('migrations not applied');
    return problems.length === 0 ? c.json({ status: 'ready' }) : c.json({ status: 'unavailable', problems }, 503);
  });
  return app;
}
