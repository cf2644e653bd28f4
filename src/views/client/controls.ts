// The page's controls. Run controls post to the JSON API (the one contract for every client); a resume,
// a continue or a rewrite starts a new run whose events continue the same log, so the stream, closed at
// the last `done`, is reopened after the newest event shown. Buttons are real <button>s: keyboard use is
// native. A pressed run control keeps focus while its command is on its way (it is not disabled: that
// would drop focus); the LiveDocument hands focus on to the control that replaces it.

import type { EventStream } from './event-stream.js';
import type { LiveDocument } from './live-document.js';
import type { Poller } from './poller.js';
import { T } from './labels.js';
import { copyDocument } from './copy-document.js';

const RUN_COMMANDS = new Set(['pause', 'resume', 'cancel', 'continue']);

/** What the controls act on: the page's document, its stream, and the polling fallback. */
interface ControlPage {
  doc: LiveDocument;
  stream: EventStream;
  poller: Poller;
}

export function wireControls(root: HTMLElement, doc: LiveDocument, stream: EventStream, poller: Poller): void {
  const page: ControlPage = { doc, stream, poller };
  root.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-action]');
    if (!button || button.disabled || button.dataset.pending === 'on') return;
    const action = button.dataset.action ?? '';
    if (RUN_COMMANDS.has(action)) void runCommand(page, action, button);
    else if (action === 'copy') void copyDocument(doc);
    else if (action === 'share' || action === 'unshare') void share(doc, action);
    else if (action === 'print') window.print();
    else if (action === 'retry-live') window.location.reload();
  });

  root.addEventListener('submit', (event) => {
    const form = (event.target as Element | null)?.closest<HTMLFormElement>('form.rewrite-form');
    if (!form) return;
    event.preventDefault();
    void rewrite(page, form);
  });
}

async function runCommand(page: ControlPage, action: string, button: HTMLButtonElement): Promise<void> {
  const { doc } = page;
  button.dataset.pending = 'on';
  button.setAttribute('aria-busy', 'true');
  doc.note(T.commandPending[action] ?? '');
  const reply = await post(`/api/generations/${doc.id}/${action}`);
  delete button.dataset.pending;
  button.removeAttribute('aria-busy');
  if (!reply.ok) {
    doc.note(reply.message);
    return;
  }
  // The new status comes through the log (in seq order), which moves focus to the control replacing this one.
  if (action === 'resume' || action === 'continue') continueRun(page);
  else page.poller.poke();
}

async function rewrite(page: ControlPage, form: HTMLFormElement): Promise<void> {
  const { doc } = page;
  const index = Number(form.dataset.section);
  const button = form.querySelector('button');
  const instruction = String(new FormData(form).get('instruction') ?? '').trim();
  if (button) button.disabled = true;
  doc.note(T.rewriting(index));
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
  doc.announce(T.rewriteStarted(index));
  continueRun(page);
  // The form closed: focus goes to the section it rewrites, which is brought into view.
  doc.focusSection(index);
  document.getElementById(`section-${index}`)?.scrollIntoView({ block: 'start', behavior: scrollBehavior() });
}

/** Makes (or shows again) the read-only link, or revokes it. */
async function share(doc: LiveDocument, action: 'share' | 'unshare'): Promise<void> {
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
  doc.announce(url === undefined ? T.linkRevoked : T.linkMade);
}

/** A new run started: follow it live, or (once fallen back to polling) reload, which tries live again. */
function continueRun(page: ControlPage): void {
  if (page.poller.running) window.location.reload();
  else page.stream.connect();
}

/** Smooth scrolling, unless the reader asked for less motion. */
export function scrollBehavior(): ScrollBehavior {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';
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
    return { ok: false, message: await refusal(response) };
  } catch {
    return { ok: false, message: T.unreachable };
  }
}

/**
 * Why the API refused, in the page's words: read from the error's code and status (the API's own
 * message names fields and states for a developer, in English).
 */
export async function refusal(response: Response): Promise<string> {
  const error = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string } };
  const code = error?.error?.code ?? '';
  if (response.status === 409) return T.refusedConflict;
  if (response.status === 429) {
    // The open-generation limit has no wait that would help; the per-minute one says how long.
    if (/at once/.test(error?.error?.message ?? '')) return T.refusedOpenLimit;
    return T.refusedRateLimited(response.headers.get('retry-after') ?? '');
  }
  if (response.status === 401) return T.refusedSignedOut;
  if (response.status === 404) return T.refusedNotFound;
  if (response.status === 503 || code === 'unavailable') return T.refusedUnavailable;
  return T.refusedOther(response.status);
}
