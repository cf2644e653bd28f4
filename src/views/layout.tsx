import type { Child } from 'hono/jsx';
import { ASSET_PATHS } from './assets.js';

export interface LayoutProps {
  title: string;
  /** Runs on the simulated model: said on every page. */
  simulated: boolean;
  /** The page's own module script under /static/views/client/, if any. */
  script?: string;
  children?: Child;
}

// htmx reads its settings from this meta tag (no inline script needed under our CSP). History handling is
// off because no request pushes URLs through htmx, and the indicator stylesheet is ours (app.css).
const HTMX_CONFIG = JSON.stringify({ history: false, includeIndicatorCSS: false });

/** The HTML shell every page shares: header, honest labels, footer, and only same-origin scripts. */
export function Layout({ title, simulated, script, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <title>{title} · Contract Generator</title>
        {/* No favicon request: an empty data: icon (img-src allows data:). */}
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={ASSET_PATHS.css} />
        <script defer src={ASSET_PATHS.htmx}></script>
        <script defer src={ASSET_PATHS.htmxSse}></script>
        {script ? <script type="module" src={`/static/views/client/${script}.js`}></script> : null}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <a class="brand" href="/">
            <span class="brand-mark" aria-hidden="true">
              §
            </span>{' '}
            Contract Generator
          </a>
          {simulated ? (
            <p class="banner banner-sim" role="note">
              <strong>Simulated model.</strong> No OpenAI key is configured: the text below is produced by a local
              simulator, not by a language model.
            </p>
          ) : null}
        </header>
        <main id="main" tabindex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <p>
            Drafts are produced by software and are <strong>not legal advice</strong>. Have a qualified lawyer review
            any document before you rely on it.
          </p>
        </footer>
      </body>
    </html>
  );
}
