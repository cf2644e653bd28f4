import { Hono } from 'hono';
import { buildOpenApiDocument } from '../openapi/document.js';
import { DOCS_CSS, renderDocsPage } from '../openapi/docs-page.js';
import type { ApiDeps, AppEnv } from '../deps.js';

const DOCS_CSP = "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** `GET /openapi.json` (OpenAPI 3.1, from the request schemas) and `GET /docs`, a page rendering it. */
export function openapiRoutes(deps: ApiDeps) {
  const app = new Hono<AppEnv>();
  // Built once: it depends only on the configuration.
  const document = buildOpenApiDocument(deps.config);
  const page = renderDocsPage(document);
  app.get('/openapi.json', (c) => c.json(document));
  app.get('/docs', (c) => {
    c.header('content-security-policy', DOCS_CSP);
    c.header('x-content-type-options', 'nosniff');
    return c.html(page);
  });
  app.get('/docs/docs.css', (c) =>
    c.body(DOCS_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
  );
  return app;
}
