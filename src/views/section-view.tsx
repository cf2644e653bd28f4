import { renderMarkdown, renderMarkdownSoFar } from '../domain/markdown.js';
import type { SectionState } from './document-state.js';
import { SECTION_EDIT_MAX_CHARS } from '../domain/versions.js';
import type { Catalogue } from './i18n/catalogue.js';

// One section of the document. The browser builds the same markup for sections that start while the page
// is open, by cloning the <template> rendered by SectionTemplate, so both paths look identical.

/** The finished content as HTML: markdown-it with raw HTML off and links/images made safe. */
export function SectionMarkdown({ content }: { content: string }) {
  return <div class="section-body md" dangerouslySetInnerHTML={{ __html: renderMarkdown(content) }} />;
}

/**
 * Text still being written, formatted as the page's script goes on formatting it (markdown-so-far.ts).
 * The <template> carries the text as received (escaped by JSX, inert): the script continues from it.
 */
function SectionLiveText({ text }: { text: string }) {
  return (
    <div class="section-body live md">
      <template class="live-source">{text}</template>
      <div class="live-text" dangerouslySetInnerHTML={{ __html: text === '' ? '' : renderMarkdownSoFar(text) }} />
      <span class="cursor" aria-hidden="true"></span>
    </div>
  );
}

/** The owner's tools under a section: edit and rewrite. Their room is kept while they are not usable, so
 *  that nothing moves when a run ends and they become usable (the stylesheet hides them, keeping room). */
function SectionTools({ index, t }: { index: number | string; t: Catalogue }) {
  return (
    <div class="section-tools">
      <SectionEditor index={index} t={t} />
      <RewriteForm index={index} t={t} />
    </div>
  );
}

/** `controls` false (a share link): no tools. */
export function SectionView(props: { section: SectionState; controls?: boolean; t: Catalogue }) {
  const { section, controls = true, t } = props;
  const done = section.content !== undefined;
  return (
    <section
      class="doc-section"
      id={`section-${section.index}`}
      data-index={String(section.index)}
      data-state={done ? 'done' : 'writing'}
      aria-labelledby={`section-${section.index}-title`}
    >
      <SectionHeading index={section.index} title={section.title} t={t} />
      {done ? <SectionMarkdown content={section.content ?? ''} /> : <SectionLiveText text={section.text} />}
      {controls ? <SectionTools index={section.index} t={t} /> : null}
    </section>
  );
}

/** Focusable by script (tabindex -1): focus lands here after the section is saved, rewritten or restored.
 *  The marks of a section being written (or left unfinished) are shown by the stylesheet from its data. */
function SectionHeading({ index, title, t }: { index: number | string; title: string; t: Catalogue }) {
  return (
    <h2
      class="section-title"
      id={`section-${index}-title`}
      tabindex={-1}
      data-writing={t.writingMark}
      data-unfinished={t.unfinishedMark}
    >
      <span class="section-number">{`${index}.`}</span>
      <span class="section-name">{title}</span>
    </h2>
  );
}

/** Regenerate this section, with an optional instruction (the client script posts it to the JSON API). */
function RewriteForm({ index, t }: { index: number | string; t: Catalogue }) {
  return (
    <details class="rewrite">
      <summary>{t.rewriteSummary}</summary>
      <form class="rewrite-form" data-section={String(index)}>
        <label for={`rewrite-${index}`}>{t.rewriteLabel}</label>
        <textarea
          id={`rewrite-${index}`}
          name="instruction"
          maxlength={1000}
          placeholder={t.rewritePlaceholder}
        ></textarea>
        <button type="submit" class="primary">
          {t.rewriteButton(index)}
        </button>
      </form>
    </details>
  );
}

/**
 * Edit this section's Markdown in place, with a live preview (src/views/client/section-editor.ts fills
 * it from the section's newest version and saves it over that version). Shown to owners only, on a
 * finished section of a draft at rest (CSS); the form stays open if a run starts meanwhile.
 */
function SectionEditor({ index, t }: { index: number | string; t: Catalogue }) {
  const id = `edit-${index}`;
  return (
    <div class="section-edit">
      <button type="button" class="edit-open" data-edit-open={String(index)} aria-expanded="false" aria-controls={id}>
        {t.editButton(index)}
      </button>
      <form class="edit-form" id={id} data-section={String(index)} aria-label={t.editButton(index)} hidden>
        <label for={`${id}-text`}>{t.editLabel}</label>
        <textarea
          id={`${id}-text`}
          name="content"
          maxlength={SECTION_EDIT_MAX_CHARS}
          aria-describedby={`${id}-keys`}
        ></textarea>
        <p class="hint" id={`${id}-keys`}>
          {t.editKeys}
        </p>
        <p class="edit-note" role="status" aria-live="polite"></p>
        <div class="edit-newer" hidden>
          <p class="label">{t.editNewer}</p>
          <div class="edit-newer-text md"></div>
        </div>
        <p class="label" aria-hidden="true">
          {t.preview}
        </p>
        <section class="edit-preview md" aria-label={t.preview}></section>
        <div class="button-row">
          <button type="submit" class="primary">
            {t.save}
          </button>
          <button type="button" data-edit-cancel>
            {t.cancel}
          </button>
        </div>
      </form>
    </div>
  );
}

/**
 * The markup of a section the browser adds itself: `__N__` stands for its index and is replaced by the
 * client script in attributes and text (titles are set with textContent, never parsed as HTML).
 */
export function SectionTemplate({ controls = true, t }: { controls?: boolean; t: Catalogue }) {
  return (
    <template id="section-template">
      <section
        class="doc-section"
        id="section-__N__"
        data-index="__N__"
        data-state="writing"
        aria-labelledby="section-__N__-title"
      >
        <SectionHeading index="__N__" title="" t={t} />
        <SectionLiveText text="" />
        {controls ? <SectionTools index="__N__" t={t} /> : null}
      </section>
    </template>
  );
}
