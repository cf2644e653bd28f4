// The page's suggestions card (src/views/suggestions-card.tsx). Suggestions arrive as events of the
// draft's log (`suggestion`, `suggestions_end`, `suggestion_closed`), which the LiveDocument hands on
// once each, whichever connection brought them; this module renders them, deduplicated by id (a
// reload replays them). Asking, applying and dismissing post to the JSON API; each
// appends to the log after the newest event shown, so the page follows it by reconnecting its stream, as a
// rewrite is followed. Text from the model is set with textContent only. Buttons are real <button>s.

import { isIn, RESTING_STATUSES } from '../../domain/statuses.js';
import type { LiveDocument } from './live-document.js';
import type { Poller } from './poller.js';
import { post, scrollBehavior } from './controls.js';
import { T } from './labels.js';

interface SuggestionData {
  id?: unknown;
  section?: unknown;
  summary?: unknown;
  instruction?: unknown;
  count?: unknown;
  error?: unknown;
}

export function wireSuggestions(
  root: HTMLElement,
  doc: LiveDocument,
  follow: { readonly watching: boolean; connect(): void },
  poller: Poller,
): void {
  const list = root.querySelector<HTMLOListElement>('#suggestions-list');
  const template = root.querySelector<HTMLTemplateElement>('#suggestion-template');
  const form = root.querySelector<HTMLFormElement>('form.suggest-form');
  if (!list || !template) return;
  const closed = new Set<string>();
  let asking = false;

  const entry = (id: string) =>
    [...list.querySelectorAll<HTMLLIElement>('li.suggestion')].find((li) => li.dataset.suggestionId === id);

  // Whichever connection brought it (the run's stream or the follower of a draft at rest), each event
  // reaches this once, in order.
  const handlers: Record<string, (s: SuggestionData) => void> = {
    suggestion(s) {
      if (typeof s.id !== 'string' || closed.has(s.id) || entry(s.id)) return;
      const li = template.content.firstElementChild?.cloneNode(true) as HTMLLIElement | undefined;
      if (!li) return;
      li.dataset.suggestionId = s.id;
      li.dataset.section = String(s.section);
      li.querySelector('.suggestion-section')!.textContent = T.sectionN(Number(s.section));
      li.querySelector('.suggestion-text')!.textContent = String(s.summary ?? '');
      li.querySelector('.suggestion-instruction')!.textContent = String(s.instruction ?? '');
      list.append(li);
      updateButtons();
    },
    suggestion_closed(s) {
      if (typeof s.id !== 'string') return;
      closed.add(s.id);
      entry(s.id)?.remove();
    },
    suggestions_end(s) {
      asking = false;
      const count = Number(s.count ?? 0);
      const text =
        typeof s.error === 'string'
          ? T.noSuggestions(s.error)
          : count === 0
            ? T.noNewSuggestions
            : T.newSuggestions(count);
      note(text);
      updateButtons();
    },
    suggestions_start(s) {
      asking = true;
      note(typeof s.section === 'number' ? T.reviewingSection(s.section) : T.reviewingWhole);
      updateButtons();
    },
    // A request that never ended (its draft was rewritten meanwhile) frees the button at the run's end.
    done() {
      asking = false;
      updateButtons();
    },
  };
  doc.onEvent((type, data) => handlers[type]?.(data as SuggestionData));
  doc.onStatus(() => updateButtons());

  form?.addEventListener('submit', (event) => {
    event.preventDefault();
    void ask(form);
  });
  list.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-suggestion-action]');
    const li = button?.closest<HTMLLIElement>('li.suggestion');
    if (!button || button.disabled || !li) return;
    void act(button.dataset.suggestionAction === 'apply' ? 'apply' : 'dismiss', li);
  });

  async function ask(form: HTMLFormElement): Promise<void> {
    const section = String(new FormData(form).get('section') ?? '');
    asking = true;
    updateButtons();
    note(section === '' ? T.reviewingWhole : T.reviewingSection(section));
    const reply = await post(
      `/api/generations/${doc.id}/suggestions`,
      section === '' ? {} : { section: Number(section) },
    );
    if (!reply.ok) {
      asking = false;
      note(reply.message);
      updateButtons();
      return;
    }
    followChange();
  }

  async function act(action: 'apply' | 'dismiss', li: HTMLLIElement): Promise<void> {
    const id = li.dataset.suggestionId ?? '';
    for (const b of li.querySelectorAll('button')) b.disabled = true;
    const reply = await post(`/api/generations/${doc.id}/suggestions/${id}/${action}`, {});
    if (!reply.ok) {
      note(reply.message);
      updateButtons();
      return;
    }
    closed.add(id);
    // Focus moves on before the entry goes: to the next suggestion's first button, or the list's note.
    const next = li.nextElementSibling ?? li.previousElementSibling;
    li.remove();
    const section = li.dataset.section ?? '';
    note(action === 'apply' ? T.applying(section) : T.dismissed);
    followChange();
    if (action === 'apply') {
      doc.focusSection(Number(section));
      document.getElementById(`section-${section}`)?.scrollIntoView({ block: 'start', behavior: scrollBehavior() });
    } else
      (next?.querySelector<HTMLElement>('button') ?? root.querySelector<HTMLElement>('#suggestions-heading'))?.focus();
  }

  /** What was just asked is appended after the newest event shown: follow it live (or reload when polling). */
  function followChange(): void {
    if (poller.running) window.location.reload();
    else if (!follow.watching) follow.connect();
  }

  /** Everything acts on a draft at rest only; one request at a time. */
  function updateButtons(): void {
    const resting = isIn(RESTING_STATUSES, doc.status);
    for (const b of root.querySelectorAll<HTMLButtonElement>('button[data-suggestion-action]')) b.disabled = !resting;
    const suggest = root.querySelector<HTMLButtonElement>('button[data-suggest]');
    if (suggest) suggest.disabled = !resting || asking;
  }

  function note(text: string): void {
    const element = root.querySelector('#suggestions-note');
    if (element) element.textContent = text;
  }
}
