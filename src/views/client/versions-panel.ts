// The page's versions card: lists a section's kept texts (GET …/sections/N/versions: summaries, newest
// first, a page at a time), shows one whole on demand (GET …/versions/V) and restores one (POST
// …/versions/V/restore). A section keeps its first and newest texts only, and no answer holds more than
// one of them, so the card stays small however often the section was edited. A restore is appended to
// the draft's log like any rewrite, so the page follows it by reconnecting its stream; it never renders
// the text itself. Any two versions can be compared (version-compare.ts). A version's text is Markdown,
// shown formatted by the document's own safe renderer (version-dialog.ts), its whole text and a comparison
// in the card's dialog; every other text from the API is set with textContent only.

import type { EventStream } from './event-stream.js';
import type { LiveDocument } from './live-document.js';
import type { LiveMarkdown } from './live-markdown.js';
import type { Poller } from './poller.js';
import { T } from './labels.js';
import { refusal } from './controls.js';
import { wireCompare } from './version-compare.js';
import { versionText, wireVersionDialog } from './version-dialog.js';

interface VersionSummary {
  version: number;
  source: string;
  instruction?: string;
  createdAt: string;
  length: number;
  excerpt: string;
}

interface VersionPage {
  versions: VersionSummary[];
  nextBefore?: number;
}

/** Versions asked for at a time. */
const PAGE_SIZE = 10;

export function wireVersions(
  root: HTMLElement,
  doc: LiveDocument,
  stream: EventStream,
  poller: Poller,
  markdown: LiveMarkdown | undefined,
): void {
  const form = root.querySelector<HTMLFormElement>('form.versions-form');
  const list = root.querySelector<HTMLOListElement>('#versions-list');
  const dialog = wireVersionDialog(root);
  if (!form || !list || !dialog) return;
  const base = () => `/api/generations/${doc.id}/sections/${Number(new FormData(form).get('section'))}`;
  // The section's number and title as the select shows them ("2. Confidentiality").
  const sectionName = () => form.querySelector<HTMLSelectElement>('select')?.selectedOptions[0]?.textContent ?? '';
  const older = document.createElement('button');
  older.type = 'button';
  older.className = 'versions-older';
  older.textContent = T.olderVersions;
  older.hidden = true;
  list.after(older);
  let nextBefore: number | undefined;
  let newest: number | undefined;
  const compare = wireCompare(root, doc, base, dialog, sectionName);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void show();
  });
  older.addEventListener('click', () => void more());

  list.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-version]');
    if (!button || button.disabled) return;
    if (button.dataset.action === 'text') void showText(button);
    else if (button.dataset.action === 'compare')
      void compare?.compare(Number(button.dataset.version), newest ?? 1, button);
    else void restore(button);
  });

  const getJson = async <Body>(url: string): Promise<Body | undefined> => {
    const response = await fetch(url, { headers: { accept: 'application/json' } }).catch(() => undefined);
    return response?.ok ? ((await response.json()) as Body) : undefined;
  };

  async function show(): Promise<void> {
    list!.replaceChildren();
    older.hidden = true;
    newest = undefined;
    nextBefore = undefined;
    await more();
  }

  async function more(): Promise<void> {
    const before = nextBefore === undefined ? '' : `&before=${nextBefore}`;
    const page = await getJson<VersionPage>(`${base()}/versions?limit=${PAGE_SIZE}${before}`);
    if (!page) {
      doc.note(T.versionsUnreadable);
      return;
    }
    if (newest === undefined) compare?.propose(page.versions[1]?.version, page.versions[0]?.version);
    newest ??= page.versions[0]?.version;
    for (const version of page.versions) list!.append(item(version, version.version === newest));
    nextBefore = page.nextBefore;
    older.hidden = nextBefore === undefined;
  }

  function item(version: VersionSummary, current: boolean): HTMLLIElement {
    const li = document.createElement('li');
    li.className = 'version';
    const head = document.createElement('p');
    const when = new Date(version.createdAt).toLocaleString(document.documentElement.lang);
    const source = T.versionSources[version.source] ?? version.source;
    head.textContent = `v${version.version} · ${source} · ${when}${current ? ` · ${T.versionCurrent}` : ''}`;
    const text = versionText(markdown, version.excerpt, version.length > version.excerpt.length);
    li.append(head);
    if (version.instruction) {
      const instruction = document.createElement('p');
      instruction.className = 'hint';
      instruction.textContent = T.versionInstruction(version.instruction);
      li.append(instruction);
    }
    li.append(text, button(version.version, 'text', T.versionReadButton(version.version)));
    if (!current) {
      li.append(button(version.version, 'compare', T.compareWithCurrent(version.version)));
      li.append(button(version.version, 'restore', T.restoreButton(version.version)));
    }
    return li;
  }

  function button(version: number, action: 'text' | 'compare' | 'restore', label: string): HTMLButtonElement {
    const element = document.createElement('button');
    element.type = 'button';
    element.dataset.version = String(version);
    element.dataset.action = action;
    element.textContent = label;
    return element;
  }

  /** Reads the version's whole text and shows it, formatted, in the dialog. */
  async function showText(trigger: HTMLButtonElement): Promise<void> {
    trigger.disabled = true;
    const version = await getJson<{ version: number; content: string }>(
      `${base()}/versions/${trigger.dataset.version}`,
    );
    trigger.disabled = false;
    if (!version) {
      doc.note(T.versionTextUnreadable);
      return;
    }
    dialog!.open(T.versionTitle(sectionName(), version.version), [versionText(markdown, version.content)], trigger);
  }

  async function restore(trigger: HTMLButtonElement): Promise<void> {
    trigger.disabled = true;
    const url = `${base()}/versions/${trigger.dataset.version}/restore`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{}',
    }).catch(() => undefined);
    if (!response?.ok) {
      doc.note(T.notRestored(response ? await refusal(response) : T.unreachable));
      trigger.disabled = false;
      return;
    }
    doc.announce(T.restored(trigger.dataset.version ?? ''));
    // The list is drawn again (this button goes): focus goes to the restored section.
    doc.focusSection(Number(new FormData(form!).get('section')));
    // The restore is in the log after the newest event shown: follow it as a rewrite is followed.
    if (poller.running) window.location.reload();
    else stream.connect();
    await show();
  }
}
