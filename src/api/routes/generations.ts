import { Hono } from 'hono';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { ApiDeps, AppEnv } from '../deps.js';
import type { RouteGuards } from '../route-guards.js';
import { ApiError, notFound } from '../errors.js';
import { createGenerationRequest, listQuery, regenerateRequest } from '../schemas.js';
import { getTemplate } from '../../domain/templates.js';
import { streamEvents } from '../sse/stream-events.js';
import { describeIssues, parseCursor, parseGenerationId, readJson } from '../validation.js';
import { generationJson, generationLinks } from '../views.js';
import type { CommandResult } from '../../generations/commands.js';
import { reportCreated } from '../middleware/creation-limits.js';

/** The JSON API of generations and their event stream. */
export function generationRoutes(deps: ApiDeps, guards: RouteGuards) {
  const { store, commands, config } = deps;
  const createRequest = createGenerationRequest(config.PROMPT_MAX_CHARS);
  const { auth } = guards;
  const app = new Hono<AppEnv>();

  const load = async (rawId: string) => {
    const generation = await store.find(parseGenerationId(rawId));
    if (!generation) throw notFound('generation');
    return generation;
  };

  const commandReply = (result: CommandResult) => {
    if (result.ok) return { id: result.generation.id, status: result.generation.status };
    if (result.reason === 'not_found') throw notFound('generation');
    throw new ApiError(409, 'conflict', `generation is ${result.generation.status}`);
  };

  app.post('/', auth.key, guards.creation, async (c) => {
    const input = await readJson(c, createRequest);
    const generation = await commands.create(input);
    reportCreated(c, generation.id);
    return c.json({ id: generation.id, status: generation.status, links: generationLinks(generation.id) }, 202, {
      location: `/api/generations/${generation.id}`,
    });
  });

  app.get('/', auth.key, async (c) => {
    const query = listQuery.safeParse(c.req.query());
    if (!query.success) throw new ApiError(400, 'invalid_request', describeIssues(query.error));
    const rows = await store.list(query.data.limit);
    return c.json({ generations: rows.map((g) => ({ ...generationJson(g, []), sections: undefined })) });
  });

  app.get('/:id', auth.generation, async (c) => {
    const generation = await load(c.req.param('id'));
    return c.json(generationJson(generation, await store.sections(generation.id)));
  });

  app.get('/:id/events', auth.generationStream, async (c) => {
    const lastEventId = c.req.header('last-event-id');
    const after =
      lastEventId !== undefined && lastEventId !== ''
        ? parseCursor(lastEventId, 'Last-Event-ID')
        : parseCursor(c.req.query('after'), 'after');
    const id = parseGenerationId(c.req.param('id'));
    const logExists = (await deps.log.currentSeq(id)) !== undefined;
    // Only when the log is gone (expired, or never existed) is Postgres asked: 404, or the stored sections.
    const target = logExists ? { id, logExists } : { id, logExists, generation: await load(id) };
    await streamEvents(c.env.outgoing, target, after, deps);
    return RESPONSE_ALREADY_SENT;
  });

  app.post('/:id/cancel', auth.generation, async (c) => c.json(commandReply(await commands.stop(parseGenerationId(c.req.param('id')), 'cancelled'))));
  app.post('/:id/pause', auth.generation, async (c) => c.json(commandReply(await commands.stop(parseGenerationId(c.req.param('id')), 'paused'))));
  app.post('/:id/resume', auth.generation, async (c) => c.json(commandReply(await commands.resume(parseGenerationId(c.req.param('id'))))));

  app.post('/:id/sections/:index/regenerate', auth.generation, async (c) => {
    const generation = await load(c.req.param('id'));
    const count = getTemplate(generation.template).sections.length;
    const raw = c.req.param('index');
    const index = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
    if (!(index >= 1 && index <= count)) throw new ApiError(400, 'invalid_section', `section must be a number from 1 to ${count}`);
    const { instruction } = await readJson(c, regenerateRequest);
    const result = await commands.regenerate(generation.id, index, instruction || undefined);
    return c.json({ ...commandReply(result), section: index }, 202);
  });

  return app;
}
