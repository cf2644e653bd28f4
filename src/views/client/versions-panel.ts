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
import { wireCompare, type VersionCompare } from './version-compare.js';
import { versionText, wireVersionDialog, type VersionDialog } from './version-dialog.js';

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
  const panel = new VersionsPanel({ root, doc, stream, poller, markdown, form, list, dialog });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void panel.show();
  });
  list.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-version]');
    if (button && !button.disabled) void panel.act(button);
  });
}

interface PanelParts {
  root: HTMLElement;
  doc: LiveDocument;
  stream: EventStream;
  poller: Poller;
  markdown: LiveMarkdown | undefined;
  form: HTMLFormElement;
  list: HTMLOListElement;
  dialog: VersionDialog;
}

/** The card's state: the section shown, its newest version and where the next (older) page starts. */
class VersionsPanel {
  private readonly older = document.createElement('button');
  private readonly compare: VersionCompare | undefined;
  private readonly parts: PanelParts;
  private nextBefore: number | undefined;
  private newest: number | undefined;

  constructor(parts: PanelParts) {
    this.parts = parts;
    const { root, doc, dialog, list } = parts;
    this.older.type = 'button';
    this.older.className = 'versions-older';
    this.older.textContent = T.olderVersions;
    this.older.hidden = true;
    this.older.addEventListener('click', () => void this.more());
    list.after(this.older);
    this.compare = wireCompare(
      root,
      doc,
      () => this.base(),
      dialog,
      () => this.sectionName(),
    );
  }

  /** The section's API path, from the card's select. */
  private base(): string {
    return `/api/generations/${this.parts.doc.id}/sections/${this.section()}`;
  }

  private section(): number {
    return Number(new FormData(this.parts.form).get('section'));
  }

  /** The section's number and title as the select shows them ("2. Confidentiality"). */
  private sectionName(): string {
    return this.parts.form.querySelector<HTMLSelectElement>('select')?.selectedOptions[0]?.textContent ?? '';
  }

  /** The list drawn again from the newest version. */
  async show(): Promise<void> {
    this.parts.list.replaceChildren();
    this.older.hidden = true;
    this.newest = undefined;
    this.nextBefore = undefined;
    await this.more();
  }

  /** A version's button pressed: read it, compare it with the current text, or restore it. */
  async act(button: HTMLButtonElement): Promise<void> {
    const version = Number(button.dataset.version);
    if (button.dataset.action === 'text') await this.showText(version, button);
    else if (button.dataset.action === 'compare') await this.compare?.compare(version, this.newest ?? 1, button);
    else await this.restore(version, button);
  }

  private async more(): Promise<void> {
    const before = this.nextBefore === undefined ? '' : `&before=${this.nextBefore}`;
    const page = await getJson<VersionPage>(`${this.base()}/versions?limit=${PAGE_SIZE}${before}`);
    if (!page) {
      this.parts.doc.note(T.versionsUnreadable);
      return;
    }
    if (this.newest === undefined) this.compare?.propose(page.versions[1]?.version, page.versions[0]?.version);
    this.newest ??= page.versions[0]?.version;
    for (const version of page.versions)
      this.parts.list.append(versionItem(version, version.version === this.newest, this.parts.markdown));
    this.nextBefore = page.nextBefore;
    this.older.hidden = this.nextBefore === undefined;
  }

  /** Reads the version's whole text and shows it, formatted, in the dialog. */
  private async showText(version: number, trigger: HTMLButtonElement): Promise<void> {
    trigger.disabled = true;
    const read = await getJson<{ version: number; content: string }>(`${this.base()}/versions/${version}`);
    trigger.disabled = false;
    if (!read) {
      this.parts.doc.note(T.versionTextUnreadable);
      return;
    }
    const title = T.versionTitle(this.sectionName(), read.version);
    this.parts.dialog.open(title, [versionText(this.parts.markdown, read.content)], trigger);
  }

  private async restore(version: number, trigger: HTMLButtonElement): Promise<void> {
    const { doc, poller, stream } = this.parts;
    trigger.disabled = true;
    const response = await fetch(`${this.base()}/versions/${version}/restore`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{}',
    }).catch(() => undefined);
    if (!response?.ok) {
      doc.note(T.notRestored(response ? await refusal(response) : T.unreachable));
      trigger.disabled = false;
      return;
    }
    doc.announce(T.restored(String(version)));
    // The list is drawn again (this button goes): focus goes to the restored section.
    doc.focusSection(this.section());
    // The restore is in the log after the newest event shown: follow it as a rewrite is followed.
    if (poller.running) window.location.reload();
    else stream.connect();
    await this.show();
  }
}

async function getJson<Body>(url: string): Promise<Body | undefined> {
  const response = await fetch(url, { headers: { accept: 'application/json' } }).catch(() => undefined);
  return response?.ok ? ((await response.json()) as Body) : undefined;
}

/** One version in the list: its number, how it came, when, its opening formatted, and its buttons. */
function versionItem(version: VersionSummary, current: boolean, markdown: LiveMarkdown | undefined): HTMLLIElement {
  const li = document.createElement('li');
  li.className = 'version';
  const head = document.createElement('p');
  const when = new Date(version.createdAt).toLocaleString(document.documentElement.lang);
  const source = T.versionSources[version.source] ?? version.source;
  head.textContent = `v${version.version} · ${source} · ${when}${current ? ` · ${T.versionCurrent}` : ''}`;
  li.append(head);
  if (version.instruction) {
    const instruction = document.createElement('p');
    instruction.className = 'hint';
    instruction.textContent = T.versionInstruction(version.instruction);
    li.append(instruction);
  }
  const text = versionText(markdown, version.excerpt, version.length > version.excerpt.length);
  li.append(text, actionButton(version.version, 'text', T.versionReadButton(version.version)));
  if (!current) {
    li.append(actionButton(version.version, 'compare', T.compareWithCurrent(version.version)));
    li.append(actionButton(version.version, 'restore', T.restoreButton(version.version)));
  }
  return li;
}

function actionButton(version: number, action: 'text' | 'compare' | 'restore', label: string): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.dataset.version = String(version);
  element.dataset.action = action;
  element.textContent = label;
  return element;
}
