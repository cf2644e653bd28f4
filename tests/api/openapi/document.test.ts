import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../../../src/api/app.js';
import {
  editResultView,
  staleVersionView,
  commandResultView,
  createdGenerationView,
  createGenerationRequest,
  errorView,
  generationDetailView,
  generationListView,
  healthView,
  readinessView,
} from '../../../src/api/schemas.js';
import { readEvents } from '../../support/sse-client.js';
import { getJson, postJson, waitForStatus, startStack, type Stack } from '../../support/stack.js';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, any> };
};

let stack: Stack;
let doc: Doc;
beforeAll(async () => {
  // A prompt limit of our own, and the dashboard on, to see both reflected in the document.
  stack = await startStack({ tokensPerSec: 0, env: { PROMPT_MAX_CHARS: '1234', ADMIN_TOKEN: 'openapi-admin-token' } });
  doc = (await getJson(`${stack.apiUrl}/openapi.json`)).body as Doc;
});
afterAll(() => stack.close());

/** Hono's `/a/:id` as OpenAPI's `/a/{id}`. */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

describe('/openapi.json', () => {
  it('is an OpenAPI 3.1 document', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).length).toBeGreaterThan(15);
  });

  it('describes every route the app serves', () => {
    const app = createApp(stack.api[0]!);
    const served = new Set<string>();
    for (const route of app.routes) {
      if (route.method === 'ALL') continue; // middleware
      // The dashboard's own routes are Bull Board's; the document describes its entry point.
      if (route.path.startsWith('/admin/queues/')) continue;
      served.add(`${route.method.toLowerCase()} ${openApiPath(route.path)}`);
    }
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)),
    );
    const missing = [...served].filter((r) => !documented.has(r));
    expect(missing).toEqual([]);
    // And nothing documented that is not served (besides the dashboard's entry, which Bull Board serves).
    const extra = [...documented].filter((r) => !served.has(r) && r !== 'get /admin/queues');
    expect(extra).toEqual([]);
  });

  it('is generated from the zod schemas that validate the requests', () => {
    const request = doc.components.schemas.CreateGenerationRequest;
    const { $schema: _s, ...fromZod } = z.toJSONSchema(createGenerationRequest(1234), { io: 'input' }) as Record<
      string,
      unknown
    >;
    expect(request).toEqual(fromZod);
    // The configured limit, not a copy of a default.
    expect(request.properties.prompt.maxLength).toBe(1234);
    expect(doc.paths['/api/generations']!.post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CreateGenerationRequest',
    });
    expect(doc.paths['/api/generations']!.get.parameters).toEqual([
      expect.objectContaining({
        name: 'limit',
        in: 'query',
        required: false,
        schema: expect.objectContaining({ maximum: 100 }),
      }),
      expect.objectContaining({ name: 'q', in: 'query', schema: expect.objectContaining({ maxLength: 200 }) }),
      expect.objectContaining({ name: 'cursor', in: 'query', required: false }),
    ]);
    expect(doc.paths['/api/generations/{id}']!.get.parameters[0]).toMatchObject({
      name: 'id',
      in: 'path',
      required: true,
    });
    expect(doc.paths['/api/generations']!.post.responses['429']).toBeDefined();
    // Every $ref points at a component.
    const refs = JSON.stringify(doc).match(/"#\/components\/schemas\/([^"]+)"/g) ?? [];
    for (const r of refs) expect(doc.components.schemas[r.slice(22, -1)], r).toBeDefined();
  });

  it('matches what the routes answer', async () => {
    const strict = <T extends z.ZodObject>(schema: T) => schema.strict();
    const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'An OpenAPI check', template: 'nda' });
    expect(created.status).toBe(202);
    strict(createdGenerationView).parse(created.body);
    await readEvents(`${stack.apiUrl}/api/generations/${created.body.id}/events`);
    const generation = await waitForStatus(stack.apiUrl, created.body.id, ['completed']);
    strict(generationDetailView).parse(generation);
    generationListView.parse((await getJson(`${stack.apiUrl}/api/generations?limit=3`)).body);
    // A live edit, then a save on its old base.
    const edit = async (content: string) =>
      fetch(`${stack.apiUrl}/api/generations/${created.body.id}/sections/1`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ content, baseVersion: 1 }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as unknown }));
    const saved = await edit('An edited section.');
    expect(saved.status).toBe(200);
    strict(editResultView).parse(saved.body);
    const stale = await edit('Saved on an old base.');
    expect(stale.status).toBe(409);
    staleVersionView.strict().parse(stale.body);
    // Too late to cancel a finished one: 409 in the error envelope; a fresh one can be.
    const late = await postJson(`${stack.apiUrl}/api/generations/${created.body.id}/cancel`, {});
    expect(late.status).toBe(409);
    errorView.strict().parse(late.body);
    const fresh = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'cancel me [[sim:tps=20]]' });
    const cancelled = await postJson(`${stack.apiUrl}/api/generations/${fresh.body.id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    commandResultView.strict().parse(cancelled.body);
    errorView.strict().parse((await postJson(`${stack.apiUrl}/api/generations`, { prompt: '' })).body);
    healthView.parse((await getJson(`${stack.apiUrl}/healthz`)).body);
    readinessView.parse((await getJson(`${stack.apiUrl}/readyz`)).body);
  });
});

describe('/docs', () => {
  it('renders the document as a self-contained page: no script, no other origin', async () => {
    const response = await fetch(`${stack.apiUrl}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await response.text();
    expect(html).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)/);
    for (const path of Object.keys(doc.paths)) expect(html).toContain(`<code>${path}</code>`);
    expect(html).toContain('id="schema-CreateGenerationRequest"');
    const css = await fetch(`${stack.apiUrl}/docs/docs.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });
});
