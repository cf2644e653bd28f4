import { Hono, type Context } from 'hono';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { ApiDeps, AppEnv } from '../deps.js';
import type { RouteGuards } from '../route-guards.js';
import { ApiError, errorJson, notFound } from '../errors.js';
import {
  createGenerationRequest,
  editSectionRequest,
  listQuery,
  regenerateRequest,
  renameRequest,
  versionsQuery,
} from '../schemas.js';
import { sectionTitles } from '../../domain/outlines.js';
import { EVENT_STREAM_HEADERS } from '../sse/sse-response.js';
import { openEventStream, streamCursor, streamFollow } from '../sse/stream-events.js';
import { describeIssues, parseGenerationId, readJson } from '../validation.js';
import { generationJson, generationLinks, versionDiffJson, versionJson, versionPageJson } from '../json-bodies.js';
import type { CommandResult } from '../../generations/commands.js';
import type { Generation, GenerationStore, OwnerScope } from '../../db/generation-store.js';
import { SessionTokens } from '../middleware/sessions.js';
import { markdownExport, pdfExport, wordExport } from '../exports.js';
import { listOwner, openTo } from '../../domain/owners.js';
import { DraftOwners } from '../draft-owners.js';
import { readCursor, writeCursor } from '../../db/document-list.js';
import { draftName } from '../../domain/draft-names.js';
import { hasPendingSuggestions } from '../../queue/suggestion-queue.js';

/**
 * What a caller may see: its own drafts (API keys); without keys, any draft but another browser
 * session's (DESIGN's Access: a draft made with no credential is open to whoever holds its id).
 */
export const scopeOf = (c: Context): OwnerScope => {
  const caller = c.get('caller');
  return caller.scoped ? { owner: caller.owner } : { openTo: caller.owner };
};

/** The caller's generation of a path's id: another owner's answers 404, exactly like a missing one. */
export async function loadGeneration(c: Context, store: GenerationStore, rawId: string): Promise<Generation> {
  const generation = await store.find(parseGenerationId(rawId), scopeOf(c));
  if (!generation) throw notFound('generation');
  return generation;
}

/** A command's answer: `{ id, status }`, 404 for a generation gone, 409 when it was not possible now. */
export function commandReply(result: CommandResult) {
  if (result.ok) return { id: result.generation.id, status: result.generation.status };
  if (result.reason === 'absent') throw notFound('generation');
  throw new ApiError('conflict', `generation is ${result.generation.status}`);
}

/** The section number in a path, within the generation's own outline (400 `invalid_section` otherwise). */
export function sectionIndex(generation: Generation, raw: string): number {
  const count = sectionTitles(generation).length;
  const index = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
  if (!(index >= 1 && index <= count))
    throw new ApiError('invalid_section', `section must be a number from 1 to ${count}`);
  return index;
}

/** What every group of the generation routes is given. */
interface RouteParts {
  app: Hono<AppEnv>;
  deps: ApiDeps;
  guards: RouteGuards;
  /** The caller's generation by id: another owner's id answers 404, like an id that does not exist. */
  load: (c: Context, rawId: string) => Promise<Generation>;
}

/**
 * The JSON API of generations and their event stream. Every route reads the generation through the
 * caller's scope first: another owner's id answers 404, exactly like an id that does not exist.
 */
export function generationRoutes(deps: ApiDeps, guards: RouteGuards) {
  const app = new Hono<AppEnv>();
  const parts: RouteParts = { app, deps, guards, load: (c, rawId) => loadGeneration(c, deps.store, rawId) };
  draftRoutes(parts);
  eventStreamRoute(parts);
  commandRoutes(parts);
  versionRoutes(parts);
  return app;
}

/** Making, listing, reading, renaming and deleting drafts. */
function draftRoutes({ app, deps, guards, load }: RouteParts): void {
  const { store, commands, config } = deps;
  const { callers, modelCalls } = guards;
  const createRequest = createGenerationRequest(config.PROMPT_MAX_CHARS);

  app.post('/', callers.api, async (c) => {
    const input = await readJson(c, createRequest);
    const { owner, quota } = c.get('caller');
    // Only a valid request spends a run: a refused one (400) changes nothing, the budget included.
    await modelCalls.consume(c, quota, 1);
    const generation = await modelCalls.withinOpenLimit(() =>
      commands.create({ ...input, owner, quotaKey: quota }, modelCalls.openLimit(quota)),
    );
    return c.json({ id: generation.id, status: generation.status, links: generationLinks(generation.id) }, 202, {
      location: `/api/generations/${generation.id}`,
    });
  });

  app.get('/', callers.api, async (c) => {
    const query = listQuery.safeParse(c.req.query());
    if (!query.success) throw new ApiError('invalid_request', describeIssues(query.error));
    // Always the caller's own drafts, with or without API keys, and none for a caller without any
    // credential: an open API (no keys) serves whoever holds an id, but a list would hand out every id.
    const owner = listOwner(c.get('caller'));
    const { limit, q, cursor } = query.data;
    const after = cursor === undefined ? undefined : readCursor(cursor);
    if (cursor !== undefined && !after) throw new ApiError('invalid_cursor', 'cursor is not one this server gave');
    if (owner === undefined) return c.json({ generations: [] });
    const page = await store.documents.page({ owner, q: q || undefined, after, limit });
    return c.json({
      generations: page.documents.map((g) => ({ ...generationJson(g, []), sections: undefined })),
      ...(page.next ? { nextCursor: writeCursor(page.next) } : {}),
    });
  });

  // The owner's name for a draft, shown in the list of my documents (allowed while it runs).
  app.patch('/:id', callers.api, async (c) => {
    const generation = await load(c, c.req.param('id'));
    const { name } = await readJson(c, renameRequest);
    const renamed = await store.documents.rename(generation.id, name);
    if (!renamed) throw notFound('generation');
    return c.json({ id: renamed.id, name: draftName(renamed) });
  });

  // Deletes a draft everywhere (rows, versions, suggestions, share link, usage rows, log, jobs): afterwards
  // every route answers 404 for it. Not while a run or a review is going on (409): stop it first.
  app.delete('/:id', callers.api, async (c) => {
    const generation = await load(c, c.req.param('id'));
    if (await hasPendingSuggestions(deps.suggestions.queue, generation.id))
      throw new ApiError('conflict', 'suggestions are being written for this generation');
    const result = await commands.remove(generation.id);
    if (!result) throw notFound('generation');
    if ('busy' in result) throw new ApiError('conflict', `generation is ${result.busy.status}`);
    return c.body(null, 204);
  });

  app.get('/:id', callers.api, async (c) => {
    const generation = await load(c, c.req.param('id'));
    const [sections, usage] = await Promise.all([
      store.sections(generation.id),
      deps.usage.ofGeneration(generation.id),
    ]);
    return c.json({ ...generationJson(generation, sections), usage });
  });
}

/** The event stream: every viewer, from any cursor. */
function eventStreamRoute({ app, deps, guards, load }: RouteParts): void {
  const owners = new DraftOwners(deps.store);
  const { callers } = guards;

  app.get('/:id/events', callers.apiStream, guards.streams, async (c) => {
    const after = streamCursor(c);
    const follow = streamFollow(c);
    const id = parseGenerationId(c.req.param('id'));
    // A HEAD is answered with the stream's headers, once the id is known to the caller: nothing is
    // followed (Hono would drop a body we wrote ourselves, and answer the request a second time).
    if (c.req.method === 'HEAD') {
      await load(c, id);
      return c.body(null, 200, EVENT_STREAM_HEADERS);
    }
    // Scoped callers are checked in Postgres first. Without keys, the draft's owner (kept per process:
    // it never changes) says whether the caller may see it, then the log is asked first and Postgres
    // only when the log alone cannot tell (keeps connecting cheap when thousands of viewers arrive).
    const caller = c.get('caller');
    if (!caller.scoped) {
      const owner = await owners.of(id);
      if (owner === undefined || !openTo(caller, owner)) throw notFound('generation');
    }
    const known = caller.scoped ? await load(c, id) : undefined;
    const opened = await openEventStream(c.env.outgoing, id, after, deps, () => load(c, id), known, follow);
    return opened === 'ended' ? c.body(null, 204) : RESPONSE_ALREADY_SENT;
  });
}

/** The run commands, the exports and the share link: the caller's own generation only. */
function commandRoutes({ app, deps, guards, load }: RouteParts): void {
  const { store, commands } = deps;
  const { callers, modelCalls } = guards;

  // 404 for another's generation, then the command itself.
  app.post('/:id/cancel', callers.api, async (c) => {
    const { id } = await load(c, c.req.param('id'));
    return c.json(commandReply(await commands.stop(id, 'cancelled')));
  });
  app.post('/:id/pause', callers.api, async (c) => {
    const { id } = await load(c, c.req.param('id'));
    return c.json(commandReply(await commands.stop(id, 'paused')));
  });
  // A paused generation still holds its open slot, so a resume only spends a run of the budget.
  app.post('/:id/resume', callers.api, async (c) => {
    const { id } = await load(c, c.req.param('id'));
    await modelCalls.consume(c, c.get('caller').quota, 1);
    return c.json(commandReply(await commands.resume(id)));
  });

  // A stopped generation goes on from where the stop cut it: a model call, and an open slot again.
  app.post('/:id/continue', callers.api, async (c) => {
    const generation = await load(c, c.req.param('id'));
    await modelCalls.consume(c, c.get('caller').quota, 1);
    const openLimit = modelCalls.openLimit(generation.quotaKey);
    const result = await modelCalls.withinOpenLimit(() => commands.continueStopped(generation.id, openLimit));
    return c.json(commandReply(result));
  });

  app.post('/:id/sections/:index/regenerate', callers.api, async (c) => {
    const generation = await load(c, c.req.param('id'));
    const index = sectionIndex(generation, c.req.param('index'));
    const { instruction } = await readJson(c, regenerateRequest);
    await modelCalls.consume(c, c.get('caller').quota, 1);
    // Counted against whoever the generation's runs are billed to, the owner's quota.
    const openLimit = modelCalls.openLimit(generation.quotaKey);
    const result = await modelCalls.withinOpenLimit(() =>
      commands.regenerate(generation.id, index, instruction || undefined, openLimit),
    );
    return c.json({ ...commandReply(result), section: index }, 202);
  });

  // The exports: whoever may read the draft may download it.
  app.get('/:id/document.md', callers.api, async (c) => markdownExport(c, deps, await load(c, c.req.param('id'))));
  app.get('/:id/document.docx', callers.api, async (c) => wordExport(c, deps, await load(c, c.req.param('id'))));
  app.get('/:id/document.pdf', callers.api, async (c) => pdfExport(c, deps, await load(c, c.req.param('id'))));

  // Read-only share links: the owner makes one (the same one while it lasts) and revokes it.
  app.post('/:id/share', callers.api, async (c) => {
    const generation = await load(c, c.req.param('id'));
    const shareId = await store.share(generation.id, SessionTokens.newId());
    return c.json({ url: `/s/${deps.sessions.shareToken(shareId)}` }, 201);
  });
  app.delete('/:id/share', callers.api, async (c) => {
    const generation = await load(c, c.req.param('id'));
    await store.unshare(generation.id);
    return c.body(null, 204);
  });
}

/** A section's versions: listed, read, compared, restored, and the owner's live edits. */
function versionRoutes({ app, deps, guards, load }: RouteParts): void {
  const { store, commands } = deps;
  const { callers } = guards;

  // Versions: a section keeps its first and newest texts (SECTION_VERSIONS_MAX); an earlier one can be
  // restored (owners only). The list gives summaries, newest first, a page at a time; a text is read
  // on its own, so no answer holds more than one section's text.
  app.get('/:id/sections/:index/versions', callers.api, async (c) => {
    const generation = await load(c, c.req.param('id'));
    const index = sectionIndex(generation, c.req.param('index'));
    const query = versionsQuery.safeParse(c.req.query());
    if (!query.success) throw new ApiError('invalid_request', describeIssues(query.error));
    const page = await store.versions.page(generation.id, index, query.data);
    return c.json({ index, ...versionPageJson(page) });
  });
  const findVersion = async (c: Context, generation: Generation, index: number, param = 'version') => {
    const raw = c.req.param(param) ?? '';
    const found = /^\d{1,6}$/.test(raw) ? await store.versions.one(generation.id, index, Number(raw)) : undefined;
    if (!found) throw notFound('version');
    return found;
  };
  // `latest`: the newest version (what an editor starts from), in one request.
  app.get('/:id/sections/:index/versions/:version', callers.api, async (c) => {
    const generation = await load(c, c.req.param('id'));
    const index = sectionIndex(generation, c.req.param('index'));
    if (c.req.param('version') !== 'latest') return c.json(versionJson(await findVersion(c, generation, index)));
    const latest = await store.versions.latest(generation.id, index);
    if (!latest) throw notFound('version');
    return c.json(versionJson(latest));
  });
  // Two versions compared word by word on their rendered text (either order: `a` is the older side).
  app.get('/:id/sections/:index/versions/:a/diff/:b', callers.api, async (c) => {
    const generation = await load(c, c.req.param('id'));
    const index = sectionIndex(generation, c.req.param('index'));
    const [from, to] = await Promise.all([
      findVersion(c, generation, index, 'a'),
      findVersion(c, generation, index, 'b'),
    ]);
    return c.json({ index, ...versionDiffJson(from, to) });
  });
  app.post('/:id/sections/:index/versions/:version/restore', callers.api, async (c) => {
    const generation = await load(c, c.req.param('id'));
    const index = sectionIndex(generation, c.req.param('index'));
    const found = await findVersion(c, generation, index);
    await guards.edits.consume(c, c.get('caller').quota);
    return c.json({ ...commandReply(await commands.restore(generation.id, index, found)), section: index });
  });
  // An edit: the owner's own text, saved over the version the editor started from. It calls no model,
  // so it spends none of the model budget, but one of the edit quota (as a restore does), once the
  // request is known to be valid.
  app.put('/:id/sections/:index', callers.api, async (c) => {
    const generation = await load(c, c.req.param('id'));
    const index = sectionIndex(generation, c.req.param('index'));
    const { content, baseVersion } = await readJson(c, editSectionRequest);
    await guards.edits.consume(c, c.get('caller').quota);
    const result = await commands.edit(generation, index, content, baseVersion);
    if (result.ok)
      return c.json({ ...commandReply(result), section: index, version: result.version, unchanged: result.unchanged });
    if (result.reason === 'stale') {
      const message = `version ${baseVersion} is not the newest: version ${result.latest.version} was saved since`;
      return c.json({ ...errorJson(c, 'stale_version', message), latest: versionJson(result.latest) }, 409);
    }
    if (result.reason === 'unwritten') throw new ApiError('conflict', `section ${index} has not been written yet`);
    return c.json(commandReply(result));
  });
}
