import { Hono } from 'hono';
import { detailsJsonSchema, LANGUAGES } from '../../domain/details.js';
import { documentName, resolveOutline } from '../../domain/outlines.js';
import { TEMPLATE_IDS } from '../../domain/templates.js';
import type { AppEnv } from '../deps.js';

/** The templates clients can ask for: each one's details (JSON Schema) and default sections per language. */
function templateCatalog() {
  return {
    templates: TEMPLATE_IDS.map((id) => ({
      id,
      names: Object.fromEntries(LANGUAGES.map((language) => [language, documentName(id, language)])),
      details: detailsJsonSchema(id),
      // With no details; the details add or remove sections (the generation's `outline` is the real list).
      sections: Object.fromEntries(LANGUAGES.map((language) => [language, resolveOutline(id, {}, language)])),
    })),
  };
}

/** `GET /api/templates`: public, like the OpenAPI document (it says nothing about anyone's drafts). */
export function templateRoutes() {
  const catalog = templateCatalog();
  const app = new Hono<AppEnv>();
  app.get('/', (c) => c.json(catalog, 200, { 'cache-control': 'public, max-age=300' }));
  return app;
}
