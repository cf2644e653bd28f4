// The page chrome: layout, header, forms, controls, status badge and progress. The document itself is
// styled in document-styles.ts. Served as /static/app.css (see assets.ts for why it is a TS module).
// Only system fonts: no request leaves our origin.

export const APP_CSS = /* css */ `
:root {
  --paper: #fbf9f4; --card: #ffffff; --ink: #1f2328; --muted: #5b6270; --rule: #e3ded2;
  --accent: #1f4e79; --accent-soft: #e6eef6; --ok: #1d6b3a; --ok-soft: #e4f3e9;
  --warn: #7a4e00; --warn-soft: #fff1cc; --danger: #9b1c1c; --danger-soft: #fde8e8;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --serif: "Iowan Old Style", "Palatino Linotype", Palatino, "Book Antiqua", Georgia, "Times New Roman", serif;
  --radius: 10px;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--paper); color: var(--ink); font: 16px/1.5 var(--sans); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; border-radius: 4px; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip-link { position: absolute; left: -999px; top: 0; background: var(--ink); color: #fff; padding: .5rem 1rem; z-index: 10; }
.skip-link:focus { left: .5rem; }

.site-header { border-bottom: 1px solid var(--rule); background: var(--card); }
.brand { display: inline-block; padding: .9rem 1.25rem; font-weight: 650; color: var(--ink); text-decoration: none; letter-spacing: .01em; }
.brand-mark { font-family: var(--serif); color: var(--accent); font-size: 1.25em; }
.banner { margin: 0; padding: .55rem 1.25rem; font-size: .9rem; }
.banner-sim { background: var(--warn-soft); color: var(--warn); border-top: 1px solid #f0dca0; }
main { max-width: 76rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; outline: none; }
.site-footer { border-top: 1px solid var(--rule); color: var(--muted); font-size: .875rem; padding: 1rem 1.25rem 2rem; text-align: center; }
.site-footer p { max-width: 60ch; margin: 0 auto; }

h1 { font-family: var(--serif); font-weight: 600; font-size: clamp(1.7rem, 4vw, 2.4rem); line-height: 1.15; margin: .2rem 0 .5rem; }
.eyebrow { text-transform: uppercase; letter-spacing: .08em; font-size: .75rem; color: var(--muted); margin: 0; }
.lede { color: var(--muted); max-width: 60ch; margin-top: 0; }

/* Forms and buttons */
.card { background: var(--card); border: 1px solid var(--rule); border-radius: var(--radius); padding: 1.25rem; }
.field { display: grid; gap: .35rem; margin-bottom: 1rem; }
.details-fields { margin-bottom: 1rem; }
.versions-list { padding-left: 1.2rem; }
.version .version-text { white-space: pre-wrap; font-size: .85rem; }
.suggestions-list { padding-left: 1.2rem; display: grid; gap: .6rem; }
.suggestions-list:empty { display: none; }
.suggestion p { margin: 0 0 .3rem; }
.suggestion-section { font-weight: 600; }
.suggest-form { display: grid; gap: .4rem; margin-bottom: .5rem; }
.details-fields fieldset { border: 1px solid #d6d3cc; border-radius: .4rem; margin: .75rem 0; padding: .5rem 1rem; }
/* Only the chosen template's own fields (the form posts them all; the server reads the chosen one's). */
form:has(#template option[value="terms-of-service"]:checked) fieldset[data-template]:not([data-template="terms-of-service"]),
form:has(#template option[value="privacy-policy"]:checked) fieldset[data-template]:not([data-template="privacy-policy"]),
form:has(#template option[value="nda"]:checked) fieldset[data-template]:not([data-template="nda"]) { display: none; }
label, .label { font-weight: 600; font-size: .95rem; }
select, textarea, input[type="text"] { font: inherit; color: inherit; width: 100%; padding: .6rem .7rem; border: 1px solid #c9c3b5; border-radius: 8px; background: #fff; }
textarea { resize: vertical; min-height: 9rem; line-height: 1.45; }
.hint { color: var(--muted); font-size: .85rem; margin: 0; }
.counter { font-variant-numeric: tabular-nums; color: var(--muted); font-size: .85rem; margin: 0; text-align: right; }
.counter.near { color: var(--warn); }
.counter.over { color: var(--danger); font-weight: 600; }
.form-error { background: var(--danger-soft); color: var(--danger); border-radius: 8px; padding: .6rem .8rem; }
button, .button { font: inherit; font-weight: 600; display: inline-flex; align-items: center; justify-content: center; gap: .4rem;
  min-height: 2.5rem; padding: .45rem 1rem; border-radius: 8px; border: 1px solid #c9c3b5; background: #fff; color: var(--ink);
  cursor: pointer; text-decoration: none; transition: background .15s, border-color .15s; }
button:hover:not(:disabled), .button:hover { background: #f3f0e8; }
button:disabled { opacity: .45; cursor: not-allowed; }
.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
.primary:hover:not(:disabled) { background: #173b5c; }
.danger { color: var(--danger); border-color: #e2b4b4; }

/* Home */
.home { display: grid; gap: 2rem; grid-template-columns: minmax(0, 1fr); }
@media (min-width: 900px) { .home { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); align-items: start; } }
.recent { list-style: none; margin: 0; padding: 0; display: grid; gap: .5rem; }
.recent a { display: grid; gap: .15rem; padding: .7rem .8rem; border: 1px solid var(--rule); border-radius: 8px; background: var(--card); color: var(--ink); text-decoration: none; }
.recent a:hover { border-color: var(--accent); }
.recent .meta { display: flex; gap: .5rem; align-items: center; font-size: .8rem; color: var(--muted); }
.recent .excerpt { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-size: .9rem; }

/* Status badge and progress */
.badge { display: inline-flex; align-items: center; gap: .35rem; padding: .15rem .6rem; border-radius: 999px; font-size: .8rem; font-weight: 650;
  background: #eceae4; color: #444; white-space: nowrap; }
.badge::before { content: ""; width: .5rem; height: .5rem; border-radius: 50%; background: currentColor; opacity: .8; }
.badge[data-status="streaming"] { background: var(--accent-soft); color: var(--accent); }
.badge[data-status="streaming"]::before { animation: pulse 1.2s ease-in-out infinite; }
.badge[data-status="chunked"], .badge[data-status="paused"] { background: var(--warn-soft); color: var(--warn); }
.badge[data-status="completed"] { background: var(--ok-soft); color: var(--ok); }
.badge[data-status="failed"] { background: var(--danger-soft); color: var(--danger); }
.badge[data-status="cancelled"] { background: #e5e5e5; color: #555; }
@keyframes pulse { 50% { opacity: .25; transform: scale(.8); } }

.statusbar { position: sticky; top: 0; z-index: 5; display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem;
  padding: .6rem .2rem; background: color-mix(in srgb, var(--paper) 92%, transparent); backdrop-filter: blur(6px); border-bottom: 1px solid var(--rule); }
.progress { display: flex; align-items: center; gap: .6rem; flex: 1 1 12rem; min-width: 10rem; }
progress { appearance: none; -webkit-appearance: none; flex: 1; height: .5rem; border: 0; border-radius: 999px; background: #e8e4da; overflow: hidden; }
progress::-webkit-progress-bar { background: #e8e4da; border-radius: 999px; }
progress::-webkit-progress-value { background: var(--accent); border-radius: 999px; transition: width .4s ease; }
progress::-moz-progress-bar { background: var(--accent); border-radius: 999px; }
.progress-text { font-size: .85rem; color: var(--muted); font-variant-numeric: tabular-nums; white-space: nowrap; }
.connection { font-size: .8rem; color: var(--muted); }
.notice { background: var(--warn-soft); color: var(--warn); border-radius: 8px; padding: .6rem .8rem; margin: .75rem 0 0; display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.notice[hidden] { display: none; }

/* The generation page: document and controls side by side on wide screens */
.workspace { display: grid; gap: 1.5rem; grid-template-columns: minmax(0, 1fr); margin-top: 1.25rem; }
@media (min-width: 1000px) { .workspace { grid-template-columns: minmax(0, 1fr) 17rem; align-items: start; } }
.controls { display: grid; gap: 1rem; }
/* Wide screens: the controls (first in the page's order) sit to the right of the document and stay in view. */
@media (min-width: 1000px) { .controls { grid-column: 2; grid-row: 1; position: sticky; top: 4rem; } .document { grid-column: 1; grid-row: 1; } }
@media (min-width: 600px) and (max-width: 999px) { .controls { grid-template-columns: 1fr 1fr; } }
@media (max-width: 599px) {
  .controls .card { padding: .8rem; } .controls .hint { display: none; }
  .controls button, .controls .button { font-size: .9rem; padding: .4rem .5rem; white-space: nowrap; }
}
.controls h2 { font-size: .8rem; text-transform: uppercase; letter-spacing: .08em; color: var(--muted); margin: 0 0 .5rem; }
.button-row { display: flex; flex-wrap: wrap; gap: .5rem; }
.button-row > * { flex: 1 1 4.2rem; }
@media (min-width: 1000px) { .button-row.stacked > * { flex-basis: 100%; } }
.control-note { font-size: .85rem; color: var(--muted); margin: .5rem 0 0; }
.control-note:empty { margin: 0; } /* kept in the page (not display:none) so it stays a live region */

@media (prefers-reduced-motion: reduce) { *, *::before, *::after { animation: none !important; transition: none !important; } }
`;
