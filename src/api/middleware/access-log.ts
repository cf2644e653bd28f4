import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Metrics } from '../../metrics/metrics.js';

// One info line per request: method, path (never the query string, which may hold an access token,
// nor a share link's token), status, duration, request id, and the generation and API key id when
// there is one. Probes and scrapes are not logged: they arrive every few seconds and say nothing.

const QUIET = new Set(['/healthz', '/metrics']);
const GENERATION_IN_PATH = /\/generations\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/|$)/i;
const GENERATION_IN_LOCATION = /\/generations\/([0-9a-f-]{36})$/i;
/** A share link's token is a capability: logged as `/s/[token]`. */
const SHARE_TOKEN = /^\/s\/[^/]+/;

export function accessLog(logger: Logger, metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const headMs = performance.now() - started;
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    // A handler that wrote to Node's response itself (event streams) returns a placeholder Response.
    const direct = outgoing?.headersSent;
    const status = direct ? outgoing.statusCode : c.res.status;
    const route =
      matchedRoutes(c)
        .filter((r) => r.method !== 'ALL')
        .at(-1)?.path ?? 'unmatched';
    const method = c.req.method;
    metrics.httpRequests.inc({ method, route, status: String(status) });
    metrics.httpDuration.observe({ method, route }, headMs / 1000);

    const path = c.req.path.replace(SHARE_TOKEN, '/s/[token]');
    if (QUIET.has(path) || (path === '/readyz' && status === 200)) return;
    const generationId =
      GENERATION_IN_PATH.exec(path)?.[1] ?? GENERATION_IN_LOCATION.exec(c.res.headers.get('location') ?? '')?.[1];
    const line = {
      requestId: c.get('requestId'),
      method,
      path,
      status,
      ms: Math.round(headMs),
      ...(generationId ? { generationId: generationId.toLowerCase() } : {}),
      ...(c.get('apiKeyId') ? { keyId: c.get('apiKeyId') } : {}),
    };
    const log = (extra: object = {}) =>
      status >= 500 ? logger.warn({ ...line, ...extra }, 'request') : logger.info({ ...line, ...extra }, 'request');
    if (direct && !outgoing.writableEnded) {
      // An event stream: log once it ends, with how long it stayed open. (`on`, not `once`: a
      // response closes once, and `once` would add a wrapper for each of thousands of viewers.)
      outgoing.on('close', () => log({ streamMs: Math.round(performance.now() - started) }));
    } else {
      log();
    }
  };
}
