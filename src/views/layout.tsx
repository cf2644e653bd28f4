import type { Child } from 'hono/jsx';
import { ASSET_PATHS } from './assets.js';
import { textFor, type PageLanguage } from './i18n/catalogue.js';

export interface LayoutProps {
  title: string;
  /** The page's one language: every word of it (and of its scripts, which read <html lang>) is in it. */
  lang: PageLanguage;
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
export function Layout({ title, lang, simulated, script, children }: LayoutProps) {
  const t = textFor(lang);
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* Light and dark: the stylesheet follows prefers-color-scheme. */}
        <meta name="color-scheme" content="light dark" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <title>{`${title} · ${t.siteName}`}</title>
        {/* No favicon request: an empty data: icon (img-src allows data:). */}
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={ASSET_PATHS.css} />
        <script defer src={ASSET_PATHS.htmx}></script>
        <script defer src={ASSET_PATHS.htmxSse}></script>
        {script ? <script type="module" src={`/static/views/client/${script}.js`}></script> : null}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t.skipToContent}
        </a>
        <header class="site-header">
          <a class="brand" href="/">
            <span class="brand-mark" aria-hidden="true">
              §
            </span>{' '}
            {t.siteName}
          </a>
          {simulated ? (
            <p class="banner banner-sim" role="note">
              <strong>{t.simulatedTitle}</strong> {t.simulatedText}
            </p>
          ) : null}
        </header>
        <main id="main" tabindex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <p>
            {t.footerBefore}
            <strong>{t.footerStrong}</strong>
            {t.footerAfter}
          </p>
        </footer>
      </body>
    </html>
  );
}
