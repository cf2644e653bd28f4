import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Every error the API answers, in one envelope: `{ error: { code, message } }`. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

/** app.onError: known errors keep their status; anything else is a 500 that hides its details. */
export function handleError(error: Error, c: Context, log: (err: Error) => void): Response {
  if (error instanceof ApiError) {
    for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
    return c.json(errorBody(error.code, error.message), error.status);
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const code = status === 413 ? 'payload_too_large' : 'http_error';
    return c.json(errorBody(code, error.message || 'request refused'), status);
  }
  log(error);
  return c.json(errorBody('internal_error', 'internal error'), 500);
}
