// The page chrome: layout, header, forms, controls, status bar and progress. The document itself is
// styled in document-styles.ts. Served as /static/app.css (see assets.ts for why it is a TS module).
// Only system fonts: no request leaves our origin.
//
// Colours are variables, set twice: light, and dark for prefers-color-scheme: dark, each pair of text
// and background meeting WCAG AA (4.5:1 for text; the browser tests run axe-core in both schemes).
// Nothing that changes while a draft is written changes the size of anything above the text being
// read: the status bar's parts have fixed room, notes and the jump control float over the page.

export const APP_CSS = /* css */ `
:root {
  color-scheme: light dark;
  --paper: #fbf9f4; --card: #ffffff; --ink: #1f2328; --muted: #5b6270; --rule: #e3ded2;
  --accent: #1f4e79; --accent-hover: #173b5c; --on-accent: #ffffff; --accent-soft: #e6eef6;
  --ok: #1d6b3a; --ok-soft: #e4f3e9; --warn: #7a4e00; --warn-soft: #fff1cc; --warn-rule: #f0dca0;
  --danger: #9b1c1c; --danger-soft: #fde8e8; --danger-rule: #d99c9c;
  --field: #ffffff; --field-border: #8d8677; --button: #ffffff; --button-hover: #f3f0e8; --button-border: #b9b2a3;
  --badge: #eceae4; --badge-ink: #444444; --stopped: #e5e5e5; --stopped-ink: #505050; --track: #e8e4da;
  --doc-ink: #1b1b1b; --quote: #444444; --code: #f4f1ea; --focus: #c77700; --shadow: rgba(60,50,20,.08);
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --serif: "Iowan Old Style", "Palatino Linotype", Palatino, "Book Antiqua", Georgia, "Times New Roman", serif;
  --radius: 10px;
}
@media (prefers-color-scheme: dark) {
  :root {
    --paper: #141619; --card: #1d2024; --ink: #e8e6e1; --muted: #aab1bc; --rule: #3a3f46;
    --accent: #8cbbe8; --accent-hover: #a9cdef; --on-accent: #0c1a27; --accent-soft: #1c3146;
    --ok: #86d6a1; --ok-soft: #17301f; --warn: #f1c66a; --warn-soft: #33290f; --warn-rule: #5c4a1c;
    --danger: #f4a3a3; --danger-soft: #3b1c1c; --danger-rule: #7a3a3a;
    --field: #15181b; --field-border: #7b828c; --button: #262a2f; --button-hover: #30353b; --button-border: #5b626b;
    --badge: #2c3036; --badge-ink: #d4d8de; --stopped: #33363b; --stopped-ink: #d2d2d2; --track: #30353b;
    --doc-ink: #e6e3dc; --quote: #c9c9c9; --code: #2a2e33; --focus: #ffb733; --shadow: rgba(0,0,0,.35);
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--paper); color: var(--ink); font: 16px/1.5 var(--sans); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 4px; }
[tabindex="-1"]:focus:not(:focus-visible) { outline: none; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip-link { position: absolute; left: -999px; top: 0; background: var(--ink); color: var(--paper); padding: .5rem 1rem; z-index: 10; }
.skip-link:focus { left: .5rem; }

.site-header { border-bottom: 1px solid var(--rule); background: var(--card); }
.brand { display: inline-block; padding: .9rem 1.25rem; font-weight: 650; color: var(--ink); text-decoration: none; letter-spacing: .01em; }
.brand-mark { font-family: var(--serif); color: var(--accent); font-size: 1.25em; }
.banner { margin: 0; padding: .55rem 1.25rem; font-size: .9rem; }
.banner-sim { background: var(--warn-soft); color: var(--warn); border-top: 1px solid var(--warn-rule); }
main { max-width: 76rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; outline: none; }
.site-footer { border-top: 1px solid var(--rule); color: var(--muted); font-size: .875rem; padding: 1rem 1.25rem 2rem; text-align: center; }
.site-footer p { max-width: 60ch; margin: 0 auto; }

h1 { font-family: var(--serif); font-weight: 600; font-size: clamp(1.7rem, 4vw, 2.4rem); line-height: 1.15; margin: .2rem 0 .5rem; }
.eyebrow { text-transform: uppercase; letter-spacing: .08em; font-size: .75rem; color: var(--muted); margin: 0; }
.lede { color: var(--muted); max-width: 60ch; margin-top: 0; }

/* Forms and buttons: every kind of input looks alike */
.card { background: var(--card); border: 1px solid var(--rule); border-radius: var(--radius); padding: 1.25rem; }
.field { display: grid; gap: .35rem; margin-bottom: 1rem; }
.details-fields { margin-bottom: 1rem; }
.details-fields summary { cursor: pointer; font-weight: 600; }
.versions-list { padding-left: 1.2rem; }
/* A version's opening in the list: its Markdown formatted, small; "…" where it was cut. */
.version .version-text { font-size: .85rem; overflow-wrap: anywhere; margin: .3rem 0; }
.version-text:not(.md) { white-space: pre-wrap; }
.version .version-text.md :is(h1, h2, h3, h4, h5, h6) { font-size: .9rem; margin: .3rem 0; }
.version .version-text.md :is(p, ul, ol, blockquote, pre) { margin: 0 0 .3rem; }
.version-text.md.cut > :last-child:not(ul, ol)::after, .version-text.md.cut > :is(ul, ol):last-child > li:last-child::after { content: "…"; }
/* A version's whole text or a comparison, read in a dialog over the document: wide on a desktop, the
   whole screen on a phone; its title and Close stay in view while the text scrolls. */
.versions-dialog { border: 1px solid var(--rule); border-radius: var(--radius); background: var(--card); color: var(--ink); padding: 0;
  width: min(60rem, calc(100vw - 2rem)); max-width: none; max-height: calc(100dvh - 2rem); box-shadow: 0 12px 40px var(--shadow); }
.versions-dialog[open] { display: flex; flex-direction: column; }
.versions-dialog::backdrop { background: rgba(0, 0, 0, .45); }
.versions-dialog-head { display: flex; gap: 1rem; align-items: center; justify-content: space-between; padding: .8rem 1.25rem;
  border-bottom: 1px solid var(--rule); }
/* Not the cards' small-caps heading (.controls h2): the dialog's title is what is being read. */
.versions-dialog .versions-dialog-head h2 { margin: 0; font-size: 1.1rem; text-transform: none; letter-spacing: normal; color: var(--ink);
  overflow-wrap: anywhere; }
.versions-dialog-body { overflow: auto; padding: 1.25rem clamp(1rem, 4vw, 2.5rem); font-family: var(--serif); font-size: 1.05rem;
  line-height: 1.7; color: var(--doc-ink); }
.versions-dialog-body > * { max-width: 70ch; margin-left: auto; margin-right: auto; }
.versions-dialog-body > .hint { font-family: var(--sans); font-size: .9rem; margin: 0 auto .6rem; }
.versions-dialog-body .version-diff { font-size: inherit; line-height: inherit; }
@media (max-width: 699px) {
  .versions-dialog { width: 100vw; height: 100dvh; max-height: none; margin: 0; border: 0; border-radius: 0; }
  .versions-dialog-head { padding: .6rem .9rem; }
}
.versions-compare fieldset { border: 1px solid var(--rule); border-radius: .4rem; display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }
.versions-compare input { width: 5rem; }
/* A comparison: line breaks are text; added words underlined on green, removed ones struck on red (not colour alone). */
.version-diff { white-space: pre-wrap; overflow-wrap: anywhere; font-size: .9rem; line-height: 1.5; }
.version-diff ins { background: var(--ok-soft); color: var(--ok); text-decoration: underline; }
.version-diff del { background: var(--danger-soft); color: var(--danger); text-decoration: line-through; }
.suggestions-list { padding-left: 1.2rem; display: grid; gap: .6rem; }
.suggestions-list:empty { display: none; }
.suggestion p { margin: 0 0 .3rem; }
.suggestion-section { font-weight: 600; }
.suggest-form { display: grid; gap: .4rem; margin-bottom: .5rem; }
.details-fields fieldset { border: 1px solid var(--rule); border-radius: .4rem; margin: .75rem 0; padding: .5rem 1rem; }
/* Only the chosen template's own fields (the form posts them all; the server reads the chosen one's). */
form:has(#template option[value="terms-of-service"]:checked) fieldset[data-template]:not([data-template="terms-of-service"]),
form:has(#template option[value="privacy-policy"]:checked) fieldset[data-template]:not([data-template="privacy-policy"]),
form:has(#template option[value="nda"]:checked) fieldset[data-template]:not([data-template="nda"]) { display: none; }
/* Fields that do not apply (details-form.tsx NOT_APPLICABLE, which the server follows too). */
form:has(#detail-kind option[value="mutual"]:checked) .field[data-field="discloser"] { display: none; }
label, .label { font-weight: 600; font-size: .95rem; }
select, textarea, input:not([type="hidden"]):not([type="checkbox"]):not([type="radio"]) {
  font: inherit; color: inherit; width: 100%; min-height: 2.75rem; padding: .6rem .7rem; border: 1px solid var(--field-border);
  border-radius: 8px; background: var(--field); }
select, input:not([type="hidden"]):not([type="checkbox"]):not([type="radio"]) { height: 2.75rem; line-height: 1.25; padding-block: 0; }
input[type="date"], input[type="number"] { max-width: 16rem; }
[aria-invalid="true"] { border-color: var(--danger) !important; box-shadow: 0 0 0 1px var(--danger); }
textarea { resize: vertical; min-height: 9rem; line-height: 1.45; }
.hint { color: var(--muted); font-size: .85rem; margin: 0; }
.counter { font-variant-numeric: tabular-nums; color: var(--muted); font-size: .85rem; margin: 0; text-align: right; }
.counter.near { color: var(--warn); }
.counter.over { color: var(--danger); font-weight: 600; }
.form-error { background: var(--danger-soft); color: var(--danger); border-radius: 8px; padding: .6rem .8rem; margin: 0 0 1rem; }
.form-error p { margin: 0 0 .3rem; font-weight: 600; }
.form-error ul { margin: 0; padding-left: 1.2rem; }
.form-error a { color: var(--danger); }
.field-error { color: var(--danger); font-weight: 600; font-size: .9rem; margin: 0; }
button, .button { font: inherit; font-weight: 600; display: inline-flex; align-items: center; justify-content: center; gap: .4rem;
  min-height: 2.5rem; padding: .45rem 1rem; border-radius: 8px; border: 1px solid var(--button-border); background: var(--button); color: var(--ink);
  cursor: pointer; text-decoration: none; transition: background .15s, border-color .15s; }
button:hover:not(:disabled), .button:hover { background: var(--button-hover); }
button:disabled { opacity: .5; cursor: not-allowed; }
.primary { background: var(--accent); border-color: var(--accent); color: var(--on-accent); }
.primary:hover:not(:disabled) { background: var(--accent-hover); }
.danger { color: var(--danger); border-color: var(--danger-rule); }

/* Home */
.home { display: grid; gap: 2rem; grid-template-columns: minmax(0, 1fr); }
@media (min-width: 900px) { .home { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); align-items: start; } }
.recent { list-style: none; margin: 0; padding: 0; display: grid; gap: .5rem; }
.recent a { display: grid; gap: .15rem; padding: .7rem .8rem; border: 1px solid var(--rule); border-radius: 8px; background: var(--card); color: var(--ink); text-decoration: none; }
.recent a:hover { border-color: var(--accent); }
.recent .meta { display: flex; gap: .5rem; align-items: center; font-size: .8rem; color: var(--muted); }
.recent .excerpt { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-size: .9rem; }
/* My documents: each draft a card holding its link (name, document, language, status, last change) and its actions. */
.docs-search { display: grid; gap: .35rem; margin-bottom: .75rem; }
.docs-search-row { display: flex; gap: .4rem; }
.docs-search-row input { flex: 1 1 auto; min-width: 0; }
.recent li.doc-item { display: grid; gap: .4rem; padding: .7rem .8rem; border: 1px solid var(--rule); border-radius: 8px; background: var(--card); }
.recent li.doc-item a { padding: 0; border: 0; background: none; }
.recent .doc-name { font-weight: 600; overflow-wrap: anywhere; }
.recent .meta { flex-wrap: wrap; }
.doc-actions { display: flex; gap: .4rem; }
.doc-actions button { font-size: .8rem; padding: .2rem .6rem; }
.rename-form { display: grid; gap: .35rem; }
.rename-form[hidden] { display: none; }
.docs-more { display: inline-block; margin-top: .75rem; }
#delete-dialog { border: 1px solid var(--rule); border-radius: var(--radius); background: var(--card); color: var(--ink); max-width: 30rem; padding: 1.25rem; }
#delete-dialog::backdrop { background: rgba(0, 0, 0, .45); }
#delete-dialog h2 { margin-top: 0; font-size: 1.1rem; }

/* Status badge and progress */
.badge { display: inline-flex; align-items: center; gap: .35rem; padding: .15rem .6rem; border-radius: 999px; font-size: .8rem; font-weight: 650;
  background: var(--badge); color: var(--badge-ink); white-space: nowrap; max-width: 100%; overflow: hidden; text-overflow: ellipsis; }
.badge::before { content: ""; flex: none; width: .5rem; height: .5rem; border-radius: 50%; background: currentColor; opacity: .8; }
.badge[data-status="streaming"] { background: var(--accent-soft); color: var(--accent); }
.badge[data-status="streaming"]::before { animation: pulse 1.2s ease-in-out infinite; }
.badge[data-status="chunked"], .badge[data-status="paused"] { background: var(--warn-soft); color: var(--warn); }
.badge[data-status="completed"] { background: var(--ok-soft); color: var(--ok); }
.badge[data-status="failed"] { background: var(--danger-soft); color: var(--danger); }
.badge[data-status="cancelled"] { background: var(--stopped); color: var(--stopped-ink); }
@keyframes pulse { 50% { opacity: .25; transform: scale(.8); } }

/* The status bar: sticky at every width, each part in room of its own (a longer label moves nothing). */
.statusbar { position: sticky; top: 0; z-index: 5; display: grid; align-items: center; gap: .5rem 1rem;
  grid-template-columns: 12.5rem minmax(8rem, 1fr) auto 6.5rem; grid-template-areas: "badge progress run connection";
  padding: .5rem .2rem; background: var(--paper); border-bottom: 1px solid var(--rule); }
.statusbar .badge { grid-area: badge; justify-self: start; }
.progress { grid-area: progress; display: flex; align-items: center; gap: .6rem; min-width: 0; }
.run-controls { grid-area: run; display: flex; gap: .5rem; border: 0; margin: 0; padding: 0; min-inline-size: 0; }
.connection { grid-area: connection; font-size: .8rem; color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
/* Two controls that take each other's place share a slot as wide as the wider one. */
.slot { display: inline-grid; }
.slot > * { grid-area: 1 / 1; }
.slot > [hidden] { display: inline-flex; visibility: hidden; }
.run-controls button { min-height: 2.25rem; padding: .3rem .8rem; }
@media (max-width: 699px) {
  .statusbar { grid-template-columns: minmax(0, 1fr) auto; grid-template-areas: "badge run" "progress progress"; gap: .35rem .6rem; }
  .connection { display: none; }
  .run-controls button { padding: .3rem .6rem; font-size: .9rem; }
}
progress { appearance: none; -webkit-appearance: none; flex: 1; min-width: 0; height: .5rem; border: 0; border-radius: 999px; background: var(--track); overflow: hidden; }
progress::-webkit-progress-bar { background: var(--track); border-radius: 999px; }
progress::-webkit-progress-value { background: var(--accent); border-radius: 999px; transition: width .4s ease; }
progress::-moz-progress-bar { background: var(--accent); border-radius: 999px; }
.progress-text { font-size: .85rem; color: var(--muted); font-variant-numeric: tabular-nums; white-space: nowrap; min-width: 7.5em; }
/* A note about the last action floats just under the bar, over the page, so that it moves nothing. */
.statusbar .control-note { position: absolute; top: calc(100% + .35rem); right: .2rem; max-width: min(28rem, 92vw); margin: 0;
  padding: .45rem .75rem; border-radius: 8px; background: var(--card); color: var(--ink); border: 1px solid var(--rule);
  box-shadow: 0 4px 16px var(--shadow); font-size: .85rem; }
.statusbar .control-note:empty { padding: 0; border: 0; box-shadow: none; } /* still in the page: a live region */
.notice { background: var(--warn-soft); color: var(--warn); border-radius: 8px; padding: .6rem .8rem; margin: .75rem 0 0; display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.notice[hidden] { display: none; }
/* Shown while the reader is away from the text being written; fixed, so it moves nothing either. */
.jump-live { position: fixed; left: 50%; bottom: 1.25rem; transform: translateX(-50%); z-index: 6; border-radius: 999px;
  background: var(--accent); border-color: var(--accent); color: var(--on-accent); box-shadow: 0 6px 20px var(--shadow); }
.jump-live:hover:not(:disabled) { background: var(--accent-hover); }
.jump-live[hidden] { display: none; }

/* The generation page: the document first at every width; the cards beside it on wide screens, after it on narrow ones. */
.workspace { display: grid; gap: 1.5rem; grid-template-columns: minmax(0, 1fr); margin-top: 1.25rem; }
@media (min-width: 1000px) { .workspace { grid-template-columns: minmax(0, 1fr) 17rem; align-items: start; } }
.controls { display: grid; gap: 1rem; }
@media (min-width: 700px) and (max-width: 999px) { .controls { grid-template-columns: 1fr 1fr; } }
@media (max-width: 699px) { .controls .card { padding: .9rem; } }
.controls h2 { font-size: .8rem; text-transform: uppercase; letter-spacing: .08em; color: var(--muted); margin: 0 0 .5rem; }
.button-row { display: flex; flex-wrap: wrap; gap: .5rem; }
.button-row > * { flex: 1 1 4.2rem; }
@media (min-width: 1000px) { .button-row.stacked > * { flex-basis: 100%; } }
.control-note { font-size: .85rem; color: var(--muted); margin: .5rem 0 0; }
.control-note:empty { margin: 0; } /* kept in the page (not display:none) so it stays a live region */

@media (prefers-reduced-motion: reduce) { *, *::before, *::after { animation: none !important; transition: none !important; scroll-behavior: auto !important; } }
`;
