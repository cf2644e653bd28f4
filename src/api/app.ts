import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import type { ApiDeps, AppEnv } from './deps.js';
import { ApiError, errorJson, handleError } from './errors.js';
import { generationRoutes } from './routes/generations.js';
import { suggestionRoutes } from './routes/suggestions.js';
import { healthRoutes } from './routes/health.js';
import { legacyRoutes } from './routes/legacy.js';
import { batchRoutes } from './routes/batches.js';
import { webhookRoutes } from './routes/webhooks.js';
import { pageRoutes } from './routes/pages.js';
import { metricsRoutes } from './routes/metrics.js';
import { openapiRoutes } from './routes/openapi.js';
import { accessLog } from './middleware/access-log.js';
import { allowedHosts } from './middleware/hosts.js';
import { ADMIN_BASE, adminRoutes } from './routes/admin.js';
import { ApiKeys } from './middleware/api-keys.js';
import { callerGuards } from './middleware/callers.js';
import { ModelCallLimits } from './middleware/model-call-limits.js';
import { EditLimits } from './middleware/edit-limits.js';
import { streamLimits } from './middleware/stream-limits.js';
import type { RouteGuards } from './route-guards.js';
import { sessionRoutes } from './routes/session.js';
import { PageSessions } from './middleware/sessions.js';
import { SessionStore } from '../db/session-store.js';
import { shareRoutes } from './routes/shares.js';
import { templateRoutes } from './routes/templates.js';

/**
 * The whole HTTP app; the server and the tests build it the same way. Long as a list: every route group
 * and app-wide middleware mounted in order, so what runs before a route is read in one place.
 */
export function createApp(deps: ApiDeps) {
  const app = new Hono<AppEnv>();
  const { logger } = deps;

  app.use(requestId());
  app.use(accessLog(logger, deps.metrics));

  // Each route group mounts what guards it: who is asking (API key, page session, share link) and,
  // on the routes that call the model, the limits.
  const keys = new ApiKeys(deps.config.API_KEYS);
  const sessions = new PageSessions(deps.sessions, new SessionStore(deps.database.db), keys);
  const guards: RouteGuards = {
    keys,
    sessions,
    callers: callerGuards({
      keys,
      sessions,
      trustProxy: deps.config.TRUST_PROXY,
      secureCookies: deps.config.NODE_ENV === 'production',
    }),
    modelCalls: new ModelCallLimits({
      config: deps.config,
      redis: deps.redis,
      usage: deps.usage,
      metrics: deps.metrics,
      logger,
    }),
    edits: new EditLimits({ config: deps.config, redis: deps.redis, metrics: deps.metrics, logger }),
    streams: streamLimits(deps.config, deps.metrics),
  };

  // The probes and /metrics first: reached by address (orchestrators, Prometheus at `api:3000`), they
  // answer whatever the Host; /metrics has its own rule (src/metrics/metrics-access.ts). Every route
  // mounted after the host check answers only the names of ALLOWED_HOSTS (421 otherwise).
  app.route('/', healthRoutes(deps));
  app.route('/', metricsRoutes(deps));
  app.use(allowedHosts(deps.config.ALLOWED_HOSTS));

  // Signed batch webhooks, mounted before the /api/* body limit and whatever /api/* middleware
  // follows: they carry up to 100 prompts under their own limit, and their signature is their auth.
  app.route('/api/webhooks', webhookRoutes(deps, guards));
  const limitBody = bodyLimit({
    maxSize: deps.config.BODY_LIMIT_BYTES,
    onError: () => {
      throw new ApiError('payload_too_large', `the body exceeds ${deps.config.BODY_LIMIT_BYTES} bytes`);
    },
  });
  // A GET or HEAD has no body here (@hono/node-server never reads one), so the limit has nothing to
  // check; asking would build a full fetch Request (an AbortController, a second Headers, a parsed
  // URL) that an event stream's connection then keeps for as long as it is open.
  app.use('/api/*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));

  app.route('/', openapiRoutes(deps));
  // The queue dashboard, only with ADMIN_TOKEN (otherwise /admin/* is a 404).
  const admin = adminRoutes(deps);
  if (admin) app.route(ADMIN_BASE, admin);
  app.route('/api/templates', templateRoutes());
  app.route('/api/generations', generationRoutes(deps, guards));
  app.route('/api/generations', suggestionRoutes(deps, guards));
  app.route('/api/batches', batchRoutes(deps, guards));
  app.route('/api/contract', legacyRoutes(deps, guards));
  // The htmx pages and their assets (with their own CSP and secure headers), sign-in, share links.
  app.route('/', sessionRoutes(deps, guards));
  app.route('/', pageRoutes(deps, guards));
  app.route('/s', shareRoutes(deps, guards));

  app.notFound((c) => c.json(errorJson(c, 'not_found', `no route for ${c.req.method} ${c.req.path}`), 404));
  app.onError((error, c) =>
    handleError(error, c, (err) =>
      logger.error({ err, requestId: c.get('requestId'), path: c.req.path }, 'request failed'),
    ),
  );
  return app;
}
