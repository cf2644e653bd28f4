import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ERROR_STATUS, type ErrorCode } from '../domain/error-codes.js';
import { databaseFailure } from '../db/errors.js';
import { isRedisUnavailable } from '../bus/errors.js';
import { TimeoutError } from '../util/errors.js';

/**
 * Every error the API answers, in one envelope: `{ error: { code, message, requestId } }`. The status
 * is the code's (src/domain/error-codes.ts), never chosen at the throw.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (what: string) => new ApiError('not_found', `${what} not found`);

/**
 * The error envelope. `requestId` is the request's `X-Request-Id` header and the `requestId` of its
 * log line, so a client's report can be matched with the server's logs.
 */
function errorBody(code: ErrorCode, message: string, requestId?: string) {
  return { error: { code, message, ...(requestId ? { requestId } : {}) } };
}

/** The envelope for the request `c` answers. */
export function errorJson(c: Context, code: ErrorCode, message: string) {
  return errorBody(code, message, c.get('requestId'));
}

/** Seconds a client is told to wait when Postgres or Redis is down: about a restart of either. */
export const UNAVAILABLE_RETRY_AFTER_SEC = 5;

/** Postgres or Redis could not be reached, or did not answer within its ceiling. */
function isDependencyDown(error: unknown): boolean {
  return databaseFailure(error) === 'unavailable' || isRedisUnavailable(error) || error instanceof TimeoutError;
}

/**
 * app.onError: known errors keep their status; a dependency that is down is a 503 with Retry-After
 * (whatever the route: create, read, commands, events); anything else is a 500 that hides its details.
 */
export function handleError(error: Error, c: Context, log: (err: Error) => void): Response {
  if (error instanceof ApiError) {
    for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
    return c.json(errorJson(c, error.code, error.message), error.status);
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const code = status === 413 ? 'payload_too_large' : 'http_error';
    return c.json(errorJson(c, code, error.message || 'request refused'), status);
  }
  log(error);
  if (isDependencyDown(error)) {
    c.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SEC));
    return c.json(errorJson(c, 'unavailable', 'the service is briefly unavailable; retry later'), 503);
  }
  return c.json(errorJson(c, 'internal_error', 'internal error'), 500);
}
