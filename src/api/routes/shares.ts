import { Hono, type Context } from 'hono';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { ApiDeps, AppEnv } from '../deps.js';
import type { RouteGuards } from '../route-guards.js';
import { notFound } from '../errors.js';
import { EVENT_STREAM_HEADERS } from '../sse/sse-response.js';
import { openEventStream, streamCursor, streamFollow } from '../sse/stream-events.js';
import { sharedGenerationJson } from '../views.js';
import { notFoundPage, pageSecurityHeaders, renderExport, renderGenerationPage, renderSection } from './pages.js';
import { markdownExport, pdfExport, wordExport } from '../exports.js';

/**
 * Read-only share links, `/s/<token>` (made by `POST /api/generations/:id/share`): the live page
 * without controls, its event stream, its sections and the exports (Markdown, Word). Only GET routes exist
 * here, and a share token is accepted nowhere else, so a link never opens a command; nothing it serves
 * (page, JSON, exports' file names) holds the draft's id, which opens commands where a caller may use
 * it (without API keys, a draft made with no credential is open to whoever holds its id). A token is a
 * signed share id (src/api/middleware/sessions.ts); the row in `shares` must still exist, so a
 * revoked link is a 404 at once, on every API process.
 */
export function shareRoutes(deps: ApiDeps, guards: RouteGuards) {
  const app = new Hono<AppEnv>();
  app.use('*', pageSecurityHeaders());
  app.use('*', async (c, next) => {
    c.header('x-robots-tag', 'noindex');
    return next();
  });

  const shared = async (c: Context<AppEnv>) => {
    const shareId = deps.sessions.readShareToken(c.req.param('token') ?? '');
    return shareId === undefined ? undefined : deps.store.findShared(shareId);
  };

  app.get('/:token', async (c) => {
    const generation = await shared(c);
    if (!generation) return notFoundPage(c, deps.config.simulated);
    const base = `/s/${c.req.param('token')}`;
    return renderGenerationPage(c, deps, generation, {
      pageBase: base,
      jsonUrl: `${base}/generation`,
      eventsUrl: `${base}/events`,
      controls: false,
    });
  });

  app.get('/:token/generation', async (c) => {
    const generation = await shared(c);
    if (!generation) throw notFound('shared draft');
    return c.json(sharedGenerationJson(generation, await deps.store.sections(generation.id)));
  });

  app.get('/:token/events', guards.streams, async (c) => {
    const generation = await shared(c);
    if (!generation) throw notFound('shared draft');
    if (c.req.method === 'HEAD') return c.body(null, 200, EVENT_STREAM_HEADERS);
    const after = streamCursor(c);
    const follow = streamFollow(c);
    const loaded = async () => generation;
    const opened = await openEventStream(c.env.outgoing, generation.id, after, deps, loaded, generation, follow);
    return opened === 'ended' ? c.body(null, 204) : RESPONSE_ALREADY_SENT;
  });

  app.get('/:token/sections/:index', async (c) => renderSection(c, deps, await shared(c)));
  const sharedExport = (render: (...args: Parameters<typeof markdownExport>) => Promise<Response>) =>
    renderExport((c, deps, generation) => render(c, deps, generation, 'shared'));
  app.get('/:token/document.md', async (c) => sharedExport(markdownExport)(c, deps, await shared(c)));
  app.get('/:token/document.docx', async (c) => sharedExport(wordExport)(c, deps, await shared(c)));
  app.get('/:token/document.pdf', async (c) => sharedExport(pdfExport)(c, deps, await shared(c)));
  return app;
}
