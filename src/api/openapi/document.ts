import { z } from 'zod';
import {
  commandResultView,
  createdGenerationView,
  createGenerationRequest,
  errorView,
  eventDataViews,
  suggestionCommandView,
  suggestionListView,
  suggestionRequest,
  suggestionsRequestedView,
  generationDetailView,
  generationListView,
  healthView,
  legacyEventView,
  legacyStreamRequest,
  readinessView,
  regenerateRequest,
  editSectionRequest,
  editResultView,
  staleVersionView,
  regenerateResultView,
  shareLinkView,
  templateCatalogView,
  sectionVersionsView,
  sectionVersionView,
  versionDiffView,
  renameRequest,
  renamedView,
} from '../schemas.js';
import { batchWebhookBody } from '../../webhooks/schemas.js';
import { DETAILS_SCHEMAS } from '../../domain/details.js';
import { TEMPLATE_IDS } from '../../domain/templates.js';
import { batchAcceptedView, batchDeliveriesView, batchView } from './batch-views.js';
import { operations, ref, type Json, type OperationSpec, type ResponseSpec } from './operations.js';

// The OpenAPI 3.1 document of the service, generated from the zod schemas the handlers validate
// with (src/api/schemas.ts, src/webhooks/schemas.ts) by zod's own JSON Schema output, which is the
// dialect OpenAPI 3.1 uses. tests/api/openapi/document.test.ts checks that every route of the app is here
// and that real responses match their schemas.

export interface OpenApiSettings {
  PROMPT_MAX_CHARS: number;
  API_KEYS: readonly string[];
  ADMIN_TOKEN?: string | undefined;
  RATE_LIMIT_PER_MIN: number;
  MAX_OPEN_GENERATIONS: number;
  ALLOWED_HOSTS: readonly string[];
  SESSION_TTL_HOURS: number;
}

/** Drops the keys zod adds for standalone documents; OpenAPI components carry no $schema/$id. */
function clean(schema: Json): Json {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

const toJson = (schema: z.ZodType, io: 'input' | 'output') =>
  clean(z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json);

function components(settings: OpenApiSettings): Record<string, Json> {
  const inputs = z.registry<{ id: string }>();
  inputs.add(createGenerationRequest(settings.PROMPT_MAX_CHARS), { id: 'CreateGenerationRequest' });
  inputs.add(legacyStreamRequest(settings.PROMPT_MAX_CHARS), { id: 'LegacyStreamRequest' });
  inputs.add(regenerateRequest, { id: 'RegenerateSectionRequest' });
  inputs.add(editSectionRequest, { id: 'EditSectionRequest' });
  inputs.add(suggestionRequest, { id: 'SuggestionsRequest' });
  inputs.add(renameRequest, { id: 'RenameRequest' });
  // The `details` of each template: the schemas the request's `details` is checked against.
  for (const template of TEMPLATE_IDS) inputs.add(DETAILS_SCHEMAS[template], { id: `Details_${template}` });
  inputs.add(batchWebhookBody(settings.PROMPT_MAX_CHARS), { id: 'BatchWebhookRequest' });

  const outputs = z.registry<{ id: string }>();
  outputs.add(generationDetailView, { id: 'Generation' });
  outputs.add(generationListView, { id: 'GenerationList' });
  outputs.add(createdGenerationView, { id: 'CreatedGeneration' });
  outputs.add(commandResultView, { id: 'CommandResult' });
  outputs.add(regenerateResultView, { id: 'RegenerateResult' });
  outputs.add(editResultView, { id: 'EditResult' });
  outputs.add(staleVersionView, { id: 'StaleVersion' });
  outputs.add(shareLinkView, { id: 'ShareLink' });
  outputs.add(templateCatalogView, { id: 'TemplateCatalog' });
  outputs.add(sectionVersionsView, { id: 'SectionVersions' });
  outputs.add(sectionVersionView, { id: 'SectionVersion' });
  outputs.add(versionDiffView, { id: 'VersionDiff' });
  outputs.add(renamedView, { id: 'Renamed' });
  outputs.add(suggestionListView, { id: 'SuggestionList' });
  outputs.add(suggestionsRequestedView, { id: 'SuggestionsRequested' });
  outputs.add(suggestionCommandView, { id: 'SuggestionCommandResult' });
  outputs.add(errorView, { id: 'Error' });
  outputs.add(healthView, { id: 'Health' });
  outputs.add(readinessView, { id: 'Readiness' });
  outputs.add(legacyEventView, { id: 'LegacyEvent' });
  outputs.add(batchAcceptedView, { id: 'BatchAccepted' });
  outputs.add(batchView, { id: 'Batch' });
  outputs.add(batchDeliveriesView, { id: 'BatchDeliveries' });
  for (const [type, schema] of Object.entries(eventDataViews)) outputs.add(schema, { id: `Event_${type}` });

  const uri = (id: string) => `#/components/schemas/${id}`;
  const all: Record<string, Json> = {};
  for (const [registry, io] of [
    [inputs, 'input'],
    [outputs, 'output'],
  ] as const) {
    const { schemas } = z.toJSONSchema(registry, { io, uri, unrepresentable: 'any' }) as {
      schemas: Record<string, Json>;
    };
    for (const [id, schema] of Object.entries(schemas)) all[id] = clean(schema);
  }
  return all;
}

function parametersOf(op: OperationSpec): Json[] {
  const params: Json[] = [];
  for (const [name, p] of Object.entries(op.pathParams ?? {})) {
    params.push({ name, in: 'path', required: true, description: p.description, schema: toJson(p.schema, 'input') });
  }
  for (const [name, field] of Object.entries(op.query?.shape ?? {})) {
    const schema = field as z.ZodType;
    params.push({
      name,
      in: 'query',
      // Optional fields and fields with a default both accept absence.
      required: !schema.safeParse(undefined).success,
      ...(schema.description ? { description: schema.description } : {}),
      schema: toJson(schema, 'input'),
    });
  }
  for (const h of op.headers ?? [])
    params.push({ name: h.name, in: 'header', description: h.description, schema: h.schema });
  return params;
}

function responsesOf(op: OperationSpec, settings: OpenApiSettings): Json {
  const out: Json = {};
  const extra: Record<number, ResponseSpec> = {};
  const keyed = op.security === 'apiKey' || op.security === 'apiKeyOrQuery';
  if (keyed)
    extra[401] = {
      description: '`unauthorized`: missing or unknown API key (only when API_KEYS is set)',
      json: 'Error',
    };
  if (op.callsModel) {
    extra[429] = {
      description: `\`rate_limited\`: more than ${settings.RATE_LIMIT_PER_MIN || 'the'} model calls per minute (this request takes the first call of its run, the worker each further one), or ${settings.MAX_OPEN_GENERATIONS || 'too many'} open generations, for this owner (or client address without keys); \`token_budget_exceeded\`: the owner spent its TOKEN_BUDGET_PER_DAY today (Retry-After: until 00:00 UTC)`,
      json: 'Error',
      headers: { 'Retry-After': { schema: { type: 'integer' } } },
    };
  }
  if (op.path.startsWith('/api/')) {
    extra[503] = {
      description: `\`unavailable\`: Postgres or Redis is down or did not answer in time${op.callsModel ? ' (or the limits could not be checked)' : ''}; retry after Retry-After`,
      json: 'Error',
      headers: { 'Retry-After': { schema: { type: 'integer' } } },
    };
  }
  if (!op.anyHost && !settings.ALLOWED_HOSTS.includes('*')) {
    extra[421] = {
      description: `\`misdirected_request\`: the Host header is not one of ALLOWED_HOSTS (${settings.ALLOWED_HOSTS.join(', ')})`,
      json: 'Error',
    };
  }
  if (op.path.startsWith('/api/') && op.method === 'post' && op.security !== 'webhook' && op.body) {
    extra[413] ??= { description: '`payload_too_large`', json: 'Error' };
  }
  for (const [status, r] of Object.entries({ ...extra, ...op.responses })) {
    const content = r.json ? { 'application/json': { schema: ref(r.json) } } : r.content;
    const headers: Json = { ...(r.headers ?? {}) };
    if (op.callsModel && status.startsWith('2') && settings.RATE_LIMIT_PER_MIN > 0) {
      for (const name of ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy'])
        headers[name] = { schema: { type: 'string' } };
    }
    out[status] = {
      description: r.description,
      ...(content ? { content } : {}),
      ...(Object.keys(headers).length ? { headers } : {}),
    };
  }
  return out;
}

function securityOf(op: OperationSpec, settings: OpenApiSettings): Json[] | undefined {
  if (op.security === 'admin') return [{ adminToken: [] }, { adminSession: [] }];
  if (op.security === 'webhook' || op.security === 'none' || op.security === 'share') return [];
  if (op.security === 'metrics') return [{ metricsToken: [] }];
  if (settings.API_KEYS.length === 0) return op.security === 'session' ? [{ session: [] }] : [];
  if (op.security === 'session') return [{ session: [] }];
  return op.security === 'apiKeyOrQuery'
    ? [{ apiKey: [] }, { accessToken: [] }, { session: [] }]
    : [{ apiKey: [] }, { session: [] }];
}

// The document's parts in the order OpenAPI lays them out: paths from the table, then components.
export function buildOpenApiDocument(settings: OpenApiSettings): Json {
  const paths: Record<string, Json> = {};
  for (const op of operations()) {
    const body = op.body
      ? 'component' in op.body
        ? { required: true, content: { 'application/json': { schema: ref(op.body.component) } } }
        : { required: true, content: { [op.body.contentType]: { schema: op.body.schema } } }
      : undefined;
    const params = parametersOf(op);
    const security = securityOf(op, settings);
    const pathItem = paths[op.path] ?? {};
    paths[op.path] = pathItem;
    pathItem[op.method] = {
      operationId: `${op.method}${op.path.replace(/\{(\w+)\}/g, 'By_$1').replace(/[^A-Za-z0-9]+(.)?/g, (_, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(body ? { requestBody: body } : {}),
      responses: responsesOf(op, settings),
      ...(security !== undefined ? { security } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Contract Generator',
      version: '1.0.0',
      description:
        'Drafts legal documents with an LLM and streams them as they are written. Errors are `{ "error": { "code", "message" } }`.' +
        (settings.API_KEYS.length
          ? ' This server requires an API key (or a page session) on /api/* (except the signed webhook); every draft belongs to its owner, and another owner’s id answers 404.'
          : ' This server has no API keys: a draft made with no credential at all is open to whoever holds its id and is never listed (a client without a credential lists nothing); a draft made from a browser (its anonymous `cg_session`) is that browser’s only, and any other caller gets 404 for it (a share link gives it to read).') +
        ` A share link’s page and JSON never show the draft’s id. Page sessions last ${settings.SESSION_TTL_HOURS} hours from their start; signing out revokes one on every process.`,
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    tags: ['generations', 'suggestions', 'templates', 'legacy', 'batches', 'pages', 'operations'].map((name) => ({
      name,
    })),
    paths,
    components: {
      schemas: components(settings),
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'one of API_KEYS' },
        accessToken: {
          type: 'apiKey',
          in: 'query',
          name: 'access_token',
          description: 'one of API_KEYS, on the event stream only',
        },
        adminToken: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' },
        adminSession: { type: 'apiKey', in: 'cookie', name: 'cg_admin', description: 'set by POST /admin/login' },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'cg_session',
          description:
            'the page session (POST /login with API_KEYS, revoked by POST /logout; anonymous without keys); commands with it must come from this site',
        },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN' },
      },
    },
  };
}
