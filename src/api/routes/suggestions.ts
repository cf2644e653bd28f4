import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { ApiDeps, AppEnv } from '../deps.js';
import type { RouteGuards } from '../route-guards.js';
import { ApiError, notFound } from '../errors.js';
import { suggestionRequest } from '../schemas.js';
import { readJson } from '../validation.js';
import { suggestionJson } from '../json-bodies.js';
import { commandReply, loadGeneration, sectionIndex } from './generations.js';
import type { Generation } from '../../db/generation-store.js';
import type { SuggestionResult } from '../../generations/suggestions.js';
import { isIn, RESTING_STATUSES } from '../../domain/statuses.js';

const suggestionId = z.uuid();

/**
 * The model's suggestions for a draft (mounted under /api/generations): list them, ask for more
 * (a job: the worker calls the model and the suggestions stream through the draft's log), apply one
 * (a rewrite of its section, counted like a regeneration) or dismiss one. The caller's own drafts
 * only, through the same scope as every generation route (404 for another owner's).
 * Long as a list of routes: each handler sits inline after its validator (the house style), so a
 * route is read in one place.
 */
export function suggestionRoutes(deps: ApiDeps, guards: RouteGuards) {
  const { store } = deps;
  const { store: suggestions, commands } = deps.suggestions;
  const { callers, modelCalls } = guards;
  const app = new Hono<AppEnv>();

  const busy = (generation: Generation) => {
    if (!isIn(RESTING_STATUSES, generation.status))
      throw new ApiError('conflict', `generation is ${generation.status}`);
  };
  const find = async (c: Context, generation: Generation) => {
    const raw = c.req.param('sid') ?? '';
    const found = suggestionId.safeParse(raw).success
      ? await suggestions.find(generation.id, raw.toLowerCase())
      : undefined;
    if (!found) throw notFound('suggestion');
    if (found.status !== 'open') throw new ApiError('conflict', `suggestion is ${found.status}`);
    return found;
  };
  const reply = (result: SuggestionResult) => {
    if (!result.ok && result.reason === 'closed') throw new ApiError('conflict', `suggestion is not open`);
    return commandReply(result);
  };

  app.get('/:id/suggestions', callers.api, async (c) => {
    const generation = await loadGeneration(c, store, c.req.param('id'));
    const rows = await suggestions.list(generation.id);
    return c.json({ suggestions: rows.map(suggestionJson) });
  });

  app.post('/:id/suggestions', callers.api, async (c) => {
    const generation = await loadGeneration(c, store, c.req.param('id'));
    const input = await readOptionalJson(c);
    const section = input.section === undefined ? undefined : sectionIndex(generation, String(input.section));
    const written = await store.sections(generation.id);
    if (section !== undefined && !written.some((s) => s.index === section))
      throw new ApiError('invalid_section', `section ${section} has no text yet`);
    if (written.length === 0) throw new ApiError('conflict', 'the draft has no finished section yet');
    busy(generation);
    const beingPrepared = () => new ApiError('conflict', 'suggestions for this draft are being prepared');
    if (await commands.pending(generation.id)) throw beingPrepared();
    // A model call like any other, counted against the caller's per-minute budget.
    await modelCalls.consume(c, c.get('caller').quota, 1);
    const outcome = await commands.request(generation, section);
    if (outcome === 'wrong_state') throw new ApiError('conflict', `generation is ${generation.status}`);
    if (outcome === 'busy') throw beingPrepared();
    return c.json({ id: generation.id, status: generation.status, ...(section ? { section } : {}) }, 202);
  });

  app.post('/:id/suggestions/:sid/apply', callers.api, async (c) => {
    const generation = await loadGeneration(c, store, c.req.param('id'));
    const suggestion = await find(c, generation);
    busy(generation);
    await modelCalls.consume(c, c.get('caller').quota, 1);
    const openLimit = modelCalls.openLimit(generation.quotaKey);
    const result = await modelCalls.withinOpenLimit(() => commands.apply(generation, suggestion, openLimit));
    return c.json({ ...reply(result), section: suggestion.section, suggestion: suggestion.id }, 202);
  });

  app.post('/:id/suggestions/:sid/dismiss', callers.api, async (c) => {
    const generation = await loadGeneration(c, store, c.req.param('id'));
    const suggestion = await find(c, generation);
    busy(generation);
    const result = await commands.dismiss(generation, suggestion);
    return c.json({ ...reply(result), suggestion: suggestion.id });
  });

  return app;

  /** The body is optional: none (no content type, nothing sent) asks about the whole draft. */
  async function readOptionalJson(c: Context) {
    if (c.req.header('content-type') === undefined && (await c.req.text()) === '') return {};
    return readJson(c, suggestionRequest);
  }
}
