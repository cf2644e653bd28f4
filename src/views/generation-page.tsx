import type { Generation } from '../db/generation-store.js';
import { ACTIVE_STATUSES, isIn, type GenerationStatus } from '../domain/statuses.js';
import type { Template } from '../domain/templates.js';
import { businessName, type Language } from '../domain/details.js';
import { finishedCount, orderedSections, type DocumentState } from './document-state.js';
import { Layout } from './layout.js';
import { SectionTemplate, SectionView } from './section-view.js';
import { STATUS_LABELS } from './client/labels.js';
import { SuggestionsCard, type SuggestionItem } from './suggestions-card.js';
import type { ModelUsage } from '../domain/model-calls.js';

export interface GenerationPageProps {
  generation: Generation;
  template: Template;
  state: DocumentState;
  simulated: boolean;
  /** Client fallback tuning: no event for this long while writing means a buffering proxy. */
  stallMs: number;
  /** Poll interval once the page falls back to polling. */
  pollMs: number;
  /** Where the page reads from, and whether it shows controls (not on a share link). */
  access: { pageBase: string; jsonUrl: string; eventsUrl: string; controls: boolean };
  /** The draft's open suggestions (read after the log, so none the stream brings is missing). */
  suggestions?: readonly SuggestionItem[];
  /** What its model calls cost so far (the owner's page only). */
  usage?: ModelUsage | undefined;
}

export function GenerationPage({
  generation,
  template,
  state,
  simulated,
  stallMs,
  pollMs,
  access,
  suggestions = [],
  usage,
}: GenerationPageProps) {
  // Only the owner's page names the draft: its id opens commands, which a share link must not give.
  const id = generation.id;
  const total = template.sections.length;
  const business = businessName(generation.details);
  const labels = DOCUMENT_LABELS[generation.language];
  const done = finishedCount(state);
  const sections = orderedSections(state);
  const active = isIn(ACTIVE_STATUSES, state.status);
  // The stream continues exactly after the event this HTML was rendered at; no stream once the run ended.
  const stream = state.ended ? {} : { 'hx-sse:connect': `${access.eventsUrl}?after=${state.seq}` };

  return (
    <Layout title={`${template.name} draft`} simulated={simulated} script="generation-page">
      <div
        class="generation"
        id="generation"
        data-generation-id={access.controls ? id : undefined}
        data-seq={String(state.seq)}
        data-total={String(total)}
        data-status={state.status}
        data-stall-ms={String(stallMs)}
        data-poll-ms={String(pollMs)}
        data-page-base={access.pageBase}
        data-json-url={access.jsonUrl}
        data-events-url={access.eventsUrl}
        data-controls={access.controls ? 'on' : 'off'}
      >
        <div class="doc-head">
          <p class="eyebrow">{`${labels.draft} · ${template.name}`}</p>
          <h1>{template.name}</h1>
          {business ? <p class="doc-business">{`${labels.for} ${business}`}</p> : null}
          {generation.prompt !== '' ? (
            <p class="doc-prompt">
              Requested for: <q>{excerpt(generation.prompt, 220)}</q>
            </p>
          ) : null}
        </div>

        <div class="statusbar">
          <span class="badge" id="status-badge" data-status={state.status}>
            {STATUS_LABELS[state.status]}
          </span>
          <div class="progress">
            <progress id="progress" max={total} value={done} aria-labelledby="progress-text"></progress>
            <span class="progress-text" id="progress-text">{`${done} of ${total} sections`}</span>
          </div>
          <span class="connection" id="connection-state"></span>
        </div>
        <p class="visually-hidden" id="announcer" role="status" aria-live="polite"></p>
        <p class="notice" id="fallback-notice" role="status" aria-live="polite" hidden>
          <span id="fallback-text">
            The live stream is unavailable here, so this page now checks for finished sections every few seconds.
          </span>
          <button type="button" data-action="retry-live">
            Try live again
          </button>
        </p>
        <noscript>
          <p class="notice">
            JavaScript is off: this page shows the document as it was when loaded. Reload to see more.
          </p>
        </noscript>

        <div class="workspace">
          {/* Controls first: reached by keyboard (and seen on a phone) before a long document. */}
          <Controls
            base={access.pageBase}
            status={state.status}
            controls={access.controls}
            sections={template.sections}
            suggestions={suggestions}
            usage={usage}
          />
          {/* hx-ignore: nothing inside the document (model output) is ever processed by htmx. */}
          <article
            class="document"
            id="document"
            lang={generation.language}
            aria-label={`${template.name} text`}
            hx-ignore
          >
            <h2 class="doc-title">{template.name}</h2>
            <p class="doc-empty" id="doc-empty" hidden={sections.length > 0}>
              {active ? 'Waiting for the first section…' : 'No section has been written.'}
            </p>
            {sections.map((section) => (
              <SectionView section={section} controls={access.controls} />
            ))}
            {state.error ? (
              <p class="doc-error" id="doc-error" role="alert">{`The generation failed: ${state.error}`}</p>
            ) : null}
          </article>
        </div>

        <div id="stream" hidden hx-sse:close="done" hx-trigger="cg:connect" {...stream}></div>
        <SectionTemplate controls={access.controls} />
      </div>
    </Layout>
  );
}

/** The labels of the document itself, in its language (the page's controls stay in English). */
const DOCUMENT_LABELS: Readonly<Record<Language, { draft: string; for: string }>> = {
  en: { draft: 'Draft', for: 'For' },
  fr: { draft: 'Brouillon', for: 'Pour' },
};

/** The run controls (owners only) and the exports (everyone who may read it, share links too). */
function Controls(props: {
  base: string;
  status: GenerationStatus;
  controls: boolean;
  sections: readonly string[];
  suggestions: readonly SuggestionItem[];
  usage?: ModelUsage | undefined;
}) {
  const { base, status, controls, sections, suggestions, usage } = props;
  const active = isIn(ACTIVE_STATUSES, status);
  return (
    <aside class="controls" aria-label="Document controls">
      {controls ? (
        <div class="card">
          <h2>Run</h2>
          <div class="button-row">
            <button type="button" data-action="pause" disabled={!active}>
              Pause
            </button>
            <button type="button" data-action="resume" disabled={status !== 'paused'}>
              Resume
            </button>
            <button type="button" class="danger" data-action="cancel" disabled={!active && status !== 'paused'}>
              Stop
            </button>
          </div>
          <p class="control-note" id="control-note" aria-live="polite"></p>
        </div>
      ) : (
        <p class="hint">A read-only link: it follows the draft as it is written.</p>
      )}
      <div class="card">
        <h2>Document</h2>
        <div class="button-row stacked">
          <button type="button" data-action="copy">
            Copy text
          </button>
          <a class="button" href={`${base}/document.md`} download>
            Download .md
          </a>
          <a class="button" href={`${base}/document.docx`} download>
            Download Word (.docx)
          </a>
          <button type="button" data-action="print">
            Print / PDF
          </button>
        </div>
        <p class="hint">Copy, download and print include the finished sections.</p>
        {usage && usage.calls > 0 ? (
          <p class="hint" id="model-usage">
            {usageLine(usage)}
          </p>
        ) : null}
      </div>
      {controls ? (
        <div class="card">
          <h2>Share</h2>
          <div class="button-row stacked">
            <button type="button" data-action="share">
              Make a read-only link
            </button>
            <button type="button" data-action="unshare">
              Revoke the link
            </button>
          </div>
          <p class="control-note" id="share-note" aria-live="polite">
            {/* biome-ignore lint/a11y/useValidAnchor lint/a11y/useAnchorContent: its address and text are the share link, set when one is made */}
            <a id="share-link" hidden></a>
          </p>
          <p class="hint">Whoever has the link can watch and download this draft, and change nothing.</p>
        </div>
      ) : null}
      <SuggestionsCard suggestions={suggestions} sections={sections} status={status} controls={controls} />
      {controls ? <VersionsCard sections={sections} /> : null}
    </aside>
  );
}

/**
 * Earlier versions of a section (every generated, regenerated or restored text), listed on demand by
 * the client script from the JSON API; each can be restored while no run is going on.
 */
function VersionsCard({ sections }: { sections: readonly string[] }) {
  return (
    <div class="card" id="versions">
      <h2>Versions</h2>
      <form class="versions-form">
        <label for="versions-section">Section</label>
        <select id="versions-section" name="section">
          {sections.map((title, i) => (
            <option value={String(i + 1)}>{`${i + 1}. ${title}`}</option>
          ))}
        </select>
        <button type="submit">Show versions</button>
      </form>
      <ol class="versions-list" id="versions-list" aria-live="polite"></ol>
      <p class="hint">A restore makes an earlier text the section's text again, as a new version.</p>
    </div>
  );
}

/** `Model use when loaded: 2 calls, 3,120 tokens in, 1,045 out (estimated)`. */
function usageLine({ calls, promptTokens, completionTokens, estimated }: ModelUsage): string {
  const n = (value: number) => value.toLocaleString('en-US');
  const tail = estimated ? ' (partly estimated)' : '';
  return `Model use when loaded: ${n(calls)} call${calls === 1 ? '' : 's'}, ${n(promptTokens)} tokens in, ${n(completionTokens)} out${tail}`;
}

function excerpt(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
