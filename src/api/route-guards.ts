import type { MiddlewareHandler } from 'hono';
import type { ApiAuth } from './middleware/api-keys.js';

/**
 * The middleware that route groups mount on the routes they guard, built once per app
 * (src/api/app.ts). Mounted by route, never matched by path, so renaming a route cannot skip them.
 */
export interface RouteGuards {
  auth: ApiAuth;
  /** Rate and open-generation limits, on every route that creates a generation. */
  creation: MiddlewareHandler;
}
