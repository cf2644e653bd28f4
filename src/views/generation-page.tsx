import type { Generation } from '../db/generation-store.js';
import { ACTIVE_STATUSES, isIn, type GenerationStatus } from '../domain/statuses.js';
import type { Template } from '../domain/templates.js';
import { businessName } from '../domain/details.js';
import { finishedCount, orderedSections, type DocumentState } from './document-state.js';
import { reasonIn, textFor, type Catalogue } from './i18n/catalogue.js';
import { Layout } from './layout.js';
import { SectionTemplate, SectionView } from './section-view.js';
import { SuggestionsCard, type SuggestionItem } from './suggestions-card.js';
import { documentFrame } from './document-frame.js';
import { SignatureBlocks, TitleBlock } from './document-frame-view.js';
import type { ModelUsage } from '../domain/model-calls.js';

export interface GenerationPageProps {
  generation: Generation;
  template: Template;
  state: DocumentState;
  simulated: boolean;
  /** Client fallback tuning: no event for this long while writing means a buffering proxy. */
  silenceMs: number;
  /** Poll interval once the page falls back to polling. */
  pollMs: number;
  /** Where the page reads from, and whether it shows controls (not on a share link). */
  access: { pageBase: string; jsonUrl: string; eventsUrl: string; controls: boolean };
  /** The draft's open suggestions (read after the log, so none the stream brings is missing). */
  suggestions?: readonly SuggestionItem[];
  /** What its model calls cost so far (the owner's page only). */
  usage?: ModelUsage | undefined;
}

/** A prompt longer than this is shown cut, with the whole of it one click away. */
const PROMPT_EXCERPT = 220;

// The page of one draft, in the draft's language. Its order is the reading order at every width: the
// head, the sticky bar (status, progress and the run controls), the document, then the cards (which sit
// beside the document on wide screens). Everything that changes while the draft is written changes in
// room kept for it, so the text a reader is on never moves (see styles.ts).
// As long as the page's markup: it reads top to bottom as the page does (its cards are Cards below).
export function GenerationPage({
  generation,
  template,
  state,
  simulated,
  silenceMs,
  pollMs,
  access,
  suggestions = [],
  usage,
}: GenerationPageProps) {
  // Only the owner's page names the draft: its id opens commands, which a share link must not give.
  const id = generation.id;
  const lang = generation.language;
  const t = textFor(lang);
  const total = template.sections.length;
  const business = businessName(generation.details);
  const done = finishedCount(state);
  const sections = orderedSections(state);
  const active = isIn(ACTIVE_STATUSES, state.status);
  // The stream continues exactly after the event this HTML was rendered at; no stream once the run ended.
  const stream = state.ended ? {} : { 'hx-sse:connect': `${access.eventsUrl}?after=${state.seq}` };
  const frame = documentFrame(generation);

  return (
    <Layout title={t.draftTitle(template.name)} lang={lang} simulated={simulated} script="generation-page">
      <div
        class="generation"
        id="generation"
        data-generation-id={access.controls ? id : undefined}
        data-seq={String(state.seq)}
        data-total={String(total)}
        data-status={state.status}
        data-silence-ms={String(silenceMs)}
        data-poll-ms={String(pollMs)}
        data-page-base={access.pageBase}
        data-json-url={access.jsonUrl}
        data-events-url={access.eventsUrl}
        data-controls={access.controls ? 'on' : 'off'}
      >
        <div class="doc-head">
          <p class="eyebrow">{`${t.draft} · ${template.name}`}</p>
          <h1>{template.name}</h1>
          {business ? <p class="doc-business">{t.forBusiness(business)}</p> : null}
          {generation.prompt !== '' ? <Prompt prompt={generation.prompt} t={t} /> : null}
        </div>

        <StatusBar status={state.status} done={done} total={total} controls={access.controls} t={t} />
        <p class="visually-hidden" id="announcer" role="status" aria-live="polite"></p>
        <p class="notice" id="fallback-notice" role="status" aria-live="polite" hidden>
          <span id="fallback-text">{t.fallbackText}</span>
          <button type="button" data-action="retry-live">
            {t.tryLiveAgain}
          </button>
        </p>
        <noscript>
          <p class="notice">{t.noscript}</p>
        </noscript>

        <div class="workspace">
          {/* hx-ignore: nothing inside the document (model output) is ever processed by htmx. */}
          <article class="document" id="document" lang={lang} aria-label={t.documentText(template.name)} hx-ignore>
            <TitleBlock frame={frame} />
            <p class="doc-empty" id="doc-empty" hidden={sections.length > 0}>
              {active ? t.waitingFirst : t.noSection}
            </p>
            {sections.map((section) => (
              <SectionView section={section} controls={access.controls} t={t} />
            ))}
            <SignatureBlocks frame={frame} />
            {state.error ? (
              <p class="doc-error" id="doc-error" role="alert">
                {t.generationFailed(reasonIn(t, state.error))}
              </p>
            ) : null}
          </article>
          <Cards
            base={access.pageBase}
            status={state.status}
            controls={access.controls}
            sections={template.sections}
            suggestions={suggestions}
            t={t}
            usage={usage}
          />
        </div>

        {/* Over the text (fixed), so it moves nothing; shown while the reader is away from the live text. */}
        <button type="button" class="jump-live" id="jump-live" hidden>
          {t.jumpToLive}
        </button>
        <div id="stream" hidden hx-sse:close="done" hx-trigger="cg:connect" {...stream}></div>
        <SectionTemplate controls={access.controls} t={t} />
      </div>
    </Layout>
  );
}

/** The request the draft was made from: cut when long, the whole of it behind a disclosure. */
function Prompt({ prompt, t }: { prompt: string; t: Catalogue }) {
  const oneLine = prompt.replace(/\s+/g, ' ').trim();
  const long = oneLine.length > PROMPT_EXCERPT;
  return (
    <>
      <p class="doc-prompt">
        {t.requestedFor} <q>{long ? `${oneLine.slice(0, PROMPT_EXCERPT - 1)}…` : oneLine}</q>
      </p>
      {long ? (
        <details class="prompt-full">
          <summary>{t.readWholeRequest}</summary>
          <p>{prompt}</p>
        </details>
      ) : null}
    </>
  );
}

/**
 * Stays at the top of the screen at every width: the status, the progress and (for the owner) the run
 * controls. Each pair of controls that replace each other (Pause/Resume, Stop/Continue) shares one
 * slot, as wide as its wider label, so that nothing moves when one takes the other's place; the
 * client script (live-document.ts) swaps them and moves focus to the one shown.
 */
function StatusBar(props: { status: GenerationStatus; done: number; total: number; controls: boolean; t: Catalogue }) {
  const { status, done, total, controls, t } = props;
  const active = isIn(ACTIVE_STATUSES, status);
  return (
    <section class="statusbar" aria-label={t.statusRegion}>
      <span class="badge" id="status-badge" data-status={status} tabindex={-1}>
        {t.status[status]}
      </span>
      <div class="progress">
        <progress id="progress" max={total} value={done} aria-labelledby="progress-text"></progress>
        <span class="progress-text" id="progress-text">
          {t.progressText(done, total)}
        </span>
      </div>
      {controls ? (
        <fieldset class="run-controls" aria-label={t.runGroup}>
          <span class="slot">
            <button type="button" data-action="pause" disabled={!active} hidden={status === 'paused'}>
              {t.pause}
            </button>
            <button type="button" data-action="resume" disabled={status !== 'paused'} hidden={status !== 'paused'}>
              {t.resume}
            </button>
          </span>
          <span class="slot">
            <button
              type="button"
              class="danger"
              data-action="cancel"
              disabled={!active && status !== 'paused'}
              hidden={status === 'cancelled'}
            >
              {t.stop}
            </button>
            <button
              type="button"
              class="primary"
              data-action="continue"
              disabled={status !== 'cancelled'}
              hidden={status !== 'cancelled'}
            >
              {t.continueRun}
            </button>
          </span>
        </fieldset>
      ) : null}
      <span class="connection" id="connection-state"></span>
      {/* Over the page below the bar (absolute), so a note appearing moves nothing. */}
      <p class="control-note" id="control-note" role="status" aria-live="polite"></p>
    </section>
  );
}

/** The exports (everyone who may read the draft, share links too), sharing, suggestions and versions. */
// The side cards' markup, in the order they show.
function Cards(props: {
  base: string;
  status: GenerationStatus;
  controls: boolean;
  sections: readonly string[];
  suggestions: readonly SuggestionItem[];
  t: Catalogue;
  usage?: ModelUsage | undefined;
}) {
  const { base, status, controls, sections, suggestions, t, usage } = props;
  return (
    <aside class="controls" aria-label={t.toolsRegion}>
      {controls ? null : <p class="hint">{t.readOnlyHint}</p>}
      <div class="card">
        <h2>{t.documentCard}</h2>
        <div class="button-row stacked">
          <button type="button" data-action="copy">
            {t.copy}
          </button>
          <a class="button" href={`${base}/document.md`} download>
            {t.downloadMd}
          </a>
          <a class="button" href={`${base}/document.docx`} download>
            {t.downloadDocx}
          </a>
          <a class="button" href={`${base}/document.pdf`} download>
            {t.downloadPdf}
          </a>
          <button type="button" data-action="print">
            {t.print}
          </button>
        </div>
        <p class="hint">{t.documentHint}</p>
        {usage && usage.calls > 0 ? (
          <p class="hint" id="model-usage">
            {t.modelUsage(usage)}
          </p>
        ) : null}
      </div>
      {controls ? (
        <div class="card">
          <h2>{t.shareCard}</h2>
          <div class="button-row stacked">
            <button type="button" data-action="share">
              {t.share}
            </button>
            <button type="button" data-action="unshare">
              {t.unshare}
            </button>
          </div>
          <p class="control-note" id="share-note" aria-live="polite">
            {/* biome-ignore lint/a11y/useValidAnchor lint/a11y/useAnchorContent: its address and text are the share link, set when one is made */}
            <a id="share-link" hidden></a>
          </p>
          <p class="hint">{t.shareHint}</p>
        </div>
      ) : null}
      <SuggestionsCard suggestions={suggestions} sections={sections} status={status} controls={controls} t={t} />
      {controls ? <VersionsCard sections={sections} t={t} /> : null}
    </aside>
  );
}

/**
 * Earlier versions of a section (every generated, regenerated or restored text), listed on demand by
 * the client script from the JSON API; each can be restored while no run is going on, and any two
 * compared word by word.
 */
function VersionsCard({ sections, t }: { sections: readonly string[]; t: Catalogue }) {
  return (
    <div class="card" id="versions">
      <h2>{t.versionsCard}</h2>
      <form class="versions-form">
        <label for="versions-section">{t.versionsSection}</label>
        <select id="versions-section" name="section">
          {sections.map((title, i) => (
            <option value={String(i + 1)}>{`${i + 1}. ${title}`}</option>
          ))}
        </select>
        <button type="submit">{t.showVersions}</button>
      </form>
      <ol class="versions-list" id="versions-list" aria-live="polite"></ol>
      {/* Two versions of the chosen section compared on their rendered text (client/version-compare.ts). */}
      <form class="versions-compare" id="versions-compare">
        <fieldset>
          <legend>{t.compareLegend}</legend>
          <label for="compare-from">{t.compareFrom}</label>
          <input id="compare-from" name="from" type="number" min="1" step="1" inputmode="numeric" required />
          <label for="compare-to">{t.compareTo}</label>
          <input id="compare-to" name="to" type="number" min="1" step="1" inputmode="numeric" required />
          <button type="submit">{t.compareButton}</button>
        </fieldset>
      </form>
      <p class="hint">{t.versionsHint}</p>
      {/* A version's whole text or a comparison, read in room (client/version-dialog.ts). */}
      <dialog id="versions-dialog" class="versions-dialog" aria-labelledby="versions-dialog-title">
        <div class="versions-dialog-head">
          {/* biome-ignore lint/a11y/useHeadingContent: its text names the version or comparison shown, set as the dialog opens */}
          <h2 id="versions-dialog-title"></h2>
          <form method="dialog">
            <button type="submit">{t.closeDialog}</button>
          </form>
        </div>
        {/* Focusable, so the keys scroll a long text; a region named by the dialog's title. */}
        <section
          id="versions-dialog-body"
          class="versions-dialog-body"
          tabindex={0}
          aria-labelledby="versions-dialog-title"
        ></section>
      </dialog>
    </div>
  );
}
