import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import type { ApiDeps, AppEnv } from '../deps.js';
import type { RouteGuards } from '../route-guards.js';
import { createGenerationRequest, listQuery } from '../schemas.js';
import { readCursor, writeCursor } from '../../db/document-list.js';
import { generationIdSchema } from '../validation.js';
import { TEMPLATE_IDS } from '../../domain/templates.js';
import { markdownExport, pdfExport, wordExport } from '../exports.js';
import { documentOf } from '../../domain/outlines.js';
import { LANGUAGES } from '../../domain/details.js';
import { detailsFromForm, detailsFormValues } from '../../views/details-form.js';
import { HomePage, type HomeFormValues } from '../../views/home-page.js';
import { replayLog, stateFromStore } from '../../views/document-state.js';
import { GenerationPage } from '../../views/generation-page.js';
import { Layout } from '../../views/layout.js';
import { fieldErrors, type FieldErrors } from '../../views/form-errors.js';
import { negotiateLanguage, textFor, type PageLanguage } from '../../views/i18n/catalogue.js';
import { SectionMarkdown } from '../../views/section-view.js';
import { staticAssetRoutes } from './static-assets.js';
import type { Generation } from '../../db/generation-store.js';
import { scopeOf } from './generations.js';

/** No event for this long while the status says "writing" means a proxy is buffering the stream. */
const STREAM_STALL_MS = 45_000;
/** How often the page polls once it has fallen back from the stream. */
const POLL_MS = 3_000;
const RECENT = 12;

/**
 * Security headers of every page and asset: a CSP with no inline script or style, no eval, nothing from
 * another origin (connect-src 'self' covers the event stream), plus Hono's secure defaults.
 */
export function pageSecurityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
  });
}

/** Where a page of a draft reads from: its owner's page and API, or a share link's read-only routes. */
export interface PageAccess {
  /** Base of the page's own routes: `/generations/<id>` or `/s/<token>`. */
  pageBase: string;
  /** The JSON state the page polls. */
  jsonUrl: string;
  /** The event stream (the page adds `?after=`). */
  eventsUrl: string;
  /** False on a share link: no controls, nothing but reading. */
  controls: boolean;
}

/** The language of a page that is not a draft's: the reader's (`?lang=`, then Accept-Language). */
export function readerLanguage(c: Context<AppEnv>): PageLanguage {
  c.header('vary', 'accept-language');
  return negotiateLanguage(c.req.query('lang'), c.req.header('accept-language'));
}

/** "No such draft": for an unknown id, another owner's draft, or a revoked share link alike. */
export const notFoundPage = (c: Context<AppEnv>, simulated: boolean) => {
  const lang = readerLanguage(c);
  const t = textFor(lang);
  return c.html(
    `<!doctype html>${(
      <Layout title={t.notFoundTitle} lang={lang} simulated={simulated}>
        <h1>{t.notFoundHeading}</h1>
        <p>
          {t.notFoundText} <a href="/">{t.notFoundLink}</a>.
        </p>
      </Layout>
    )}`,
    404,
  );
};

/** Renders the page of a generation (the owner's, or a share link's). */
export async function renderGenerationPage(
  c: Context<AppEnv>,
  deps: ApiDeps,
  generation: Generation,
  access: PageAccess,
) {
  const { store, log, config } = deps;
  // From the log when it still exists, so the page and its ?after= cursor agree; else from Postgres.
  const state = (await replayLog(log, generation)) ?? stateFromStore(generation, await store.sections(generation.id));
  // After the log: a suggestion is stored before it is appended, so every one up to state.seq is here.
  const suggestions = await deps.suggestions.store.list(generation.id, 'open');
  // What the draft cost is the owner's to see, not a share link's.
  const usage = access.controls ? await deps.usage.ofGeneration(generation.id) : undefined;
  const page = (
    <GenerationPage
      generation={generation}
      template={documentOf(generation)}
      state={state}
      simulated={config.simulated}
      stallMs={STREAM_STALL_MS}
      pollMs={POLL_MS}
      access={access}
      suggestions={suggestions}
      usage={usage}
    />
  );
  c.header('cache-control', 'no-store');
  return c.html(`<!doctype html>${page}`);
}

/** One finished section's rendered Markdown (the page swaps it in at `section_end`). */
export async function renderSection(c: Context<AppEnv>, deps: ApiDeps, generation: Generation | undefined) {
  const index = Number(c.req.param('index'));
  const section = generation && (await deps.store.sections(generation.id)).find((s) => s.index === index);
  if (!section) return c.text('not found', 404);
  c.header('cache-control', 'no-store');
  return c.html((<SectionMarkdown content={section.content} />).toString());
}

/** A download of the draft (Markdown or Word), or a plain 404 when it may not be read. */
export const renderExport =
  (render: (c: Context<AppEnv>, deps: ApiDeps, generation: Generation) => Promise<Response>) =>
  async (c: Context<AppEnv>, deps: ApiDeps, generation: Generation | undefined) =>
    generation ? render(c, deps, generation) : c.text('not found', 404);

/** The value when it is one of `values` (a form field), else undefined. */
function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return (values as readonly unknown[]).includes(value) ? (value as T) : undefined;
}

/**
 * The htmx pages: start a draft, watch and control one, and its Markdown download. Every one needs
 * the page session (src/api/middleware/callers.ts): with API_KEYS, signed in with a key, and a draft
 * of another owner is "no such draft"; without keys, the browser's anonymous session, which the list
 * of recent drafts is limited to (a draft's own address stays open, as the JSON API is).
 */
export function pageRoutes(deps: ApiDeps, guards: RouteGuards) {
  const { store, commands, config } = deps;
  const { callers, modelCalls } = guards;
  const createRequest = createGenerationRequest(config.PROMPT_MAX_CHARS);
  const app = new Hono<AppEnv>();
  const security = pageSecurityHeaders();
  for (const path of ['/', '/generations', '/generations/*', '/static/*']) app.use(path, security);
  app.route('/static', staticAssetRoutes());

  const home = async (c: Context<AppEnv>, status: 200 | 400, errors?: FieldErrors, values?: HomeFormValues) => {
    // The list's search and page, from the address (a GET form and a "More" link): a value the API
    // would refuse (too long, unstorable, a cursor not ours) is ignored here, the page still shows.
    const asked = listQuery.safeParse({ q: c.req.query('q') || undefined });
    const q = asked.success ? asked.data.q || undefined : undefined;
    const after = readCursor(c.req.query('cursor') ?? '');
    const list = await store.documents.page({ owner: c.get('caller').owner, q, after, limit: RECENT });
    const page = (
      <HomePage
        lang={readerLanguage(c)}
        simulated={config.simulated}
        promptMaxChars={config.PROMPT_MAX_CHARS}
        documents={list.documents}
        query={q}
        nextCursor={list.next && writeCursor(list.next)}
        errors={errors}
        values={values}
        signedIn={guards.keys.enabled}
      />
    );
    c.header('cache-control', 'no-store');
    return c.html(`<!doctype html>${page}`, status);
  };

  const findGeneration = async (c: Context<AppEnv>, rawId: string) => {
    const id = generationIdSchema.safeParse(rawId);
    return id.success ? store.find(id.data.toLowerCase(), scopeOf(c)) : undefined;
  };

  app.get('/', callers.page, (c) => home(c, 200));

  // The start form posts here (form-encoded, same origin only) and is redirected to the new page.
  app.post(
    '/generations',
    csrf(),
    callers.page,
    bodyLimit({ maxSize: config.BODY_LIMIT_BYTES, onError: (c) => c.text('request too large', 413) }),
    async (c) => {
      const form = await c.req.parseBody();
      const template = oneOf(TEMPLATE_IDS, form.template) ?? 'terms-of-service';
      const values: HomeFormValues = {
        prompt: typeof form.prompt === 'string' ? form.prompt : '',
        template,
        language: oneOf(LANGUAGES, form.language) ?? 'en',
        details: detailsFormValues(form),
      };
      const details = detailsFromForm(template, form);
      const parsed = createRequest.safeParse({
        prompt: values.prompt.trim() === '' ? undefined : values.prompt,
        template: form.template,
        language: form.language,
        details: Object.keys(details).length > 0 ? details : undefined,
      });
      if (!parsed.success) return home(c, 400, fieldErrors(parsed.error, textFor(readerLanguage(c))), values);
      const { owner, quota } = c.get('caller');
      // Spent once the form is known to be valid: a refused one changes nothing, the budget included.
      await modelCalls.consume(c, quota, 1);
      const generation = await modelCalls.withinOpenLimit(() =>
        commands.create({ ...parsed.data, owner, quotaKey: quota }, modelCalls.openLimit(quota)),
      );
      return c.redirect(`/generations/${generation.id}`, 303);
    },
  );

  app.get('/generations/:id', callers.page, async (c) => {
    const generation = await findGeneration(c, c.req.param('id'));
    if (!generation) return notFoundPage(c, config.simulated);
    return renderGenerationPage(c, deps, generation, {
      pageBase: `/generations/${generation.id}`,
      jsonUrl: `/api/generations/${generation.id}`,
      eventsUrl: `/api/generations/${generation.id}/events`,
      controls: true,
    });
  });

  // The rendered Markdown of one finished section: the page swaps it in at `section_end`, so Markdown is
  // rendered (and sanitised) in one place, on the server.
  app.get('/generations/:id/sections/:index', callers.page, async (c) =>
    renderSection(c, deps, await findGeneration(c, c.req.param('id'))),
  );

  app.get('/generations/:id/document.md', callers.page, async (c) =>
    renderExport(markdownExport)(c, deps, await findGeneration(c, c.req.param('id'))),
  );
  app.get('/generations/:id/document.docx', callers.page, async (c) =>
    renderExport(wordExport)(c, deps, await findGeneration(c, c.req.param('id'))),
  );
  app.get('/generations/:id/document.pdf', callers.page, async (c) =>
    renderExport(pdfExport)(c, deps, await findGeneration(c, c.req.param('id'))),
  );

  return app;
}
