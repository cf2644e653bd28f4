import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';
import { generationIdSchema } from '../validation.js';
import type { PageTokens } from './page-tokens.js';

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

/** The middleware each API route group mounts on its routes (src/api/app.ts builds it once). */
export interface ApiAuth {
  /** A configured API key, nothing else. */
  key: MiddlewareHandler;
  /** A key, or the page token of the generation named by the route's `:id`. */
  generation: MiddlewareHandler;
  /** As `generation`, also from `?access_token=` (EventSource cannot send headers). */
  generationStream: MiddlewareHandler;
}

/**
 * When API keys are configured, the routes that mount these require `Authorization: Bearer <key>`
 * (401 otherwise). A generation's page token (page-tokens.ts) stands in for a key on that
 * generation's own routes, so the htmx page keeps working. Without keys they let everything through.
 * The signed webhook route mounts none: its signature is its authentication.
 */
export function apiAuth(keys: ApiKeys, pageTokens?: PageTokens): ApiAuth {
  return {
    key: requireApiKey(keys, { pageTokens: false, query: false }),
    generation: requireApiKey(keys, { pageTokens: pageTokens ?? false, query: false }),
    generationStream: requireApiKey(keys, { pageTokens: pageTokens ?? false, query: true }),
  };
}

function requireApiKey(keys: ApiKeys, accepts: { pageTokens: PageTokens | false; query: boolean }): MiddlewareHandler {
  return async (c, next) => {
    if (!keys.enabled) return next();
    let presented = bearerToken(c.req.header('authorization'));
    if (presented === undefined && accepts.query) presented = c.req.query('access_token') || undefined;
    const forId = accepts.pageTokens ? generationIdSchema.safeParse(c.req.param('id')) : undefined;
    if (presented !== undefined && accepts.pageTokens && forId?.success && accepts.pageTokens.verify(presented, forId.data.toLowerCase())) {
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
