// The page's static files, served by our own server (no CDN; the CSP allows only 'self').
//
// - htmx and its SSE extension come from the htmx.org package, a production dependency.
// - markdown-it's self-contained browser build (an ES module, no eval) renders the section being written
//   with the same rules as the server (src/domain/markdown-rules.ts); the client imports it dynamically.
// - The browser scripts are TypeScript in src/views/client/. `npm run build` compiles them with the rest
//   of the code, so dist/ (and the Docker image, which has no src/) serves the compiled .js. When the
//   server itself runs from source (tests, tsx), there is no .js next to it: the .ts is served with its
//   types stripped by Node's own stripTypeScriptTypes. Client files therefore use only erasable syntax.
// - The stylesheet is a TypeScript string module for the same reason: it must end up in dist/.
// - The browser scripts import the vocabulary (statuses, event types) and the document reducer from
//   src/domain/ itself, so
//   those few modules are served too, at the same relative place: /static/views/client/x.js imports
//   ../../domain/statuses.js, which the browser asks for as /static/domain/statuses.js.
// - The page's words (src/views/i18n/, one catalogue per language) are served the same way, at
//   /static/views/i18n/: the server's views and the browser scripts read the same catalogue.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as nodeModule from 'node:module';
import { APP_CSS } from './styles.js';
import { DOCUMENT_CSS } from './document-styles.js';

export const ASSET_PATHS = {
  css: '/static/app.css',
  htmx: '/static/htmx.min.js',
  htmxSse: '/static/hx-sse.js',
} as const;

const require = createRequire(import.meta.url);
const VENDOR_FILES: Record<string, string> = {
  'htmx.min.js': require.resolve('htmx.org/dist/htmx.min.js'),
  'hx-sse.js': require.resolve('htmx.org/dist/ext/hx-sse.js'),
  // The package's `./browser` export for `import`; resolved from package.json (require picks the UMD one).
  'markdown-it.js': join(dirname(require.resolve('markdown-it/package.json')), 'dist/browser/markdown-it.esm.min.mjs'),
};
/** Source-map comments point at files we do not serve: dropped, so devtools do not ask for them. */
const SOURCE_MAP_COMMENT = /\n\/\/# sourceMappingURL=\S+\s*$/;

const CLIENT_NAME = /^[a-z][a-z-]{0,40}$/;
/** The domain modules the browser scripts import: import-free (or type-only imports), erasable syntax. */
const BROWSER_DOMAIN_MODULES = [
  'statuses',
  'events',
  'document-reducer',
  'page-timing',
  'markdown-rules',
  'markdown-so-far',
  'run-reasons',
] as const;
/** The catalogue modules (src/views/i18n/): the words of every page, one module per language. */
const BROWSER_I18N_MODULES = ['catalogue', 'en', 'fr'] as const;
const cache = new Map<string, string>();

export const stylesheet = (): string => APP_CSS + DOCUMENT_CSS;

/** htmx, one of its extensions or markdown-it, by file name; undefined for anything else. */
export async function vendorScript(name: string): Promise<string | undefined> {
  const path = VENDOR_FILES[name];
  if (path === undefined) return undefined;
  return cached(`vendor:${name}`, async () => (await readFile(path, 'utf8')).replace(SOURCE_MAP_COMMENT, '\n'));
}

/** One of our browser modules (`name` without extension); undefined when there is none by that name. */
export async function clientScript(name: string): Promise<string | undefined> {
  if (!CLIENT_NAME.test(name)) return undefined;
  return cached(`client:${name}`, () => moduleSource(`./client/${name}`));
}

/** One of the domain modules the browser scripts import; undefined for any other name. */
export async function domainScript(name: string): Promise<string | undefined> {
  if (!(BROWSER_DOMAIN_MODULES as readonly string[]).includes(name)) return undefined;
  return cached(`domain:${name}`, () => moduleSource(`../domain/${name}`));
}

/** One of the catalogue modules; undefined for any other name. */
export async function i18nScript(name: string): Promise<string | undefined> {
  if (!(BROWSER_I18N_MODULES as readonly string[]).includes(name)) return undefined;
  return cached(`i18n:${name}`, () => moduleSource(`./i18n/${name}`));
}

/** The compiled .js beside this file, or (running from source) the .ts with its types stripped. */
async function moduleSource(relative: string): Promise<string | undefined> {
  const js = await readFile(new URL(`${relative}.js`, import.meta.url), 'utf8').catch(() => undefined);
  if (js !== undefined) return js;
  const source = await readFile(new URL(`${relative}.ts`, import.meta.url), 'utf8').catch(() => undefined);
  return source === undefined ? undefined : stripTypes(source);
}

async function cached(key: string, load: () => Promise<string | undefined>): Promise<string | undefined> {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const value = await load();
  if (value !== undefined) cache.set(key, value);
  return value;
}

function stripTypes(source: string): string {
  // Only reached when running from source; Node warns once that the function is experimental.
  const strip = (nodeModule as unknown as { stripTypeScriptTypes: (code: string, options?: object) => string })
    .stripTypeScriptTypes;
  return strip(source, { mode: 'strip' });
}
