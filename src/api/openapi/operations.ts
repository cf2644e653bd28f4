import { z } from 'zod';
import { eventDataViews, eventStreamQuery, listQuery, versionsQuery } from '../schemas.js';
import { generationIdSchema } from '../validation.js';
import { SECTION_EDIT_MAX_CHARS, VERSION_EXCERPT_CHARS } from '../../domain/versions.js';
import { DIFF_MAX_EDITS } from '../../domain/version-diff.js';
import { DRAFT_NAME_MAX_CHARS } from '../../domain/draft-names.js';

// The route table of the OpenAPI document (openapi-document.ts turns it into OpenAPI 3.1): one entry
// per route, with the zod schemas its handler validates with.

export type Json = Record<string, unknown>;
type Security = 'none' | 'apiKey' | 'apiKeyOrQuery' | 'webhook' | 'admin' | 'session' | 'share' | 'metrics';

/** A reference to one of the document's component schemas. */
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

export interface ResponseSpec {
  description: string;
  /** A component schema name, sent as application/json. */
  json?: string;
  /** Other media types. */
  content?: Record<string, Json>;
  headers?: Record<string, Json>;
}

export interface OperationSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  tag: string;
  summary: string;
  description?: string;
  security: Security;
  /** Calls the model (creates, resumes or rewrites): counted against the owner's limits. */
  callsModel?: boolean;
  /** Answered whatever the Host (probes and metrics); every other route refuses one outside ALLOWED_HOSTS (421). */
  anyHost?: boolean;
  pathParams?: Record<string, { schema: z.ZodType; description: string }>;
  query?: z.ZodObject;
  headers?: { name: string; description: string; schema: Json }[];
  body?: { component: string } | { contentType: string; schema: Json };
  responses: Record<number, ResponseSpec>;
}

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PDF_TYPE = 'application/pdf';
/** A PDF download refused: its process's PDF threads are all busy, or the render ran past its deadline. */
const PDF_BUSY: ResponseSpec = {
  description:
    '`unavailable`: every PDF thread of this process is busy (or the render ran too long); `Retry-After` says when to try again',
  json: 'Error',
};
const sectionParams = () => ({ ...idParam, index: { schema: z.number().int().min(1), description: 'section number' } });
const idParam = { id: { schema: generationIdSchema, description: 'generation id (a UUID)' } };
const sse = (description: string): ResponseSpec => ({
  description,
  content: { 'text/event-stream': { schema: { type: 'string' } } },
});
const eventsDescription = `Named events, JSON data, \`id:\` = seq (contiguous from 1): ${Object.keys(eventDataViews)
  .map((type) => `\`${type}\` (schema Event_${type})`)
  .join(', ')}. Starts with \`retry: 1000\`, sends \`: ping\` comments, ends after \`done\`.`;

/** A 429 of the quota of edits and restores. */
const EDIT_QUOTA_REFUSAL: ResponseSpec = {
  description:
    '`rate_limited`: the owner’s quota of edits and restores (`EDITS_PER_MIN` a minute, `EDITS_PER_DAY` a day) is spent; `Retry-After` says when the window ends',
  json: 'Error',
};

/** The answers of a read of kept versions: `ok`, or 404 for a generation or `missing` not there. */
const versionReadResponses = (ok: ResponseSpec, missing: string): Record<number, ResponseSpec> => ({
  200: ok,
  400: { description: '`invalid_id`, `invalid_section`', json: 'Error' },
  404: {
    description: `\`not_found\`: no such generation (or another owner’s), or ${missing} (or one pruned)`,
    json: 'Error',
  },
});

/** Every route of the app, as the OpenAPI document describes it. */
// Long because it is a table, not logic: one entry per route, in the README's order.
export function operations(): OperationSpec[] {
  return [
    {
      method: 'post',
      path: '/api/generations',
      tag: 'generations',
      summary: 'Start a generation',
      description: 'Queues a document to be written; follow `links.events` to watch it being written.',
      security: 'apiKey',
      callsModel: true,
      body: { component: 'CreateGenerationRequest' },
      responses: {
        202: {
          description: 'queued',
          json: 'CreatedGeneration',
          headers: { Location: { schema: { type: 'string' } } },
        },
        400: { description: '`invalid_json` or `invalid_request` (naming the field)', json: 'Error' },
        413: { description: '`payload_too_large`', json: 'Error' },
        415: { description: '`unsupported_media_type`', json: 'Error' },
      },
    },
    {
      method: 'get',
      path: '/api/generations',
      tag: 'generations',
      summary: 'List my documents (without their sections), newest first, a page at a time; search them',
      description:
        'The caller’s own drafts: its key’s (or its signed-in session’s); without API keys, its browser session’s. A client without any credential (no key, no session cookie) gets an empty list: the drafts it makes are open to whoever holds their id, and never listed. `q` searches the names and the sections’ titles and text with Postgres full-text search (the `simple` configuration: whole words, any language, no stemming; web search syntax: `"a phrase"`, `-word`, `or`), and a name holding `q` anywhere matches too. `nextCursor`, when present, reads the next (older) page: send it as `cursor` with the same `q`.',
      security: 'apiKey',
      query: listQuery,
      responses: {
        200: { description: 'newest first', json: 'GenerationList' },
        400: { description: '`invalid_request` (`limit`, `q`), `invalid_cursor`', json: 'Error' },
      },
    },
    {
      method: 'patch',
      path: '/api/generations/{id}',
      tag: 'generations',
      summary: 'Rename a draft (its name in the list of my documents)',
      description: `A new draft is named after its document and its business ("Privacy Policy — Acme"). The name is refused like any field under the text policy, then made one line (invisible formatting dropped, runs of whitespace one space), 1 to ${DRAFT_NAME_MAX_CHARS} characters. Allowed while a run is going on. Not through a share link.`,
      security: 'apiKey',
      pathParams: idParam,
      body: { component: 'RenameRequest' },
      responses: {
        200: { description: 'renamed', json: 'Renamed' },
        400: { description: '`invalid_id`, `invalid_json`, `invalid_request` (naming `name`)', json: 'Error' },
        404: { description: '`not_found` (also for another owner’s)', json: 'Error' },
      },
    },
    {
      method: 'delete',
      path: '/api/generations/{id}',
      tag: 'generations',
      summary: 'Delete a draft everywhere',
      description:
        'Its row, sections, versions, suggestions, share link and model-call rows in Postgres, its event log and fencing token in Redis and the jobs of its runs: afterwards every route answers 404 for it, the share link too. Refused (409 `conflict`) while a run is going on (queued, streaming, chunked: pause or stop it first) or while a review is being written. The owner’s daily token usage keeps what the draft cost. Not through a share link.',
      security: 'apiKey',
      pathParams: idParam,
      responses: {
        204: { description: 'deleted' },
        400: { description: '`invalid_id`', json: 'Error' },
        404: { description: '`not_found` (also for another owner’s, and for one already deleted)', json: 'Error' },
        409: { description: '`conflict`: a run or a review is going on', json: 'Error' },
      },
    },
    {
      method: 'get',
      path: '/api/generations/{id}',
      tag: 'generations',
      summary: 'A generation with its finished sections',
      description:
        'With API keys, the caller’s own only. Without keys, a draft made with no credential is open to whoever holds its id; one made from a browser session is that session’s only (404 to any other caller, as for every route of a draft). `usage` is what its model calls cost so far, every run, rewrite and review included: `promptTokens` and `completionTokens` as the provider reported them (`estimated` when some call had no usage, e.g. a stream stopped early: 4 characters a token), and `calls`.',
      security: 'apiKey',
      pathParams: idParam,
      responses: {
        200: { description: 'the generation', json: 'Generation' },
        400: { description: '`invalid_id`', json: 'Error' },
        404: { description: '`not_found` (also for another owner’s)', json: 'Error' },
      },
    },
    {
      method: 'get',
      path: '/api/generations/{id}/events',
      tag: 'generations',
      summary: 'Watch a generation being written (Server-Sent Events)',
      description: `${eventsDescription} Resumes after \`Last-Event-ID\`, or after \`?after=N\` on a fresh connection.`,
      security: 'apiKeyOrQuery',
      pathParams: idParam,
      query: eventStreamQuery,
      headers: [
        { name: 'Last-Event-ID', description: 'resume after this seq', schema: { type: 'string', pattern: '^\\d+$' } },
      ],
      responses: {
        200: sse('the event stream'),
        204: {
          description: 'nothing left: the run is over and the cursor is at its end (an EventSource stops reconnecting)',
        },
        400: { description: '`invalid_id` or `invalid_cursor`', json: 'Error' },
        429: {
          description: '`rate_limited`: more than MAX_STREAMS_PER_CLIENT open streams for this client or owner',
          json: 'Error',
        },
        404: { description: '`not_found` (also for another owner’s)', json: 'Error' },
      },
    },
    ...(['cancel', 'pause', 'resume', 'continue'] as const).map((action): OperationSpec => ({
      method: 'post',
      path: `/api/generations/{id}/${action}`,
      tag: 'generations',
      summary:
        action === 'continue'
          ? 'Continue a stopped generation'
          : `${action[0]?.toUpperCase()}${action.slice(1)} a generation`,
      description:
        action === 'continue'
          ? 'A stopped (cancelled) generation goes on as a new run through the same log: the section the stop cut short is reset and written again whole, then every section still missing. A model call; the draft counts as open again.'
          : 'Repeating it is harmless.',
      security: 'apiKey',
      ...(action === 'resume' || action === 'continue' ? { callsModel: true } : {}),
      pathParams: idParam,
      responses: {
        200: { description: 'the new status', json: 'CommandResult' },
        400: { description: '`invalid_id`', json: 'Error' },
        404: { description: '`not_found` (also for another owner’s)', json: 'Error' },
        409: {
          description: '`conflict`: it no longer applies (continue: the generation is not stopped)',
          json: 'Error',
        },
      },
    })),
    {
      method: 'post',
      path: '/api/generations/{id}/sections/{index}/regenerate',
      tag: 'generations',
      summary: 'Write one section again, optionally with an instruction',
      security: 'apiKey',
      callsModel: true,
      pathParams: {
        ...idParam,
        index: { schema: z.number().int().min(1), description: 'section number, from 1' },
      },
      body: { component: 'RegenerateSectionRequest' },
      responses: {
        202: { description: 'queued', json: 'RegenerateResult' },
        400: { description: '`invalid_id`, `invalid_section` or `invalid_request`', json: 'Error' },
        404: { description: '`not_found` (also for another owner’s)', json: 'Error' },
        409: { description: '`conflict`', json: 'Error' },
      },
    },
    {
      method: 'post',
      path: '/api/generations/{id}/share',
      tag: 'generations',
      summary: 'A read-only share link of the draft (the same one until it is revoked)',
      description:
        'The link (`/s/<token>`, a path on this server) shows the live page and the exports, and opens no command: nothing it serves (page, JSON, event stream, file names) holds the draft’s id, and its token is accepted nowhere else.',
      security: 'apiKey',
      pathParams: idParam,
      responses: {
        201: { description: 'the link', json: 'ShareLink' },
        400: { description: '`invalid_id`', json: 'Error' },
        404: { description: '`not_found` (also for another owner’s)', json: 'Error' },
      },
    },
    {
      method: 'delete',
      path: '/api/generations/{id}/share',
      tag: 'generations',
      summary: 'Revoke the share link (it answers 404 at once)',
      security: 'apiKey',
      pathParams: idParam,
      responses: {
        204: { description: 'revoked (or there was none)' },
        400: { description: '`invalid_id`', json: 'Error' },
        404: { description: '`not_found` (also for another owner’s)', json: 'Error' },
      },
    },
    ...(
      [
        [
          'md',
          'The finished sections as Markdown (`# Title`, the title block, then `## N. Title` and each section, then an agreement’s signature blocks)',
          'text/markdown',
        ],
        [
          'docx',
          'The finished sections as a Word document: the title block (title, business or parties, contact, effective date), numbered headings, lists, bold and italics, an agreement’s signature blocks, the business in the header, page numbers',
          DOCX_TYPE,
        ],
        [
          'pdf',
          'The finished sections as a PDF (A4): the title block, numbered headings (also its bookmarks), lists, bold and italics, an agreement’s signature blocks, the business in the header, page numbers',
          PDF_TYPE,
        ],
      ] as const
    ).map(([ext, summary, type]): OperationSpec => ({
      method: 'get',
      path: `/api/generations/{id}/document.${ext}`,
      tag: 'generations',
      summary,
      description:
        'A download (`content-disposition: attachment`) of what is finished so far. Share links have the same exports at `/s/{token}/document.' +
        ext +
        '`.',
      security: 'apiKey',
      pathParams: idParam,
      responses: {
        200: { description: 'the file', content: { [type]: { schema: { type: 'string', format: 'binary' } } } },
        400: { description: '`invalid_id`', json: 'Error' },
        404: { description: '`not_found` (also for another owner’s)', json: 'Error' },
        ...(ext === 'pdf' ? ({ 503: PDF_BUSY } as Record<number, ResponseSpec>) : {}),
      },
    })),
    {
      method: 'get',
      path: '/api/generations/{id}/sections/{index}/versions',
      tag: 'generations',
      summary: 'The kept texts of a section, newest first, as summaries: a page at a time',
      description: `Each version's number, title, source, instruction, date, length and first ${VERSION_EXCERPT_CHARS} characters; its text is read on its own (\`GET …/versions/{version}\`). \`nextBefore\`, when present, asks for the older ones (\`?before=\`). A section keeps its first version and its newest (\`SECTION_VERSIONS_MAX\` in all, 50 by default); those in between are pruned, oldest first.`,
      security: 'apiKey',
      pathParams: sectionParams(),
      query: versionsQuery,
      responses: {
        200: { description: 'a page of versions', json: 'SectionVersions' },
        400: { description: '`invalid_id`, `invalid_section`, `invalid_request` (`before`, `limit`)', json: 'Error' },
        404: { description: '`not_found` (also for another owner’s)', json: 'Error' },
      },
    },
    {
      method: 'get',
      path: '/api/generations/{id}/sections/{index}/versions/{version}',
      tag: 'generations',
      summary: 'One kept text of a section, whole',
      security: 'apiKey',
      pathParams: {
        ...sectionParams(),
        version: {
          schema: z.union([z.number().int().min(1), z.literal('latest')]),
          description: 'the version, or `latest` for the newest',
        },
      },
      responses: versionReadResponses({ description: 'the version', json: 'SectionVersion' }, 'version'),
    },
    {
      method: 'get',
      path: '/api/generations/{id}/sections/{index}/versions/{a}/diff/{b}',
      tag: 'generations',
      summary: 'Two kept texts of a section compared, word by word',
      description: `The words removed from version \`a\` and added in version \`b\`, compared on the text as the page renders it (Markdown marks such as \`**\` and \`#\` are not words), as parts and as escaped HTML. Either order; the same version twice shows it unchanged. Past ${DIFF_MAX_EDITS} words added and removed, the versions are shown as one text removed and the other added. The same owner rules as \`GET …/versions/{version}\`; not through a share link.`,
      security: 'apiKey',
      pathParams: {
        ...sectionParams(),
        a: { schema: z.number().int().min(1), description: 'the version compared from' },
        b: { schema: z.number().int().min(1), description: 'the version compared to' },
      },
      responses: versionReadResponses({ description: 'the comparison', json: 'VersionDiff' }, 'either version'),
    },
    {
      method: 'post',
      path: '/api/generations/{id}/sections/{index}/versions/{version}/restore',
      tag: 'generations',
      summary: "Make an earlier version the section's text again (as a new version)",
      description:
        'Viewers get it through the event log like any rewrite: `reset`, `section_start`, one `token`, `section_end`, then `status` and `done`. Not through a share link.',
      security: 'apiKey',
      pathParams: {
        ...sectionParams(),
        version: { schema: z.number().int().min(1), description: 'the version to restore' },
      },
      responses: {
        200: { description: 'restored', json: 'RegenerateResult' },
        400: { description: '`invalid_id`, `invalid_section`', json: 'Error' },
        404: { description: '`not_found`: no such generation (or another owner’s) or version', json: 'Error' },
        409: { description: '`conflict`: a run is going on', json: 'Error' },
        429: EDIT_QUOTA_REFUSAL,
      },
    },
    ...suggestionOperations(),
    {
      method: 'put',
      path: '/api/generations/{id}/sections/{index}',
      tag: 'generations',
      summary: "Save the owner's own text of a finished section (a live edit), over the version it started from",
      description: `Stores the text as a new version (source \`edited\`) when \`baseVersion\` is still the section's newest, for a generation at rest. Viewers get it through the event log like a restore: \`reset\`, \`section_start\`, one \`token\`, \`section_end\` with \`version\` and \`source\`, then \`status\` and \`done\` (follow a draft at rest with \`?follow=1\`). Line breaks are made LF and the text trimmed; at most ${SECTION_EDIT_MAX_CHARS} characters; control characters (but tab and newline), unpaired surrogates and noncharacters are refused (400 naming the field), and invisible formatting (bidi overrides and isolates, BOM, DEL and C1 controls) is dropped, line separators made newlines. The text the section already has answers 200 \`unchanged\` and adds nothing. Calls no model (no model limits), but counts against the edit quota (\`EDITS_PER_MIN\`, \`EDITS_PER_DAY\`), as a restore does. Not through a share link.`,
      security: 'apiKey',
      pathParams: sectionParams(),
      body: { component: 'EditSectionRequest' },
      responses: {
        200: { description: 'saved (or `unchanged`)', json: 'EditResult' },
        400: {
          description: '`invalid_id`, `invalid_section`, `invalid_json` or `invalid_request` (naming the field)',
          json: 'Error',
        },
        404: { description: '`not_found` (also for another owner’s)', json: 'Error' },
        409: {
          description:
            '`stale_version`: someone saved first (`latest` is the newest version); `conflict`: a run is going on, or the section has not been written',
          json: 'StaleVersion',
        },
        413: { description: '`payload_too_large`', json: 'Error' },
        429: EDIT_QUOTA_REFUSAL,
      },
    },
    {
      method: 'get',
      path: '/api/templates',
      tag: 'templates',
      summary: 'The templates, with the JSON Schema of their `details` and their sections',
      description:
        "Public. The sections listed are those without details: details add or remove some (see a generation's `outline`).",
      security: 'none',
      responses: { 200: { description: 'the catalog', json: 'TemplateCatalog' } },
    },
    {
      method: 'post',
      path: '/api/contract/tos/stream',
      tag: 'legacy',
      summary: "Terms of Service in the first product's data-only SSE format",
      description:
        'Creates an ordinary generation and streams it as unnamed `data:` messages (schema LegacyEvent). Each section is sent whole once it is final (one `content` with its heading, then `section_complete`), so a client of this format, which knows no reset, ends with exactly the stored document.',
      security: 'apiKey',
      callsModel: true,
      body: { component: 'LegacyStreamRequest' },
      responses: {
        200: sse('`data: {"type":"content",…,"sessionId":…}` messages, then `section_complete`, `complete` or `error`'),
        400: { description: '`invalid_json` or `invalid_request`', json: 'Error' },
      },
    },
    {
      method: 'post',
      path: '/api/webhooks/generations',
      tag: 'batches',
      summary: 'Start a batch of generations (signed webhook)',
      description:
        'Signed with Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature` over the raw body, secret `WEBHOOK_SECRET`); needs no API key. Results are POSTed, signed, to `callbackUrl`. What the headers alone can refuse is refused before the body is read (missing or malformed signature headers, a timestamp more than 5 minutes away, a declared size past WEBHOOK_BODY_LIMIT_BYTES); the body must then arrive within WEBHOOK_BODY_TIMEOUT_MS, and a process receives at most WEBHOOK_BODIES_IN_FLIGHT bodies larger than BODY_LIMIT_BYTES at once. Refusals close the connection.',
      security: 'webhook',
      headers: ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => ({
        name,
        description: 'Standard Webhooks header',
        schema: { type: 'string' },
      })),
      body: { component: 'BatchWebhookRequest' },
      responses: {
        202: { description: 'accepted (also for a redelivery of the same message)', json: 'BatchAccepted' },
        400: { description: '`invalid_json`, `invalid_request` or `invalid_callback_url`', json: 'Error' },
        401: { description: '`missing_signature`, `stale_timestamp` or `invalid_signature`', json: 'Error' },
        408: {
          description: '`request_timeout`: the body had not all arrived after WEBHOOK_BODY_TIMEOUT_MS',
          json: 'Error',
        },
        409: { description: '`conflict`: the webhook-id was used for another body', json: 'Error' },
        413: { description: '`payload_too_large`', json: 'Error' },
        503: {
          description:
            '`not_configured`; or `unavailable` (with Retry-After): WEBHOOK_BODIES_IN_FLIGHT large bodies are being received',
          json: 'Error',
        },
      },
    },
    {
      method: 'get',
      path: '/api/batches/{id}',
      tag: 'batches',
      summary: 'A batch and the status of its generations',
      security: 'apiKey',
      pathParams: { id: { schema: z.uuid(), description: 'batch id' } },
      responses: {
        200: { description: 'the batch', json: 'Batch' },
        400: { description: '`invalid_id`', json: 'Error' },
        404: { description: '`not_found` (also for another owner’s)', json: 'Error' },
      },
    },
    {
      method: 'get',
      path: '/api/batches/{id}/deliveries',
      tag: 'batches',
      summary: "Every attempt to deliver a batch's callback",
      security: 'apiKey',
      pathParams: { id: { schema: z.uuid(), description: 'batch id' } },
      responses: {
        200: { description: 'the attempts', json: 'BatchDeliveries' },
        400: { description: '`invalid_id`', json: 'Error' },
        404: { description: '`not_found` (also for another owner’s)', json: 'Error' },
      },
    },
    {
      method: 'get',
      path: '/',
      tag: 'pages',
      summary: 'Home page: start a draft, and the signed-in (or anonymous) session’s recent drafts',
      security: 'session',
      responses: { 200: { description: 'HTML', content: { 'text/html': {} } } },
    },
    {
      method: 'post',
      path: '/generations',
      tag: 'pages',
      summary: 'The start form (form-encoded, same origin), redirected to the new draft',
      security: 'session',
      callsModel: true,
      body: { contentType: 'application/x-www-form-urlencoded', schema: ref('CreateGenerationRequest') },
      responses: {
        303: { description: 'to `/generations/{id}`' },
        400: { description: 'the form again, with the problem', content: { 'text/html': {} } },
      },
    },
    {
      method: 'get',
      path: '/generations/{id}',
      tag: 'pages',
      summary: 'Watch and control one draft (htmx page)',
      security: 'session',
      pathParams: idParam,
      responses: { 200: { description: 'HTML', content: { 'text/html': {} } }, 404: { description: 'HTML' } },
    },
    {
      method: 'get',
      path: '/generations/{id}/sections/{index}',
      tag: 'pages',
      summary: 'One finished section rendered from Markdown (an HTML fragment)',
      security: 'session',
      pathParams: { ...idParam, index: { schema: z.number().int().min(1), description: 'section number' } },
      responses: {
        200: { description: 'HTML fragment', content: { 'text/html': {} } },
        404: { description: 'not found' },
      },
    },
    {
      method: 'get',
      path: '/generations/{id}/document.md',
      tag: 'pages',
      summary: 'The document as Markdown (a download)',
      security: 'session',
      pathParams: idParam,
      responses: {
        200: { description: 'Markdown', content: { 'text/markdown': {} } },
        404: { description: 'not found' },
      },
    },
    {
      method: 'get',
      path: '/generations/{id}/document.docx',
      tag: 'pages',
      summary: 'The document as a Word file (a download)',
      security: 'session',
      pathParams: idParam,
      responses: { 200: { description: 'Word', content: { [DOCX_TYPE]: {} } }, 404: { description: 'not found' } },
    },
    {
      method: 'get',
      path: '/generations/{id}/document.pdf',
      tag: 'pages',
      summary: 'The document as a PDF (a download)',
      security: 'session',
      pathParams: idParam,
      responses: {
        200: { description: 'PDF', content: { [PDF_TYPE]: {} } },
        404: { description: 'not found' },
        503: PDF_BUSY,
      },
    },
    {
      method: 'get',
      path: '/login',
      tag: 'pages',
      summary: 'The sign-in form of the pages (when API_KEYS is set; otherwise a redirect home)',
      security: 'none',
      responses: { 200: { description: 'HTML', content: { 'text/html': {} } }, 303: { description: 'home (no keys)' } },
    },
    {
      method: 'post',
      path: '/login',
      tag: 'pages',
      summary: 'Sign in with an API key (form fields `key`, `next`); sets the session cookie `cg_session`',
      description:
        'The session is stored server-side and lasts SESSION_TTL_HOURS from the sign-in (the cookie’s Max-Age); a session this browser had is revoked.',
      security: 'none',
      body: {
        contentType: 'application/x-www-form-urlencoded',
        schema: {
          type: 'object',
          properties: { key: { type: 'string' }, next: { type: 'string' } },
          required: ['key'],
        },
      },
      responses: {
        303: { description: 'to `next` (a path of this site)' },
        401: { description: 'not a key: the form again' },
        429: { description: 'too many attempts' },
      },
    },
    {
      method: 'post',
      path: '/logout',
      tag: 'pages',
      summary: 'End the page session',
      description:
        'Revokes a session signed in with a key server-side: its cookie, replayed, answers as signed out (401 on /api/*, the sign-in form on pages) on every API process.',
      security: 'none',
      responses: { 303: { description: 'to the sign-in form' } },
    },
    ...(
      [
        ['', 'A shared draft: the live page, read-only', 'text/html'],
        ['/generation', 'A shared draft as JSON (what the page polls), without its id or links', 'application/json'],
        ['/events', 'A shared draft’s event stream (as /api/generations/{id}/events)', 'text/event-stream'],
        ['/sections/{index}', 'One finished section of a shared draft (an HTML fragment)', 'text/html'],
        ['/document.md', 'A shared draft as Markdown', 'text/markdown'],
        ['/document.docx', 'A shared draft as a Word document', DOCX_TYPE],
        ['/document.pdf', 'A shared draft as a PDF', PDF_TYPE],
      ] as const
    ).map(([suffix, summary, type]): OperationSpec => ({
      method: 'get',
      path: `/s/{token}${suffix}`,
      tag: 'pages',
      summary,
      security: 'share',
      pathParams: {
        token: { schema: z.string(), description: 'the share token of the link' },
        ...(suffix.includes('{index}')
          ? { index: { schema: z.number().int().min(1), description: 'section number' } }
          : {}),
      },
      responses: {
        200: { description: summary, content: { [type]: {} } },
        404: { description: 'no such link, or revoked' },
      },
    })),
    ...[
      '/static/app.css',
      '/static/views/client/{file}',
      '/static/domain/{file}',
      '/static/views/i18n/{file}',
      '/static/{file}',
    ].map((path): OperationSpec => ({
      method: 'get',
      path,
      tag: 'pages',
      summary: 'Page assets (stylesheet, scripts, the catalogues of the page words)',
      security: 'none',
      ...(path.includes('{file}') ? { pathParams: { file: { schema: z.string(), description: 'file name' } } } : {}),
      responses: { 200: { description: 'the asset' }, 404: { description: 'no such asset' } },
    })),
    {
      method: 'get',
      path: '/healthz',
      tag: 'operations',
      summary: 'Liveness: the process answers',
      security: 'none',
      anyHost: true,
      responses: { 200: { description: 'alive', json: 'Health' } },
    },
    {
      method: 'get',
      path: '/readyz',
      tag: 'operations',
      summary: 'Readiness: Redis and Postgres reachable, migrations applied',
      security: 'none',
      anyHost: true,
      responses: {
        200: { description: 'ready', json: 'Readiness' },
        503: { description: 'unavailable, with the list of problems', json: 'Readiness' },
      },
    },
    {
      method: 'get',
      path: '/metrics',
      tag: 'operations',
      summary: 'Prometheus metrics of this process',
      description:
        'With METRICS_TOKEN: `Authorization: Bearer <METRICS_TOKEN>`. Without it: open when API_KEYS is unset, off (404) when set. The same rule holds on every worker’s WORKER_METRICS_PORT. Answered whatever the Host.',
      anyHost: true,
      security: 'metrics',
      responses: {
        200: { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } },
        401: { description: '`unauthorized`', json: 'Error' },
        404: { description: 'off (API_KEYS set, no METRICS_TOKEN)', json: 'Error' },
      },
    },
    {
      method: 'get',
      path: '/openapi.json',
      tag: 'operations',
      summary: 'This document',
      security: 'none',
      responses: {
        200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } },
      },
    },
    {
      method: 'get',
      path: '/docs',
      tag: 'operations',
      summary: 'This document as a page',
      security: 'none',
      responses: { 200: { description: 'HTML', content: { 'text/html': {} } } },
    },
    {
      method: 'get',
      path: '/docs/docs.css',
      tag: 'operations',
      summary: 'The stylesheet of /docs',
      security: 'none',
      responses: { 200: { description: 'CSS', content: { 'text/css': {} } } },
    },
    {
      method: 'get',
      path: '/admin/login',
      tag: 'operations',
      summary: 'The sign-in form of the queue dashboard (only when `ADMIN_TOKEN` is set)',
      security: 'none',
      responses: { 200: { description: 'HTML', content: { 'text/html': {} } }, 404: { description: 'dashboard off' } },
    },
    {
      method: 'get',
      path: '/admin/queues',
      tag: 'operations',
      summary: 'Queue dashboard (Bull Board)',
      description:
        'Only when `ADMIN_TOKEN` is set (404 otherwise). `Authorization: Bearer <ADMIN_TOKEN>`, or a session cookie from the sign-in form at `/admin/login`. The dashboard’s own routes live under `/admin/queues/`.',
      security: 'admin',
      responses: {
        200: { description: 'HTML' },
        401: { description: 'sign in first' },
        404: { description: 'dashboard off' },
      },
    },
    {
      method: 'post',
      path: '/admin/login',
      tag: 'operations',
      summary: 'Sign in to the queue dashboard (form field `token`); sets a session cookie',
      security: 'none',
      body: {
        contentType: 'application/x-www-form-urlencoded',
        schema: { type: 'object', properties: { token: { type: 'string' } }, required: ['token'] },
      },
      responses: {
        303: { description: 'to `/admin/queues`' },
        401: { description: 'wrong token' },
        429: { description: 'too many attempts' },
      },
    },
  ];
}

/** The suggestion routes (src/api/routes/suggestions.ts). */
// A table, like operations(): one entry per route.
function suggestionOperations(): OperationSpec[] {
  const sidParams = { ...idParam, sid: { schema: z.uuid(), description: 'suggestion id (a UUID)' } };
  const closeErrors = {
    400: { description: '`invalid_id`', json: 'Error' },
    404: { description: '`not_found`: no such generation (or another owner’s) or suggestion', json: 'Error' },
    409: { description: '`conflict`: the suggestion is not open, or a run is going on', json: 'Error' },
  };
  return [
    {
      method: 'get',
      path: '/api/generations/{id}/suggestions',
      tag: 'suggestions',
      summary: "The draft's suggestions (open, applied and dismissed), oldest first",
      security: 'apiKey',
      pathParams: idParam,
      responses: {
        200: { description: 'the suggestions', json: 'SuggestionList' },
        400: { description: '`invalid_id`', json: 'Error' },
        404: { description: '`not_found` (also for another owner’s)', json: 'Error' },
      },
    },
    {
      method: 'post',
      path: '/api/generations/{id}/suggestions',
      tag: 'suggestions',
      summary: 'Ask the model for concrete improvements of the whole draft, or of one section',
      description:
        'For a draft at rest (finished, paused, stopped or failed, with at least one finished section). The body is optional (none: the whole draft). A worker asks the model; viewers get `suggestions_start` (before this answer), one `suggestion` per proposal as it arrives, `suggestions_end`, then `status` and `done` with the status unchanged. At most 8 per request and 40 open per draft; a proposal already open is not added twice.',
      security: 'apiKey',
      callsModel: true,
      pathParams: idParam,
      body: { component: 'SuggestionsRequest' },
      responses: {
        202: { description: 'asked', json: 'SuggestionsRequested' },
        400: { description: '`invalid_id`, `invalid_section` or `invalid_request`', json: 'Error' },
        404: { description: '`not_found` (also for another owner’s)', json: 'Error' },
        409: {
          description: '`conflict`: a run is going on, no section is finished, or a request is being answered',
          json: 'Error',
        },
      },
    },
    {
      method: 'post',
      path: '/api/generations/{id}/suggestions/{sid}/apply',
      tag: 'suggestions',
      summary: "Rewrite the suggestion's section with its instruction, as a new run",
      description:
        'Like a regeneration of that section (the old text stays a version; the new one has source `suggested`). Viewers get `suggestion_closed` (outcome `applied`), then the rewrite streams.',
      security: 'apiKey',
      callsModel: true,
      pathParams: sidParams,
      responses: { 202: { description: 'the rewrite is queued', json: 'SuggestionCommandResult' }, ...closeErrors },
    },
    {
      method: 'post',
      path: '/api/generations/{id}/suggestions/{sid}/dismiss',
      tag: 'suggestions',
      summary: 'Dismiss an open suggestion',
      description:
        'Viewers get `suggestion_closed` (outcome `dismissed`), then `status` and `done` with the status unchanged.',
      security: 'apiKey',
      pathParams: sidParams,
      responses: { 200: { description: 'dismissed', json: 'SuggestionCommandResult' }, ...closeErrors },
    },
  ];
}
