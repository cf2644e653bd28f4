import type { Context } from 'hono';
import { z } from 'zod';
import { ApiError } from './errors.js';

/** Names the fields at fault, e.g. `prompt: Too small: expected string to have >=1 characters`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

/** How deep a request body may nest: far more than any of our bodies needs, far less than a stack holds. */
const MAX_JSON_DEPTH = 32;

/** True when `text` opens more than `max` arrays or objects inside each other (strings skipped). */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c)
        i++; // a backslash escapes the next character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) {
      if (++depth > max) return true;
    } else if (char === 0x7d || char === 0x5d) depth--;
  }
  return false;
}

/**
 * The one JSON parse of every request body (JSON API and signed webhooks): 400 for bad JSON, and
 * for a body nested deeper than MAX_JSON_DEPTH, checked before parsing, so that nothing downstream
 * (validation, JSON.stringify, jsonb) ever recurses through a hostile depth.
 */
export function parseJsonBody(text: string): unknown {
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw new ApiError('invalid_request', `the body nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError('invalid_json', 'the body is not valid JSON');
  }
}

/** Parses a JSON request body against `schema`: 415 for another content type, 400 for bad JSON or fields. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new ApiError('unsupported_media_type', 'send the body as application/json');
  }
  const body = parseJsonBody(await c.req.text());
  const result = schema.safeParse(body);
  if (!result.success) throw new ApiError('invalid_request', describeIssues(result.error));
  return result.data;
}

export const generationIdSchema = z.uuid({ message: 'not a generation id' });

export function parseGenerationId(raw: string): string {
  const result = generationIdSchema.safeParse(raw);
  if (!result.success) throw new ApiError('invalid_id', `"${raw.slice(0, 64)}" is not a generation id`);
  return result.data.toLowerCase();
}

/** A resume cursor from Last-Event-ID or ?after=: a non-negative integer. */
export function parseCursor(raw: string | undefined, source: string): number {
  if (raw === undefined || raw === '') return 0;
  if (!/^\d{1,15}$/.test(raw.trim())) throw new ApiError('invalid_cursor', `${source} must be a non-negative integer`);
  return Number(raw.trim());
}
