import type { MiddlewareHandler } from 'hono';
import type { CallerGuards } from './middleware/callers.js';
import type { ModelCallLimits } from './middleware/model-call-limits.js';
import type { EditLimits } from './middleware/edit-limits.js';
import type { PageSessions } from './middleware/sessions.js';
import type { ApiKeys } from './middleware/api-keys.js';

/**
 * The middleware that route groups mount on the routes they guard, built once per app
 * (src/api/app.ts). Mounted by route, never matched by path, so renaming a route cannot skip them.
 */
export interface RouteGuards {
  /** Who is asking: API key, page session, or (without keys) anyone (src/api/middleware/callers.ts). */
  callers: CallerGuards;
  /** The limits on every route that calls the model (per-minute here; open generations in the store). */
  modelCalls: ModelCallLimits;
  /** The quota of live edits and restores (EDITS_PER_MIN, EDITS_PER_DAY), on the routes that save one. */
  edits: EditLimits;
  /** The cap on open event streams per client and per owner, on every streaming route. */
  streams: MiddlewareHandler;
  keys: ApiKeys;
  /** Page sessions: anonymous ones, and sign-ins with a key (stored, revoked at sign-out). */
  sessions: PageSessions;
}
