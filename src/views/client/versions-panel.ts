// The page's versions card: lists a section's kept texts (GET …/sections/N/versions: summaries, newest
// first, a page at a time), shows one whole on demand (GET …/versions/V) and restores one (POST
// …/versions/V/restore). A section keeps its first and newest texts only, and no answer holds more than
// one of them, so the card stays small however often the section was edited. A restore is appended to
// the draft's log like any rewrite, so the page follows it by reconnecting its stream; it never renders
// the text itself. Text from the API is set with textContent only.

import type { EventStream } from './event-stream.js';
import type { LiveDocument } from './live-document.js';
import type { Poller } from './poller.js';
import { T } from './labels.js';
import { refusal } from './controls.js';

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

export function wireVersions(root: HTMLElement, doc: LiveDocument, stream: EventStream, poller: Poller): void {
  const form = root.querySelector<HTMLFormElement>('form.versions-form');
  const list = root.querySelector<HTMLOListElement>('#versions-list');
  if (!form || !list) return;
  const card = new VersionsCard(form, list, doc, () => {
    // A restore is in the log after the newest event shown: follow it as a rewrite is followed.
    if (poller.running) window.location.reload();
    else stream.connect();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void card.show();
  });
  list.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-version]');
    if (!button || button.disabled) return;
    if (button.dataset.action === 'text') void card.showText(button);
    else void card.restore(button);
  });
}

class VersionsCard {
  private readonly form: HTMLFormElement;
  private readonly list: HTMLOListElement;
  private readonly doc: LiveDocument;
  private readonly followRestore: () => void;
  /** "Show older versions": shown while there is a next page. */
  private readonly older: HTMLButtonElement;
  private nextBefore: number | undefined;
  private newest: number | undefined;

  constructor(form: HTMLFormElement, list: HTMLOListElement, doc: LiveDocument, followRestore: () => void) {
    this.form = form;
    this.list = list;
    this.doc = doc;
    this.followRestore = followRestore;
    this.older = document.createElement('button');
    this.older.type = 'button';
    this.older.className = 'versions-older';
    this.older.textContent = T.olderVersions;
    this.older.hidden = true;
    list.after(this.older);
    this.older.addEventListener('click', () => void this.more());
  }

  /** The chosen section's versions, from the newest. */
  async show(): Promise<void> {
    this.list.replaceChildren();
    this.older.hidden = true;
    this.newest = undefined;
    this.nextBefore = undefined;
    await this.more();
  }

  /** Loads the version's whole text into its item, in place of its opening. */
  async showText(trigger: HTMLButtonElement): Promise<void> {
    trigger.disabled = true;
    const version = await getJson<{ content: string }>(`${this.base()}/versions/${trigger.dataset.version}`);
    const text = trigger.closest('li')?.querySelector('.version-text');
    if (!version || !text) {
      this.doc.note(T.versionTextUnreadable);
      trigger.disabled = false;
      return;
    }
    text.textContent = version.content;
    // The button goes: the focus stays in the item, on its text's next control (or the item).
    const next = trigger.nextElementSibling as HTMLElement | null;
    trigger.remove();
    next?.focus();
  }

  async restore(trigger: HTMLButtonElement): Promise<void> {
    trigger.disabled = true;
    const url = `${this.base()}/versions/${trigger.dataset.version}/restore`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{}',
    }).catch(() => undefined);
    if (!response?.ok) {
      this.doc.note(T.notRestored(response ? await refusal(response) : T.unreachable));
      trigger.disabled = false;
      return;
    }
    this.doc.announce(T.restored(trigger.dataset.version ?? ''));
    // The list is drawn again (this button goes): focus goes to the restored section.
    this.doc.focusSection(this.section());
    this.followRestore();
    await this.show();
  }

  private async more(): Promise<void> {
    const before = this.nextBefore === undefined ? '' : `&before=${this.nextBefore}`;
    const page = await getJson<VersionPage>(`${this.base()}/versions?limit=${PAGE_SIZE}${before}`);
    if (!page) {
      this.doc.note(T.versionsUnreadable);
      return;
    }
    this.newest ??= page.versions[0]?.version;
    for (const version of page.versions) this.list.append(versionItem(version, version.version === this.newest));
    this.nextBefore = page.nextBefore;
    this.older.hidden = this.nextBefore === undefined;
  }

  private section(): number {
    return Number(new FormData(this.form).get('section'));
  }

  private base(): string {
    return `/api/generations/${this.doc.id}/sections/${this.section()}`;
  }
}

async function getJson<Body>(url: string): Promise<Body | undefined> {
  const response = await fetch(url, { headers: { accept: 'application/json' } }).catch(() => undefined);
  return response?.ok ? ((await response.json()) as Body) : undefined;
}

/** One version of the list: its number, how it came, when; its opening; its buttons. */
function versionItem(version: VersionSummary, current: boolean): HTMLLIElement {
  const li = document.createElement('li');
  li.className = 'version';
  const head = document.createElement('p');
  const when = new Date(version.createdAt).toLocaleString(document.documentElement.lang);
  const source = T.versionSources[version.source] ?? version.source;
  head.textContent = `v${version.version} · ${source} · ${when}${current ? ` · ${T.versionCurrent}` : ''}`;
  const text = document.createElement('p');
  text.className = 'version-text';
  text.textContent = version.length > version.excerpt.length ? `${version.excerpt}…` : version.excerpt;
  li.append(head);
  if (version.instruction) {
    const instruction = document.createElement('p');
    instruction.className = 'hint';
    instruction.textContent = T.versionInstruction(version.instruction);
    li.append(instruction);
  }
  li.append(text);
  if (version.length > version.excerpt.length)
    li.append(actionButton(version.version, 'text', T.versionWholeButton(version.version)));
  if (!current) li.append(actionButton(version.version, 'restore', T.restoreButton(version.version)));
  return li;
}

function actionButton(version: number, action: 'text' | 'restore', label: string): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.dataset.version = String(version);
  element.dataset.action = action;
  element.textContent = label;
  return element;
}
