import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { staticAssetRoutes } from '../../../src/api/routes/static-assets.js';

// The browser scripts come from our own origin (the CSP allows only 'self', no eval). markdown-it's browser
// build renders the section being written with the rules the domain modules served next to it define.

const app = staticAssetRoutes();

async function script(path: string): Promise<{ status: number; type: string | null; body: string }> {
  const response = await app.request(path);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

describe('the static assets the generation page needs', () => {
  it('serves markdown-it as a self-contained ES module that needs no eval', async () => {
    const { status, type, body } = await script('/markdown-it.js');
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/javascript/);
    expect(body).toMatch(/export\s*\{\s*\w+ as default\s*\}/);
    expect(body).not.toMatch(/^\s*import\s/m); // nothing for the browser to resolve
    expect(body).not.toMatch(/\beval\(|new Function\(|\bFunction\(/);
    expect(body).not.toContain('sourceMappingURL'); // no request for a map we do not serve
  });

  it('serves the shared Markdown rules and the live rendering as import-free modules', async () => {
    for (const name of ['markdown-rules', 'markdown-so-far']) {
      const { status, body } = await script(`/domain/${name}.js`);
      expect(status, name).toBe(200);
      expect(body, name).not.toMatch(/^\s*import\s/m);
      expect(body, name).toMatch(/export (const|function)/);
    }
  });

  it('serves every browser script, with its types stripped (client files use only erasable syntax)', async () => {
    const files = await readdir(new URL('../../../src/views/client/', import.meta.url));
    const names = files.filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      const { status, body } = await script(`/views/client/${name}.js`);
      expect(status, name).toBe(200);
      expect(body, name).not.toMatch(/^\s*import type\s/m);
    }
  });

  it('serves the catalogues of the page words, which import only each other and the run reasons', async () => {
    for (const name of ['catalogue', 'en', 'fr']) {
      const { status, body } = await script(`/views/i18n/${name}.js`);
      expect(status, name).toBe(200);
      const imports = [...body.matchAll(/^\s*import\s.*from\s+'([^']+)'/gm)].map((m) => m[1]);
      for (const from of imports) expect(from, name).toMatch(/^(\.\/(en|fr)|\.\.\/\.\.\/domain\/run-reasons)\.js$/);
    }
    expect((await script('/domain/run-reasons.js')).status).toBe(200);
    expect((await script('/views/i18n/details.js')).status).toBe(404);
  });

  it('answers 404 for any other domain module or vendor file', async () => {
    expect((await script('/domain/markdown.js')).status).toBe(404);
    expect((await script('/markdown-it.min.js')).status).toBe(404);
  });
});
