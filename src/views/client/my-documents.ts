// The list of my documents on the start page: rename a draft in place (PATCH /api/generations/:id) and
// delete one (DELETE /api/generations/:id) once the <dialog> confirms it. Names are set with textContent
// only. Without this script the list, its search and its pages still work; renaming and deleting need it.

import { T } from './labels.js';
import { refusal } from './controls.js';

export function wireMyDocuments(): void {
  const list = document.getElementById('my-documents');
  const dialog = document.getElementById('delete-dialog');
  const note = document.getElementById('docs-note');
  if (!list || !(dialog instanceof HTMLDialogElement) || !note) return;
  const say = (text: string) => {
    note.textContent = text;
  };
  let deleting: { item: HTMLElement; trigger: HTMLButtonElement } | undefined;

  list.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-action]');
    const item = button?.closest<HTMLElement>('li.doc-item');
    if (!button || !item) return;
    if (button.dataset.action === 'rename') openRename(item);
    else if (button.dataset.action === 'cancel-rename') closeRename(item);
    else if (button.dataset.action === 'delete') {
      deleting = { item, trigger: button };
      const text = document.getElementById('delete-dialog-text');
      if (text) text.textContent = T.docsDeleteText(item.dataset.name ?? '');
      dialog.returnValue = '';
      dialog.showModal();
    }
  });

  list.addEventListener('submit', (event) => {
    const form = event.target as HTMLFormElement;
    const item = form.closest<HTMLElement>('li.doc-item');
    if (!form.classList.contains('rename-form') || !item) return;
    event.preventDefault();
    void rename(item, form, say);
  });

  dialog.addEventListener('close', () => {
    const target = deleting;
    deleting = undefined;
    if (!target) return;
    if (dialog.returnValue === 'delete') void remove(target.item, target.trigger, say);
    else target.trigger.focus();
  });
}

const draftUrl = (item: HTMLElement) => `/api/generations/${item.dataset.id}`;

function openRename(item: HTMLElement): void {
  const form = item.querySelector<HTMLFormElement>('form.rename-form');
  if (!form) return;
  form.hidden = false;
  const input = form.querySelector('input');
  input?.focus();
  input?.select();
}

function closeRename(item: HTMLElement): void {
  const form = item.querySelector<HTMLFormElement>('form.rename-form');
  if (form) form.hidden = true;
  item.querySelector<HTMLButtonElement>('button[data-action="rename"]')?.focus();
}

async function rename(item: HTMLElement, form: HTMLFormElement, say: (text: string) => void): Promise<void> {
  const name = String(new FormData(form).get('name') ?? '');
  const response = await fetch(draftUrl(item), {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ name }),
  }).catch(() => undefined);
  if (!response?.ok) {
    say(T.docsNotRenamed(response ? await refusal(response) : T.unreachable));
    return;
  }
  const renamed = ((await response.json()) as { name: string }).name;
  item.dataset.name = renamed;
  const shown = item.querySelector('.doc-name');
  if (shown) shown.textContent = renamed;
  item.querySelector('button[data-action="rename"]')?.setAttribute('aria-label', T.docsRename(renamed));
  item.querySelector('button[data-action="delete"]')?.setAttribute('aria-label', T.docsDelete(renamed));
  say(T.docsRenamed(renamed));
  closeRename(item);
}

async function remove(item: HTMLElement, trigger: HTMLButtonElement, say: (text: string) => void): Promise<void> {
  const name = item.dataset.name ?? '';
  const response = await fetch(draftUrl(item), { method: 'DELETE', headers: { accept: 'application/json' } }).catch(
    () => undefined,
  );
  if (!response?.ok) {
    say(T.docsNotDeleted(response ? await refusal(response) : T.unreachable));
    trigger.focus();
    return;
  }
  // Focus goes on to the next draft (or the previous, or the search box): it never falls to the page.
  const next = (item.nextElementSibling ?? item.previousElementSibling)?.querySelector<HTMLElement>('a');
  item.remove();
  say(T.docsDeleted(name));
  (next ?? document.getElementById('docs-q'))?.focus();
}
