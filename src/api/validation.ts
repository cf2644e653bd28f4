import type { Context } from 'hono';
import { z } from 'zod';
import { ApiError } from './errors.js';

/** Names the fields at fault, e.g. `prompt: Too small: expected string to have >=1 characters`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

/** Parses a JSON request body against `schema`: 415 for another content type, 400 for bad JSON or fields. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', 'send the body as application/json');
  }
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new ApiError(400, 'invalid_json', 'the body is not valid JSON');
  }
  const result = schema.safeParse(body);
  if (!result.success) throw new ApiError(400, 'invalid_request', describeIssues(result.error));
  return result.data;
}

export const generationIdSchema = z.uuid({ message: 'not a generation id' });

export function parseGenerationId(raw: string): string {
  const result = generationIdSchema.safeParse(raw);
  if (!result.success) throw new ApiError(400, 'invalid_id', `"${raw.slice(0, 64)}" is not a generation id`);
  return result.data.toLowerCase();
}

/** A resume cursor from Last-Event-ID or ?after=: a non-negative integer. */
export function parseCursor(raw: string | undefined, source: string): number {
  if (raw === undefined || raw === '') return 0;
  if (!/^\d{1,15}$/.test(raw.trim())) throw new ApiError(400, 'invalid_cursor', `${source} must be a non-negative integer`);
  return Number(raw.trim());
}
