// The versions card's reading room: a version's whole text, or two versions compared, in a modal <dialog>
// (wide over the document on a desktop, the whole screen on a phone: styles.ts). showModal() keeps the
// keyboard and a screen reader inside it and closes it on Escape; the focus goes to the text (a focusable
// region, so the keys scroll it) and, once closed, back to the button that opened it.

import type { LiveMarkdown } from './live-markdown.js';

export interface VersionDialog {
  /** Shows `content` under `title`; `trigger` gets the focus back when the dialog closes. */
  open(title: string, content: readonly Node[], trigger: HTMLElement | null): void;
}

export function wireVersionDialog(root: HTMLElement): VersionDialog | undefined {
  const dialog = root.querySelector('#versions-dialog');
  const title = root.querySelector<HTMLElement>('#versions-dialog-title');
  const body = root.querySelector<HTMLElement>('#versions-dialog-body');
  if (!(dialog instanceof HTMLDialogElement) || !title || !body) return undefined;
  let opener: HTMLElement | null = null;
  dialog.addEventListener('close', () => {
    if (opener?.isConnected) opener.focus();
    opener = null;
  });
  return {
    open(text, content, trigger) {
      title.textContent = text;
      body.replaceChildren(...content);
      body.scrollTop = 0;
      opener = trigger;
      if (!dialog.open) dialog.showModal();
      body.focus();
    },
  };
}

/**
 * A version's Markdown as the document shows it: markdown-it with raw HTML off and links and images made
 * safe (live-markdown.ts), or plain text when markdown-it could not be loaded. `cut`: the text is an
 * opening, so what its end leaves open is closed as in a section still being written, and it ends in "…".
 */
export function versionText(markdown: LiveMarkdown | undefined, text: string, cut = false): HTMLElement {
  const holder = document.createElement('div');
  holder.className = cut ? 'version-text cut' : 'version-text';
  if (markdown) {
    holder.classList.add('md');
    holder.innerHTML = cut ? markdown.partial(text) : markdown.final(text); // raw HTML escaped, links and images made safe
  } else holder.textContent = cut ? `${text}…` : text;
  return holder;
}
