import { Hono } from 'hono';
import type { AppEnv } from '../deps.js';
import { clientScript, domainScript, i18nScript, stylesheet, vendorScript } from '../../views/assets.js';

const JS = 'text/javascript; charset=utf-8';
// Short enough that a deploy is picked up quickly, long enough that a page view costs no asset requests.
const CACHE = 'public, max-age=300';

/** The page's stylesheet and scripts, from our own origin (the CSP allows nothing else). */
export function staticAssetRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/app.css', (c) =>
    c.body(stylesheet(), 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': CACHE }),
  );

  // Our modules, at the same relative places as in src/ so that their imports resolve in the browser.
  for (const [path, load] of [
    ['/views/client/:file', clientScript],
    ['/views/i18n/:file', i18nScript],
    ['/domain/:file', domainScript],
  ] as const) {
    app.get(path, async (c) => {
      const match = /^([a-z-]+)\.js$/.exec(c.req.param('file'));
      const script = match?.[1] === undefined ? undefined : await load(match[1]);
      if (script === undefined) return c.text('not found', 404);
      return c.body(script, 200, { 'content-type': JS, 'cache-control': CACHE });
    });
  }

  app.get('/:file', async (c) => {
    const script = await vendorScript(c.req.param('file'));
    if (script === undefined) return c.text('not found', 404);
    return c.body(script, 200, { 'content-type': JS, 'cache-control': 'public, max-age=86400' });
  });

  return app;
}
