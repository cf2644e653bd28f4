import { z } from 'zod';
import { GENERATION_MODES, GENERATION_STATUSES } from '../domain/events.js';
import { TEMPLATE_IDS } from '../domain/templates.js';

// Request and response shapes of the JSON API, in one place: the handlers validate with them and
// the OpenAPI document is generated from them.

export function createGenerationRequest(promptMaxChars: number) {
  return z.strictObject({
    prompt: z
      .string()
      .trim()
      .min(1, 'prompt must not be empty')
      .max(promptMaxChars, `prompt must be at most ${promptMaxChars} characters`),
    template: z.enum(TEMPLATE_IDS).default('terms-of-service'),
    mode: z.enum(GENERATION_MODES).default('stream'),
  });
}

export function legacyStreamRequest(promptMaxChars: number) {
  return z.object({
    prompt: z
      .string()
      .trim()
      .min(1, 'prompt must not be empty')
      .max(promptMaxChars, `prompt must be at most ${promptMaxChars} characters`),
  });
}

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const sectionView = z.object({
  index: z.number().int(),
  title: z.string(),
  content: z.string(),
  mode: z.enum(GENERATION_MODES),
});

export const generationView = z.object({
  id: z.uuid(),
  status: z.enum(GENERATION_STATUSES),
  template: z.enum(TEMPLATE_IDS),
  mode: z.enum(GENERATION_MODES),
  prompt: z.string(),
  sections: z.array(sectionView),
  createdAt: z.string(),
  updatedAt: z.string(),
  error: z.string().optional(),
});

export const regenerateRequest = z.strictObject({
  instruction: z.string().trim().max(1000, 'instruction must be at most 1000 characters').optional(),
});
