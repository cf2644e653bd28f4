// The page's controls. Run controls post to the JSON API (the one contract for every client); a resume or
// a rewrite starts a new run whose events continue the same log, so the stream, closed at the last
// `done`, is reopened after the newest event shown. Buttons are real <button>s: keyboard use is native.

import type { EventStream } from './event-stream.js';
import type { LiveDocument } from './live-document.js';
import type { Poller } from './poller.js';
import { pageUrl } from './page-urls.js';

const PENDING: Record<string, string> = { pause: 'Pausing…', resume: 'Resuming…', cancel: 'Stopping…' };
const DONE: Record<string, string> = { pause: 'Paused.', resume: 'Resumed.', cancel: 'Stopped.' };

export function wireControls(root: HTMLElement, doc: LiveDocument, stream: EventStream, poller: Poller): void {
  root.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-action]');
    if (!button || button.disabled) return;
    const action = button.dataset.action ?? '';
    if (action === 'pause' || action === 'resume' || action === 'cancel') void runCommand(action, button);
    else if (action === 'copy') void copyDocument();
    else if (action === 'share' || action === 'unshare') void share(action);
    else if (action === 'print') window.print();
    else if (action === 'retry-live') window.location.reload();
  });

  root.addEventListener('submit', (event) => {
    const form = (event.target as Element | null)?.closest<HTMLFormElement>('form.rewrite-form');
    if (!form) return;
    event.preventDefault();
    void rewrite(form);
  });

  async function runCommand(action: string, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    doc.note(PENDING[action] ?? '');
    const reply = await post(`/api/generations/${doc.id}/${action}`);
    if (reply.ok) {
      doc.note(DONE[action] ?? '');
      if (action === 'resume') continueRun();
      else poller.poke();
    } else {
      doc.note(reply.message);
      button.disabled = false;
    }
  }

  async function rewrite(form: HTMLFormElement): Promise<void> {
    const index = Number(form.dataset.section);
    const button = form.querySelector('button');
    const instruction = String(new FormData(form).get('instruction') ?? '').trim();
    if (button) button.disabled = true;
    doc.note(`Rewriting section ${index}…`);
    const reply = await post(
      `/api/generations/${doc.id}/sections/${index}/regenerate`,
      instruction === '' ? {} : { instruction },
    );
    if (button) button.disabled = false;
    if (!reply.ok) {
      doc.note(reply.message);
      return;
    }
    form.closest('details')?.removeAttribute('open');
    form.reset();
    doc.note(`Section ${index} is being rewritten.`);
    continueRun();
    document.getElementById(`section-${index}`)?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }

  /** Makes (or shows again) the read-only link, or revokes it. */
  async function share(action: 'share' | 'unshare'): Promise<void> {
    const link = document.getElementById('share-link') as HTMLAnchorElement | null;
    const reply = await send(action === 'share' ? 'POST' : 'DELETE', `/api/generations/${doc.id}/share`);
    if (!link) return;
    if (!reply.ok) {
      doc.note(reply.message);
      return;
    }
    const url = action === 'share' ? (reply.body as { url?: string } | undefined)?.url : undefined;
    link.hidden = url === undefined;
    link.textContent = url === undefined ? '' : new URL(url, window.location.origin).href;
    if (url === undefined) link.removeAttribute('href');
    else link.href = url;
    doc.note(url === undefined ? 'The link is revoked.' : 'Anyone with the link below can read this draft.');
  }

  /** A new run started: follow it live, or (once fallen back to polling) reload, which tries live again. */
  function continueRun(): void {
    if (poller.running) window.location.reload();
    else stream.connect();
  }

  async function copyDocument(): Promise<void> {
    const url = pageUrl('/document.md');
    try {
      // A promise inside the ClipboardItem keeps the click's user activation while the text is fetched.
      const text = fetch(url).then(async (r) => new Blob([await r.text()], { type: 'text/plain' }));
      await navigator.clipboard.write([new ClipboardItem({ 'text/plain': text })]);
      doc.note('Copied the document as Markdown.');
    } catch {
      try {
        await navigator.clipboard.writeText(await (await fetch(url)).text());
        doc.note('Copied the document as Markdown.');
      } catch {
        doc.note('Copying is not allowed here; use "Download .md" instead.');
      }
    }
  }
}

/** A POST to the JSON API (also the suggestions card's, src/views/client/suggestions.ts). */
export const post = (url: string, body?: object) => send('POST', url, body);

/** A command to the JSON API (the session cookie goes along); what it answered, or why it failed. */
async function send(
  method: 'POST' | 'DELETE',
  url: string,
  body?: object,
): Promise<{ ok: boolean; message: string; body?: unknown }> {
  try {
    const response = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
    });
    if (response.ok)
      return {
        ok: true,
        message: '',
        body: response.status === 204 ? undefined : await response.json().catch(() => undefined),
      };
    const error = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
    const message = error?.error?.message ?? `the server answered ${response.status}`;
    return { ok: false, message: response.status === 409 ? `Not possible now: ${message}.` : `Failed: ${message}.` };
  } catch {
    return { ok: false, message: 'Failed: the server could not be reached.' };
  }
}
