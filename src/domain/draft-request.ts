import { z } from 'zod';
import { detailsSchema, givenDetails, LANGUAGES, type Details } from './details.js';
import { promptString, storableRecord } from './storable-text.js';
import { TEMPLATE_IDS, type TemplateId } from './templates.js';

// What a draft is asked for with, the same in `POST /api/generations` and in each request of a webhook
// batch: a template, a prompt, a language and the business's details (checked against the template's
// fields). One of prompt and details must say something.

export function draftRequestFields(promptMaxChars: number) {
  return {
    prompt: promptString(promptMaxChars).optional(),
    template: z.enum(TEMPLATE_IDS).default('terms-of-service'),
    language: z.enum(LANGUAGES).default('en'),
    // Every key and string at any depth is checked first, so even a field the template does not
    // know is refused for its characters rather than echoed in the message naming it.
    details: storableRecord()
      .optional()
      .describe("the business's details: the template's fields (components Details_<template>, or GET /api/templates)"),
  };
}

/**
 * The refinement of those fields (a zod `transform`): details parsed against the template, their
 * issues reported under `details.…`, empty ones dropped; `prompt` '' when details alone are given.
 */
export function checkDraftRequest<T extends { prompt?: string | undefined; template: TemplateId; details?: unknown }>(
  input: T,
  ctx: z.RefinementCtx,
): Omit<T, 'prompt' | 'details'> & { prompt: string; details: Details | null } {
  const { prompt, details, ...rest } = input;
  const parsed = details === undefined ? undefined : detailsSchema(input.template).safeParse(details);
  for (const issue of parsed?.error?.issues ?? [])
    ctx.addIssue({ ...issue, path: ['details', ...issue.path] } as never);
  const given = parsed?.success ? givenDetails(parsed.data) : undefined;
  const hasDetails = given !== undefined && Object.keys(given).length > 0;
  if (prompt === undefined && !hasDetails && parsed?.success !== false) {
    ctx.addIssue({ code: 'custom', path: ['prompt'], message: 'prompt must not be empty (or give details)' });
  }
  return { ...rest, prompt: prompt ?? '', details: hasDetails ? (given ?? null) : null };
}
