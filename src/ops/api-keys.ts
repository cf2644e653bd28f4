import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../api/errors.js';
import { pageRouteGenerationId, type PageTokens } from './page-tokens.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** Short, non-reversible id of the API key that authenticated the request (logs, rate limits). */
    apiKeyId: string | undefined;
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** The id a key is known by in logs and Redis: the start of its SHA-256, never the key itself. */
export const keyId = (key: string) => digest(key).toString('hex').slice(0, 12);

/**
 * The configured bearer keys. A presented key is hashed and compared with every configured key's
 * hash with timingSafeEqual, without stopping at a match: the time taken says nothing about how much
 * of a key was right, nor which key matched, nor how long the keys are.
 */
export class ApiKeys {
  private readonly digests: { digest: Buffer; id: string }[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map((key) => ({ digest: digest(key), id: keyId(key) }));
  }

  get enabled(): boolean {
    return this.digests.length > 0;
  }

  /** The id of the matching key, or undefined. */
  match(candidate: string): string | undefined {
    const presented = digest(candidate);
    let found: string | undefined;
    for (const key of this.digests) if (timingSafeEqual(presented, key.digest) && found === undefined) found = key.id;
    return found;
  }
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive). */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}

/** Routes under /api/* that authenticate otherwise (Standard Webhooks signatures). */
const SIGNED_ROUTES = /^\/api\/webhooks(\/|$)/;
/** The event stream, which browsers' EventSource opens without custom headers. */
const EVENT_STREAM = /^\/api\/generations\/[^/]+\/events\/?$/;

/**
 * When API keys are configured, /api/* requires `Authorization: Bearer <key>` (401 otherwise),
 * except the signed webhook route. The event stream also takes `?access_token=<key>`, because
 * EventSource cannot send headers. A generation's page token (page-tokens.ts) stands in for a key on
 * that generation's own routes, so the htmx page keeps working. Without keys it lets everything through.
 */
export function requireApiKey(keys: ApiKeys, pageTokens?: PageTokens): MiddlewareHandler {
  return async (c, next) => {
    if (!keys.enabled || SIGNED_ROUTES.test(c.req.path)) return next();
    let presented = bearerToken(c.req.header('authorization'));
    if (presented === undefined && c.req.method === 'GET' && EVENT_STREAM.test(c.req.path)) {
      presented = c.req.query('access_token') || undefined;
    }
    const pageFor = pageRouteGenerationId(c.req.path);
    if (presented !== undefined && pageFor !== undefined && pageTokens?.verify(presented, pageFor)) {
      c.set('apiKeyId', 'page');
      return next();
    }
    const id = presented === undefined ? undefined : keys.match(presented);
    if (id === undefined) {
      throw new ApiError(
        401,
        'unauthorized',
        presented === undefined ? 'send an API key as "Authorization: Bearer <key>"' : 'the API key is not valid',
        { 'www-authenticate': 'Bearer realm="api"' },
      );
    }
    c.set('apiKeyId', id);
    return next();
  };
}
