// The page's versions card: lists a section's kept texts (GET …/sections/N/versions) and restores one
// (POST …/versions/V/restore). A restore is appended to the draft's log like any rewrite, so the page
// follows it by reconnecting its stream; it never renders the text itself. Text from the API is set
// with textContent only.

import type { EventStream } from './event-stream.js';
import type { LiveDocument } from './live-document.js';
import type { Poller } from './poller.js';
import { T } from './labels.js';
import { refusal } from './controls.js';

interface VersionView {
  version: number;
  source: string;
  content: string;
  instruction?: string;
  createdAt: string;
}

export function wireVersions(root: HTMLElement, doc: LiveDocument, stream: EventStream, poller: Poller): void {
  const form = root.querySelector<HTMLFormElement>('form.versions-form');
  const list = root.querySelector<HTMLOListElement>('#versions-list');
  if (!form || !list) return;
  const base = () => `/api/generations/${doc.id}/sections/${Number(new FormData(form).get('section'))}`;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void show();
  });

  list.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-version]');
    if (button && !button.disabled) void restore(button);
  });

  async function show(): Promise<void> {
    list!.replaceChildren();
    const response = await fetch(`${base()}/versions`, { headers: { accept: 'application/json' } }).catch(
      () => undefined,
    );
    if (!response?.ok) {
      doc.note(T.versionsUnreadable);
      return;
    }
    const { versions } = (await response.json()) as { versions: VersionView[] };
    const newest = versions.at(-1)?.version;
    for (const version of [...versions].reverse()) list!.append(item(version, version.version === newest));
  }

  function item(version: VersionView, current: boolean): HTMLLIElement {
    const li = document.createElement('li');
    li.className = 'version';
    const head = document.createElement('p');
    const when = new Date(version.createdAt).toLocaleString(document.documentElement.lang);
    const source = T.versionSources[version.source] ?? version.source;
    head.textContent = `v${version.version} · ${source} · ${when}${current ? ` · ${T.versionCurrent}` : ''}`;
    const text = document.createElement('p');
    text.className = 'version-text';
    text.textContent = version.content.length > 280 ? `${version.content.slice(0, 279)}…` : version.content;
    li.append(head);
    if (version.instruction) {
      const instruction = document.createElement('p');
      instruction.className = 'hint';
      instruction.textContent = T.versionInstruction(version.instruction);
      li.append(instruction);
    }
    li.append(text);
    if (!current) {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.version = String(version.version);
      button.textContent = T.restoreButton(version.version);
      li.append(button);
    }
    return li;
  }

  async function restore(button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    const url = `${base()}/versions/${button.dataset.version}/restore`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{}',
    }).catch(() => undefined);
    if (!response?.ok) {
      doc.note(T.notRestored(response ? await refusal(response) : T.unreachable));
      button.disabled = false;
      return;
    }
    doc.announce(T.restored(button.dataset.version ?? ''));
    // The list is drawn again (this button goes): focus goes to the restored section.
    doc.focusSection(Number(new FormData(form!).get('section')));
    // The restore is in the log after the newest event shown: follow it as a rewrite is followed.
    if (poller.running) window.location.reload();
    else stream.connect();
    await show();
  }
}
