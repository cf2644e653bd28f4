// Live edits: the owner edits a finished section's Markdown in place (PUT /api/generations/:id/sections/:index
// with the version the editor started from). The page never shows the saved text itself: like a restore, the
// edit comes back through the draft's log (reset, section_start, token, section_end), to this tab and to
// every other viewer. Text from the API goes in as textContent, or rendered by markdown-it with the server's
// options and link/image rules (raw HTML off), as everywhere on the page.
//
// Nothing is lost between tabs: when another tab saves the section first, the server answers 409
// `stale_version` with the newer text, which is shown beside the editor while the user's own text stays in it;
// a newer version arriving through the log while the editor is open is shown the same way.

import type { EventData } from '../../domain/document-reducer.js';
import type { ErrorCode } from '../../domain/error-codes.js';
import type { EventType } from '../../domain/events.js';
import { T } from './labels.js';
import { refusal } from './controls.js';
import type { LiveDocument } from './live-document.js';
import type { LiveMarkdown } from './live-markdown.js';
import type { Poller } from './poller.js';

interface VersionView {
  version: number;
  content: string;
}

interface Editor {
  form: HTMLFormElement;
  textarea: HTMLTextAreaElement;
  index: number;
}

/** What the editor's handlers work with: the page, its document, how it follows the log. */
interface EditPage {
  root: HTMLElement;
  doc: LiveDocument;
  follow: { readonly watching: boolean; connect(): void };
  poller: Poller;
  markdown: LiveMarkdown | undefined;
}

export function wireEditors(
  root: HTMLElement,
  doc: LiveDocument,
  follow: EditPage['follow'],
  poller: Poller,
  markdown: LiveMarkdown | undefined,
): void {
  const page: EditPage = { root, doc, follow, poller, markdown };
  root.addEventListener('click', (event) => {
    const target = event.target as Element | null;
    const open = target?.closest<HTMLButtonElement>('button[data-edit-open]');
    if (open && !open.disabled) void openEditor(page, open);
    const cancel = target?.closest<HTMLButtonElement>('button[data-edit-cancel]');
    const editor = cancel ? editorOf(cancel) : undefined;
    if (editor) closeEditor(page, editor);
  });
  root.addEventListener('input', (event) => {
    const editor = editorOf(event.target as Element | null);
    const preview = editor?.form.querySelector<HTMLElement>('.edit-preview');
    if (editor && preview) render(page, preview, editor.textarea.value);
  });
  root.addEventListener('keydown', (event) => onKey(page, event));
  root.addEventListener('submit', (event) => {
    const editor = editorOf(event.target as Element | null);
    if (!editor) return;
    event.preventDefault();
    void save(page, editor);
  });
  doc.onEvent((type, data) => onNewerVersion(page, type, data));
}

/** Escape closes the editor, Ctrl/Cmd+Enter saves. */
function onKey(page: EditPage, event: KeyboardEvent): void {
  const editor = editorOf(event.target as Element | null);
  if (!editor) return;
  if (event.key === 'Escape') {
    event.preventDefault();
    closeEditor(page, editor);
  } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    editor.form.requestSubmit();
  }
}

/** A newer version of a section being edited arrived through the log (another tab, another person). */
function onNewerVersion(page: EditPage, type: EventType, data: EventData): void {
  if (type !== 'section_end') return;
  const form = page.root.querySelector<HTMLFormElement>(`form.edit-form[data-section="${Number(data.index)}"]`);
  const editor = form && !form.hidden ? editorOf(form) : undefined;
  if (!editor || form?.dataset.saving === 'on') return;
  const version = typeof data.version === 'number' ? data.version : undefined;
  if (version !== undefined && version <= Number(editor.form.dataset.base)) return;
  showNewer(page, editor, { version: version ?? 0, content: String(data.content) });
  note(editor, T.newerArrived(version));
}

const sectionUrl = (page: EditPage, index: number) => `/api/generations/${page.doc.id}/sections/${index}`;

function render(page: EditPage, target: HTMLElement, text: string): void {
  if (page.markdown)
    target.innerHTML = page.markdown.final(text); // markdown-it, raw HTML off, links and images made safe
  else target.textContent = text;
}

function editorOf(element: Element | null): Editor | undefined {
  const form = element?.closest<HTMLFormElement>('form.edit-form');
  const textarea = form?.querySelector<HTMLTextAreaElement>('textarea');
  return form && textarea ? { form, textarea, index: Number(form.dataset.section) } : undefined;
}

function note(editor: Editor, text: string): void {
  const el = editor.form.querySelector('.edit-note');
  if (el) el.textContent = text;
}

function showNewer(page: EditPage, editor: Editor, newer: VersionView | undefined): void {
  const box = editor.form.querySelector<HTMLElement>('.edit-newer');
  const text = editor.form.querySelector<HTMLElement>('.edit-newer-text');
  if (!box || !text) return;
  box.hidden = newer === undefined;
  if (newer) render(page, text, newer.content);
  else text.replaceChildren();
}

/** The section's newest version, whole. */
function newestVersion(page: EditPage, index: number): Promise<VersionView | undefined> {
  return fetch(`${sectionUrl(page, index)}/versions/latest`, { headers: { accept: 'application/json' } })
    .then(async (r) => (r.ok ? ((await r.json()) as VersionView) : undefined))
    .catch(() => undefined);
}

async function openEditor(page: EditPage, button: HTMLButtonElement): Promise<void> {
  const index = Number(button.dataset.editOpen);
  const editor = editorOf(page.root.querySelector(`#edit-${index}`));
  if (!editor) return;
  // Busy, not disabled: a disabled button would drop the focus while the text is fetched.
  if (button.getAttribute('aria-busy') === 'true') return;
  button.setAttribute('aria-busy', 'true');
  const newest = await newestVersion(page, index);
  button.removeAttribute('aria-busy');
  if (!newest) {
    page.doc.note(T.editUnreadable(index));
    return;
  }
  editor.form.dataset.base = String(newest.version);
  editor.textarea.value = newest.content;
  showNewer(page, editor, undefined);
  note(editor, '');
  const preview = editor.form.querySelector<HTMLElement>('.edit-preview');
  if (preview) render(page, preview, newest.content);
  editor.form.hidden = false;
  editor.form.closest('.section-edit')?.classList.add('open');
  button.setAttribute('aria-expanded', 'true');
  editor.textarea.focus();
}

/** Closes the editor; `focusButton` false when the caller puts focus somewhere better. */
function closeEditor(page: EditPage, editor: Editor, focusButton = true): void {
  editor.form.hidden = true;
  editor.form.closest('.section-edit')?.classList.remove('open');
  const button = page.root.querySelector<HTMLButtonElement>(`button[data-edit-open="${editor.index}"]`);
  button?.setAttribute('aria-expanded', 'false');
  if (focusButton) button?.focus();
}

/** What PUT …/sections/:index answers. */
type SaveAnswer =
  | { version?: number; unchanged?: boolean; error?: { code?: ErrorCode; message?: string }; latest?: VersionView }
  | undefined;

async function save(page: EditPage, editor: Editor): Promise<void> {
  const { form, textarea, index } = editor;
  // One save at a time; Save stays enabled (busy) so that it keeps the focus it may have.
  if (form.dataset.saving === 'on') return;
  const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  submit?.setAttribute('aria-busy', 'true');
  form.dataset.saving = 'on';
  note(editor, T.saving);
  const response = await fetch(sectionUrl(page, index), {
    method: 'PUT',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ content: textarea.value, baseVersion: Number(form.dataset.base) }),
  }).catch(() => undefined);
  delete form.dataset.saving;
  submit?.removeAttribute('aria-busy');
  const body = (await response?.json().catch(() => undefined)) as SaveAnswer;
  if (response?.ok) saved(page, editor, body);
  else if (response?.status === 409 && body?.error?.code === 'stale_version' && body.latest) {
    // Someone saved first: show theirs, keep ours, and let a second Save replace theirs knowingly.
    form.dataset.base = String(body.latest.version);
    showNewer(page, editor, body.latest);
    note(editor, T.savedFirstElsewhere(body.latest.version));
    textarea.focus();
  } else note(editor, T.notSaved(response ? await refusalOf(response, body) : T.unreachable));
}

function saved(page: EditPage, editor: Editor, body: SaveAnswer): void {
  const { doc, follow, poller } = page;
  closeEditor(page, editor, false);
  // Focus goes to the saved section (its Edit button is hidden while the new text comes through the log).
  doc.focusSection(editor.index);
  doc.announce(body?.unchanged ? T.savedUnchanged(editor.index) : T.saved(editor.index, Number(body?.version)));
  // The edit is in the log after the newest event shown: follow it unless the page already does.
  if (poller.running) window.location.reload();
  else if (!follow.watching) follow.connect();
}

/** The refusal of a save in the page's words, from a response whose body was already read. */
function refusalOf(response: Response, body: unknown): Promise<string> {
  return refusal(new Response(JSON.stringify(body ?? {}), { status: response.status, headers: response.headers }));
}
