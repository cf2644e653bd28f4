import { Hono } from 'hono';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { ApiDeps, AppEnv } from '../deps.js';
import type { RouteGuards } from '../route-guards.js';
import { legacyStreamRequest } from '../schemas.js';
import { streamEvents } from '../sse/stream-events.js';
import { readJson } from '../validation.js';

/**
 * `POST /api/contract/tos/stream`: the first product's endpoint. It creates an ordinary
 * generation and streams it in the older data-only format.
 */
export function legacyRoutes(deps: ApiDeps, guards: RouteGuards) {
  const request = legacyStreamRequest(deps.config.PROMPT_MAX_CHARS);
  const app = new Hono<AppEnv>();
  const { modelCalls } = guards;
  app.post('/tos/stream', guards.callers.api, guards.streams, async (c) => {
    const { prompt } = await readJson(c, request);
    const { owner, quota } = c.get('caller');
    // Spent once the request is known to be valid (a 400 spends nothing).
    await modelCalls.consume(c, quota, 1);
    const input = { template: 'terms-of-service', mode: 'stream', prompt, owner, quotaKey: quota } as const;
    const generation = await modelCalls.withinOpenLimit(() => deps.commands.create(input, modelCalls.openLimit(quota)));
    await streamEvents(c.env.outgoing, { id: generation.id, logExists: true }, 0, deps, 'legacy');
    return RESPONSE_ALREADY_SENT;
  });
  return app;
}
