import { z } from 'zod';
import { GENERATION_MODES, GENERATION_STATUSES } from '../domain/statuses.js';
import type { EventType } from '../domain/events.js';
import { TEMPLATE_IDS } from '../domain/templates.js';
import { LANGUAGES } from '../domain/details.js';
import { checkDraftRequest, draftRequestFields } from '../domain/draft-request.js';
import { SECTION_EDIT_MAX_CHARS, VERSION_EXCERPT_CHARS, VERSION_SOURCES } from '../domain/versions.js';
import { documentString, promptString, storableString } from '../domain/storable-text.js';
import { SUGGESTION_OUTCOMES, SUGGESTION_STATUSES } from '../domain/suggestions.js';
import { draftNameString } from '../domain/draft-names.js';
import { ERROR_CODES } from './error-codes.js';

// Request and response shapes of the JSON API, in one place: the handlers validate with them and
// the OpenAPI document is generated from them.

/**
 * `POST /api/generations`: a prompt, details, or both. The details are checked against the schema
 * of the chosen template (src/domain/details.ts), so their issues name `details.<field>`.
 */
export function createGenerationRequest(promptMaxChars: number) {
  return z
    .strictObject({ ...draftRequestFields(promptMaxChars), mode: z.enum(GENERATION_MODES).default('stream') })
    .transform(checkDraftRequest);
}

export function legacyStreamRequest(promptMaxChars: number) {
  return z.object({
    prompt: promptString(promptMaxChars),
  });
}

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  q: storableString()
    .trim()
    .max(200, 'q must be at most 200 characters')
    .optional()
    .describe('words of the name or the text (web search syntax: "a phrase", -word, or); a part of a name matches too'),
  cursor: z.string().max(200).optional().describe('the `nextCursor` of the previous page'),
});

/** `PATCH /api/generations/:id`: the owner's name for the draft. */
export const renameRequest = z.strictObject({ name: draftNameString() });

/** `GET …/sections/:index/versions`: a page of summaries, newest first, below `before` when given. */
export const versionsQuery = z.object({
  before: z.coerce.number().int().min(1).max(1_000_000).optional().describe('only versions numbered below this one'),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('versions in this page'),
});

export const sectionView = z.object({
  index: z.number().int(),
  title: z.string(),
  content: z.string(),
  mode: z.enum(GENERATION_MODES),
});

export const generationView = z.object({
  id: z.uuid(),
  name: z
    .string()
    .describe(
      'the owner’s name for it (`PATCH /api/generations/:id`); at first the document’s name and the business’s',
    ),
  status: z.enum(GENERATION_STATUSES),
  template: z.enum(TEMPLATE_IDS),
  mode: z.enum(GENERATION_MODES),
  language: z.enum(LANGUAGES),
  prompt: z.string(),
  details: z.record(z.string(), z.unknown()).nullable(),
  outline: z.array(z.string()).describe('the section titles, in order, resolved from the details at creation'),
  sections: z.array(sectionView),
  createdAt: z.string(),
  updatedAt: z.string(),
  error: z.string().optional(),
});

export const regenerateRequest = z.strictObject({
  instruction: storableString().trim().max(1000, 'instruction must be at most 1000 characters').optional(),
});

/**
 * `PUT …/sections/:index`: refused like any field, then document text (invisible formatting such as
 * bidi overrides dropped), line breaks made LF (a textarea's CRLF), surrounding whitespace trimmed.
 */
export const editSectionRequest = z.strictObject({
  content: documentString().pipe(
    z
      .string()
      .min(1, 'content must not be empty')
      .max(SECTION_EDIT_MAX_CHARS, `content must be at most ${SECTION_EDIT_MAX_CHARS} characters`),
  ),
  baseVersion: z.number().int().min(1).max(1_000_000),
});

/** `POST /api/generations/:id/suggestions`: review one section, or (no section) the whole draft. */
export const suggestionRequest = z.strictObject({
  section: z.number().int().min(1).max(999).optional().describe('review this section only (1-based)'),
});

// Response shapes (and the SSE event data), described for the OpenAPI document at /openapi.json.

export const generationLinksView = z.object({
  self: z.string(),
  events: z.string(),
  page: z.string(),
});

/** What a draft's model calls cost so far, every run, rewrite and review included. */
export const usageView = z
  .object({
    promptTokens: z.number().int().describe('tokens sent to the model, over every call'),
    completionTokens: z.number().int().describe('tokens the model wrote, over every call'),
    calls: z.number().int().describe('model calls made (retries, fallbacks and reviews included)'),
    estimated: z
      .boolean()
      .describe(
        'some call had no usage from the provider (a stream stopped early): its tokens are estimated, 4 characters a token',
      ),
  })
  .describe("the draft's model usage");

export const generationDetailView = generationView.extend({ links: generationLinksView, usage: usageView });

export const generationSummaryView = generationDetailView.omit({ sections: true, usage: true });

export const generationListView = z.object({
  generations: z.array(generationSummaryView),
  nextCursor: z.string().optional().describe('more, older drafts: ask again with ?cursor= this (and the same q)'),
});

export const renamedView = z.object({ id: z.uuid(), name: z.string() });

export const createdGenerationView = z.object({
  id: z.uuid(),
  status: z.literal('queued'),
  links: generationLinksView,
});

export const commandResultView = z.object({ id: z.uuid(), status: z.enum(GENERATION_STATUSES) });

export const regenerateResultView = commandResultView.extend({ section: z.number().int() });

export const editResultView = regenerateResultView.extend({
  version: z.number().int().describe("the section's version now: the new one, or the newest when `unchanged`"),
  unchanged: z.boolean().describe('the text was already the section’s: no version was added, nothing appended'),
});

export const shareLinkView = z.object({
  url: z.string().describe('the read-only link, a path on this server: /s/<token>'),
});

export const templateCatalogView = z.object({
  templates: z.array(
    z.object({
      id: z.enum(TEMPLATE_IDS),
      names: z.record(z.enum(LANGUAGES), z.string()),
      details: z.record(z.string(), z.unknown()).describe("the JSON Schema of the template's `details`"),
      sections: z.record(z.enum(LANGUAGES), z.array(z.string())).describe('the sections without details'),
    }),
  ),
});

/** One kept text of a section, whole (`GET …/versions/:version`; a stale edit's `latest`). */
export const sectionVersionView = z.object({
  version: z.number().int().describe('numbered per section from 1; numbers are never reused'),
  title: z.string(),
  content: z.string(),
  source: z.enum(VERSION_SOURCES),
  instruction: z.string().optional().describe('the instruction of a regeneration'),
  createdAt: z.string(),
});

export const sectionVersionsView = z.object({
  index: z.number().int(),
  versions: z
    .array(
      sectionVersionView.omit({ content: true }).extend({
        length: z.number().int().describe('characters of its text'),
        excerpt: z.string().describe(`the first ${VERSION_EXCERPT_CHARS} characters of its text`),
      }),
    )
    .describe('newest first; the text itself: GET …/versions/:version'),
  nextBefore: z.number().int().optional().describe('more, older versions: ask again with ?before= this'),
});

const versionSideView = sectionVersionView.pick({ version: true, source: true, createdAt: true });

export const versionDiffView = z.object({
  index: z.number().int(),
  from: versionSideView.describe('the version compared from (`:a`)'),
  to: versionSideView.describe('the version compared to (`:b`)'),
  parts: z
    .array(
      z.object({
        kind: z.enum(['added', 'removed', 'unchanged']),
        text: z.string().describe('words and the spaces between them, of the text as rendered (no Markdown marks)'),
      }),
    )
    .describe('in reading order: kept words, words only `from` has (removed), words only `to` has (added)'),
  html: z
    .string()
    .describe(
      'the parts as HTML, every text escaped: removed in <del>, added in <ins>, kept in <span>, in a <div class="version-diff"> whose line breaks are text (show it with white-space: pre-wrap)',
    ),
});

const suggestionFields = {
  id: z.uuid(),
  section: z.number().int().describe('the section a rewrite would change (1-based)'),
  summary: z.string().describe('what is wrong, in one sentence'),
  instruction: z.string().describe('the instruction the rewrite follows when the suggestion is applied'),
};

export const suggestionListView = z.object({
  suggestions: z.array(
    z.object({
      ...suggestionFields,
      status: z.enum(SUGGESTION_STATUSES),
      createdAt: z.string(),
      closedAt: z.string().optional(),
    }),
  ),
});

export const suggestionsRequestedView = commandResultView.extend({
  section: z.number().int().optional().describe('the section reviewed; absent: the whole draft'),
});

export const suggestionCommandView = commandResultView.extend({
  suggestion: z.uuid(),
  section: z.number().int().optional().describe('apply: the section being rewritten'),
});

export const errorView = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES).describe('what went wrong, one of a fixed list; the HTTP status follows from it'),
    message: z.string().describe('a sentence for a person; never parse it'),
    requestId: z.string().optional().describe("the request's X-Request-Id, also in the server's log line"),
  }),
});

/** 409 `stale_version` of an edit: the error and the version saved since the edit's base. */
export const staleVersionView = errorView.extend({ latest: sectionVersionView });

export const healthView = z.object({ status: z.literal('ok') });

export const readinessView = z.object({
  status: z.enum(['ready', 'unavailable']),
  problems: z.array(z.string()).optional(),
});

/** `GET /api/generations/:id/events` query (the route parses `after` with parseCursor). */
export const eventStreamQuery = z.object({
  after: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe('resume after this seq (Last-Event-ID wins when both are sent)'),
  access_token: z.string().optional().describe('an API key, for clients such as EventSource that cannot send headers'),
  follow: z
    .enum(['0', '1'])
    .optional()
    .describe('1: stay open past `done` (no 204 at the end of a run) to see later changes: edits, restores, rewrites'),
});

/** The JSON `data:` of each named SSE event (`id:` is its seq). */
export const eventDataViews = {
  status: z.object({
    seq: z.number().int(),
    status: z.enum(GENERATION_STATUSES),
    mode: z.enum(GENERATION_MODES),
    reason: z.string().optional(),
  }),
  section_start: z.object({ seq: z.number().int(), index: z.number().int(), title: z.string() }),
  token: z.object({ seq: z.number().int(), section: z.number().int(), text: z.string() }),
  section_end: z.object({
    seq: z.number().int(),
    index: z.number().int(),
    title: z.string(),
    content: z.string(),
    version: z.number().int().optional().describe("the section's version this text is (edits and restores)"),
    source: z.enum(VERSION_SOURCES).optional().describe('how the version came (edits and restores)'),
  }),
  reset: z.object({ seq: z.number().int(), section: z.number().int() }),
  done: z.object({ seq: z.number().int(), status: z.enum(GENERATION_STATUSES) }),
  error: z.object({ seq: z.number().int(), message: z.string() }),
  resync: z.object({ seq: z.number().int(), reason: z.string() }),
  suggestions_start: z.object({ seq: z.number().int(), section: z.number().int().optional() }),
  suggestion: z.object({ seq: z.number().int(), ...suggestionFields }),
  suggestions_end: z.object({
    seq: z.number().int(),
    section: z.number().int().optional(),
    count: z.number().int().describe('suggestions this request added'),
    error: z.string().optional().describe('why the model brought none (or no more)'),
  }),
  suggestion_closed: z.object({ seq: z.number().int(), id: z.uuid(), outcome: z.enum(SUGGESTION_OUTCOMES) }),
} as const satisfies Record<EventType, z.ZodType>;

/** The data-only messages of `POST /api/contract/tos/stream`. */
export const legacyEventView = z.object({
  type: z.enum(['content', 'section_complete', 'error', 'complete']),
  sessionId: z.uuid(),
  content: z.string().optional(),
  section: z.number().int().optional(),
  title: z.string().optional(),
  error: z.string().optional(),
  status: z.enum(GENERATION_STATUSES).optional(),
});
