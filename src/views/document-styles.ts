// The document as a reader sees it: serif text at a comfortable measure, clear numbered headings, the
// text being written with its typing cursor, the title and signature blocks, and the print view.

export const DOCUMENT_CSS = /* css */ `
.doc-head { margin-bottom: .75rem; }
.doc-prompt { color: var(--muted); margin: 0; max-width: 70ch; overflow-wrap: anywhere; }
.doc-prompt q { font-style: italic; }
.prompt-full { color: var(--muted); max-width: 70ch; margin-top: .2rem; }
.prompt-full summary { cursor: pointer; color: var(--accent); width: fit-content; }
.prompt-full p { white-space: pre-wrap; overflow-wrap: anywhere; margin: .4rem 0 0; color: var(--ink); }

.document { background: var(--card); border: 1px solid var(--rule); border-radius: var(--radius);
  padding: clamp(1.1rem, 4vw, 3rem) clamp(1rem, 5vw, 3.5rem); box-shadow: 0 1px 2px rgba(0,0,0,.03), 0 8px 30px var(--shadow);
  font-family: var(--serif); font-size: 1.09rem; line-height: 1.7; color: var(--doc-ink); min-height: 12rem; }
.document > * { max-width: 68ch; margin-left: auto; margin-right: auto; }
.doc-title { font-family: var(--serif); font-size: 1.6rem; text-align: center; margin: 0 auto 1.5rem; letter-spacing: .02em; }
/* The title block (document-frame-view.tsx): the title, then who issues the document or the parties,
   its contact and its effective date, centred above a rule. */
.doc-frame { text-align: center; margin-bottom: 1.8rem; padding-bottom: 1rem; border-bottom: 1px solid var(--rule); }
.doc-frame .doc-title { margin-bottom: .6rem; }
.doc-frame-line { margin: .15rem 0; color: var(--muted); font-size: .95rem; overflow-wrap: anywhere; }
.doc-frame-business, .doc-frame-party { color: var(--doc-ink); }
.doc-frame-business { font-weight: 650; font-size: 1.05rem; }
/* An agreement's signature blocks, after the last section: one per party, side by side when there is room. */
.doc-signatures { margin-top: 2.4rem; }
.signature-blocks { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 1.5rem 2.5rem; }
.signature-block { break-inside: avoid; }
.signature-party { font-weight: 650; line-height: 1.35; margin: 0 0 .3rem; }
.signature-block dl { margin: 0; }
.signature-field { display: flex; align-items: flex-end; gap: .6rem; margin-top: 1.2rem; }
.signature-field dt { flex: none; min-width: 5.5rem; }
.signature-field dd { flex: 1; margin: 0; min-height: 1.3em; border-bottom: 1px solid var(--doc-ink); }
.doc-empty { color: var(--muted); font-style: italic; }
.doc-empty[hidden] { display: none; }
.doc-error { font-family: var(--sans); font-size: .95rem; background: var(--danger-soft); color: var(--danger); border-radius: 8px; padding: .7rem .9rem; }

.doc-section { margin: 0 0 1.6rem; scroll-margin-top: 7rem; }
.section-title:focus { outline-offset: 4px; }
.section-title { font-family: var(--serif); font-size: 1.22rem; font-weight: 650; line-height: 1.3; margin: 1.8rem 0 .6rem;
  padding-bottom: .3rem; border-bottom: 1px solid var(--rule); display: flex; gap: .45rem; align-items: baseline; }
.doc-section:first-of-type .section-title { margin-top: 0; }
.section-number { color: var(--accent); font-variant-numeric: oldstyle-nums; }
.section-body { overflow-wrap: break-word; }
.doc-section[data-state="writing"] .section-title::after { content: attr(data-writing); margin-left: auto; font: 600 .7rem var(--sans);
  text-transform: uppercase; letter-spacing: .08em; color: var(--accent); }
/* A section left half-written by a pause, stop or failure: its text stays visible, marked as such. */
.generation:is([data-status="paused"], [data-status="cancelled"], [data-status="failed"]) .doc-section[data-state="writing"] .section-title::after {
  content: attr(data-unfinished); color: var(--warn); }

/* Text being written: rendered as Markdown like a finished section (.md), or, without markdown-it (and in
   the server's first render, before the script formats it), plain text. New text fades in. */
.live:not(.md) { white-space: pre-wrap; }
.tok { animation: ink .5s ease-out; }
@keyframes ink { from { opacity: .15; } to { opacity: 1; } }
.cursor { display: inline-block; width: .5em; height: 1.05em; margin-left: 1px; vertical-align: -.15em; background: var(--accent);
  border-radius: 1px; animation: blink 1.05s steps(1) infinite; }
.generation:not([data-status="streaming"]):not([data-status="chunked"]) .cursor { display: none; }
@keyframes blink { 50% { opacity: 0; } }
.settled { animation: settle .6s ease-out; }
@keyframes settle { from { background: var(--accent-soft); } to { background: transparent; } }
.pending-note { font-family: var(--sans); font-size: .9rem; color: var(--muted); font-style: italic; }

/* Markdown rendered by markdown-it, on the server or in the page (raw HTML off, links and images made safe) */
.md p { margin: 0 0 .9rem; }
.md h3, .md h4 { font-size: 1.02rem; margin: 1.1rem 0 .4rem; }
.md ul, .md ol { padding-left: 1.4rem; margin: 0 0 .9rem; }
.md li { margin: .2rem 0; }
.md blockquote { margin: 0 0 .9rem; padding-left: 1rem; border-left: 3px solid var(--rule); color: var(--quote); }
.md code { font-size: .9em; background: var(--code); padding: .05rem .3rem; border-radius: 4px; }
.md-image-alt { font-style: italic; color: var(--muted); }
.md-image-alt::before { content: "[image: "; }
:lang(fr) .md-image-alt::before { content: "[image : "; }
.md-image-alt::after { content: "]"; }

/* The owner's tools under a section: one row, kept (invisible) while they cannot be used, so that they
   appear without moving any text when the run ends. An open editor stays open if a run starts. */
.section-tools { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem 1rem; margin-top: .4rem; min-height: 2.25rem; }
.section-edit.open, .rewrite[open] { flex-basis: 100%; }
.generation:not([data-status="completed"]):not([data-status="failed"]):not([data-status="cancelled"]):not([data-status="paused"]) :is(.edit-open, .rewrite),
.doc-section:not([data-state="done"]) :is(.edit-open, .rewrite) { visibility: hidden; }
/* Rewrite one section */
.rewrite { font-family: var(--sans); font-size: .9rem; }
.rewrite summary { cursor: pointer; color: var(--muted); font-size: .85rem; width: fit-content; }
.rewrite summary:hover, .rewrite[open] summary { color: var(--accent); }
.rewrite form { display: grid; gap: .5rem; margin-top: .5rem; max-width: 36rem; }
.rewrite textarea { min-height: 4.5rem; }
/* Live edits: the Edit button on a finished section of a draft at rest. */
.section-edit { font-family: var(--sans); font-size: .9rem; }
.edit-open { min-height: 2rem; padding: .2rem .7rem; font-size: .85rem; }
.section-edit.open .edit-open { display: none; }
.edit-form { display: grid; gap: .5rem; margin-top: .5rem; }
.edit-form[hidden], .edit-newer[hidden] { display: none; }
.edit-form textarea { min-height: 14rem; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9rem; }
.edit-preview, .edit-newer-text { border: 1px dashed var(--rule); border-radius: 8px; padding: .5rem .8rem; font-family: var(--serif); }
.edit-newer { background: var(--warn-soft); border-radius: 8px; padding: .5rem .8rem; }
.edit-note { margin: 0; font-size: .85rem; }
.edit-note:empty { display: none; }

@media (max-width: 480px) {
  .document { font-size: 1.03rem; line-height: 1.65; border-radius: 0; border-left: 0; border-right: 0; margin: 0 -1.25rem; }
  main { padding-top: 1rem; }
}

@media print {
  @page { margin: 2cm; }
  body { background: #fff; font-size: 11pt; }
  :root { --paper: #fff; --card: #fff; --ink: #000; --doc-ink: #000; --muted: #444; --rule: #ccc; --quote: #444; --code: #f4f1ea; }
  /* The page's head goes: the document's own title block says the title, once. */
  .site-header, .statusbar, .controls, .section-tools, .jump-live, .notice, .skip-link, .doc-head, .cursor { display: none !important; }
  main { max-width: none; padding: 0; }
  .workspace { display: block; margin: 0; }
  .document { border: 0; box-shadow: none; padding: 0; font-size: 11.5pt; line-height: 1.5; }
  .document > * { max-width: none; }
  .doc-section { break-inside: auto; }
  .section-title { break-after: avoid; }
  .doc-signatures { break-inside: avoid; }
  .doc-section[data-state="writing"] .section-title::after { content: ""; }
  .md a { color: inherit; text-decoration: none; }
  .md a[href]::after { content: " (" attr(href) ")"; font-size: .85em; color: #555; }
  .site-footer { border: 0; text-align: left; padding: 1rem 0 0; color: #444; }
}
`;
