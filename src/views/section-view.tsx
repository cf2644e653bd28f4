import { renderMarkdown, renderMarkdownSoFar } from '../domain/markdown.js';
import type { SectionState } from './document-state.js';
import { SECTION_EDIT_MAX_CHARS } from '../domain/versions.js';

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
export function SectionLiveText({ text }: { text: string }) {
  return (
    <div class="section-body live md">
      <template class="live-source">{text}</template>
      <div class="live-text" dangerouslySetInnerHTML={{ __html: text === '' ? '' : renderMarkdownSoFar(text) }} />
      <span class="cursor" aria-hidden="true"></span>
    </div>
  );
}

/** `controls` false (a share link): no rewrite form. */
export function SectionView({ section, controls = true }: { section: SectionState; controls?: boolean }) {
  const done = section.content !== undefined;
  return (
    <section
      class="doc-section"
      id={`section-${section.index}`}
      data-index={String(section.index)}
      data-state={done ? 'done' : 'writing'}
      aria-labelledby={`section-${section.index}-title`}
    >
      <SectionHeading index={section.index} title={section.title} />
      {done ? <SectionMarkdown content={section.content ?? ''} /> : <SectionLiveText text={section.text} />}
      {controls ? <SectionEditor index={section.index} /> : null}
      {controls ? <RewriteForm index={section.index} /> : null}
    </section>
  );
}

function SectionHeading({ index, title }: { index: number | string; title: string }) {
  return (
    <h2 class="section-title" id={`section-${index}-title`}>
      <span class="section-number">{`${index}.`}</span>
      <span class="section-name">{title}</span>
    </h2>
  );
}

/** Regenerate this section, with an optional instruction (the client script posts it to the JSON API). */
function RewriteForm({ index }: { index: number | string }) {
  return (
    <details class="rewrite">
      <summary>Rewrite this section</summary>
      <form class="rewrite-form" data-section={String(index)}>
        <label for={`rewrite-${index}`}>Instruction for the rewrite (optional)</label>
        <textarea
          id={`rewrite-${index}`}
          name="instruction"
          maxlength={1000}
          placeholder="e.g. shorter, and name Ireland as the governing law"
        ></textarea>
        <button type="submit" class="primary">
          {`Rewrite section ${index}`}
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
function SectionEditor({ index }: { index: number | string }) {
  const id = `edit-${index}`;
  return (
    <div class="section-edit">
      <button type="button" class="edit-open" data-edit-open={String(index)} aria-expanded="false" aria-controls={id}>
        {`Edit section ${index}`}
      </button>
      <form class="edit-form" id={id} data-section={String(index)} aria-label={`Edit section ${index}`} hidden>
        <label for={`${id}-text`}>Text of this section (Markdown)</label>
        <textarea
          id={`${id}-text`}
          name="content"
          maxlength={SECTION_EDIT_MAX_CHARS}
          aria-describedby={`${id}-keys`}
        ></textarea>
        <p class="hint" id={`${id}-keys`}>
          Ctrl+Enter (⌘+Enter on a Mac) saves, Escape cancels.
        </p>
        <p class="edit-note" role="status" aria-live="polite"></p>
        <div class="edit-newer" hidden>
          <p class="label">The newer text saved elsewhere</p>
          <div class="edit-newer-text md"></div>
        </div>
        <p class="label" aria-hidden="true">
          Preview
        </p>
        <section class="edit-preview md" aria-label="Preview"></section>
        <div class="button-row">
          <button type="submit" class="primary">
            Save
          </button>
          <button type="button" data-edit-cancel>
            Cancel
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
export function SectionTemplate({ controls = true }: { controls?: boolean }) {
  return (
    <template id="section-template">
      <section
        class="doc-section"
        id="section-__N__"
        data-index="__N__"
        data-state="writing"
        aria-labelledby="section-__N__-title"
      >
        <SectionHeading index="__N__" title="" />
        <SectionLiveText text="" />
        {controls ? <SectionEditor index="__N__" /> : null}
        {controls ? <RewriteForm index="__N__" /> : null}
      </section>
    </template>
  );
}
