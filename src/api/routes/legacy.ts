import { Hono } from 'hono';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { ApiDeps, AppEnv } from '../deps.js';
import type { RouteGuards } from '../route-guards.js';
import { legacyStreamRequest } from '../schemas.js';
import { streamEvents } from '../sse/stream-events.js';
import { readJson } from '../validation.js';
import { reportCreated } from '../middleware/creation-limits.js';

/**
 * `POST /api/contract/tos/stream`: the first product's endpoint. It creates an ordinary
 * generation and streams it in the older data-only format.
 */
export function legacyRoutes(deps: ApiDeps, guards: RouteGuards) {
  const request = legacyStreamRequest(deps.config.PROMPT_MAX_CHARS);
  const app = new Hono<AppEnv>();
  app.post('/tos/stream', guards.auth.key, guards.creation, async (c) => {
    const { prompt } = await readJson(c, request);
    const generation = await deps.commands.create({ template: 'terms-of-service', mode: 'stream', prompt });
    reportCreated(c, generation.id);
    await streamEvents(c.env.outgoing, { id: generation.id, logExists: true }, 0, deps, 'legacy');
    return RESPONSE_ALREADY_SENT;
  });
  return app;
}
