import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import type { ApiDeps, AppEnv } from './deps.js';
import { ApiError, errorBody, handleError } from './errors.js';
import { generationRoutes } from './routes/generations.js';
import { healthRoutes } from './routes/health.js';
import { legacyRoutes } from './routes/legacy.js';

/** The whole HTTP app; the server and the tests build it the same way. */
export function createApp(deps: ApiDeps) {
  const app = new Hono<AppEnv>();
  const { logger } = deps;

  app.use(requestId());
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: deps.config.BODY_LIMIT_BYTES,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', `the body exceeds ${deps.config.BODY_LIMIT_BYTES} bytes`);
      },
    }),
  );

  app.route('/', healthRoutes(deps));
  app.route('/api/generations', generationRoutes(deps));
  app.route('/api/contract', legacyRoutes(deps));

  app.notFound((c) => c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404));
  app.onError((error, c) =>
    handleError(error, c, (err) => logger.error({ err, requestId: c.get('requestId'), path: c.req.path }, 'request failed')),
  );
  return app;
}
