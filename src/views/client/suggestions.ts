// The page's suggestions card (src/views/suggestions-card.tsx). Suggestions arrive as events of the
// draft's log (`suggestion`, `suggestions_end`, `suggestion_closed`), which the LiveDocument hands on
// once each, whichever connection brought them; this module renders them, deduplicated by id (a
// reload replays them). Asking, applying and dismissing post to the JSON API; each
// appends to the log after the newest event shown, so the page follows it by reconnecting its stream, as a
// rewrite is followed. Text from the model is set with textContent only. Buttons are real <button>s.

import type { EventType } from '../../domain/events.js';
import { isIn, RESTING_STATUSES } from '../../domain/statuses.js';
import type { LiveDocument } from './live-document.js';
import type { Poller } from './poller.js';
import { post, scrollBehavior } from './controls.js';
import { reasonText, T } from './labels.js';

interface SuggestionData {
  id?: unknown;
  section?: unknown;
  summary?: unknown;
  instruction?: unknown;
  count?: unknown;
  error?: unknown;
}

type Follow = { readonly watching: boolean; connect(): void };

export function wireSuggestions(root: HTMLElement, doc: LiveDocument, follow: Follow, poller: Poller): void {
  const list = root.querySelector<HTMLOListElement>('#suggestions-list');
  const template = root.querySelector<HTMLTemplateElement>('#suggestion-template');
  const form = root.querySelector<HTMLFormElement>('form.suggest-form');
  if (!list || !template) return;
  const card = new SuggestionsCard(root, list, template, doc, () => {
    // What was just asked is appended after the newest event shown: follow it live (or reload when polling).
    if (poller.running) window.location.reload();
    else if (!follow.watching) follow.connect();
  });
  // Whichever connection brought it (the run's stream or the follower of a draft at rest), each event
  // reaches this once, in order.
  doc.onEvent((type, data) => card.onEvent(type, data as SuggestionData));
  doc.onStatus(() => card.updateButtons());
  form?.addEventListener('submit', (event) => {
    event.preventDefault();
    void card.ask(form);
  });
  list.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-suggestion-action]');
    const li = button?.closest<HTMLLIElement>('li.suggestion');
    if (!button || button.disabled || !li) return;
    void card.act(button.dataset.suggestionAction === 'apply' ? 'apply' : 'dismiss', li);
  });
}

class SuggestionsCard {
  /** Ids applied or dismissed: a replay of their `suggestion` event does not show them again. */
  private readonly closed = new Set<string>();
  /** A review was asked for and has not ended: one request at a time. */
  private asking = false;

  private readonly root: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly template: HTMLTemplateElement;
  private readonly doc: LiveDocument;
  /** Follows what a request appended to the log (erasable syntax: no parameter properties here). */
  private readonly followChange: () => void;

  constructor(
    root: HTMLElement,
    list: HTMLOListElement,
    template: HTMLTemplateElement,
    doc: LiveDocument,
    followChange: () => void,
  ) {
    this.root = root;
    this.list = list;
    this.template = template;
    this.doc = doc;
    this.followChange = followChange;
  }

  onEvent(type: EventType, s: SuggestionData): void {
    switch (type) {
      case 'suggestion':
        this.show(s);
        break;
      case 'suggestion_closed':
        if (typeof s.id !== 'string') return;
        this.closed.add(s.id);
        this.entry(s.id)?.remove();
        break;
      case 'suggestions_start':
        this.asking = true;
        this.note(typeof s.section === 'number' ? T.reviewingSection(s.section) : T.reviewingWhole);
        this.updateButtons();
        break;
      case 'suggestions_end': {
        this.asking = false;
        const count = Number(s.count ?? 0);
        const text =
          typeof s.error === 'string'
            ? T.noSuggestions(reasonText(s.error))
            : count === 0
              ? T.noNewSuggestions
              : T.newSuggestions(count);
        this.note(text);
        this.updateButtons();
        break;
      }
      // A request that never ended (its draft was rewritten meanwhile) frees the button at the run's end.
      case 'done':
        this.asking = false;
        this.updateButtons();
        break;
    }
  }

  async ask(form: HTMLFormElement): Promise<void> {
    const section = String(new FormData(form).get('section') ?? '');
    this.asking = true;
    this.updateButtons();
    this.note(section === '' ? T.reviewingWhole : T.reviewingSection(section));
    const reply = await post(
      `/api/generations/${this.doc.id}/suggestions`,
      section === '' ? {} : { section: Number(section) },
    );
    if (!reply.ok) {
      this.asking = false;
      this.note(reply.message);
      this.updateButtons();
      return;
    }
    this.followChange();
  }

  async act(action: 'apply' | 'dismiss', li: HTMLLIElement): Promise<void> {
    const id = li.dataset.suggestionId ?? '';
    for (const b of li.querySelectorAll('button')) b.disabled = true;
    const reply = await post(`/api/generations/${this.doc.id}/suggestions/${id}/${action}`, {});
    if (!reply.ok) {
      this.note(reply.message);
      this.updateButtons();
      return;
    }
    this.closed.add(id);
    // Focus moves on before the entry goes: to the next suggestion's first button, or the list's note.
    const next = li.nextElementSibling ?? li.previousElementSibling;
    li.remove();
    const section = li.dataset.section ?? '';
    this.note(action === 'apply' ? T.applying(section) : T.dismissed);
    this.followChange();
    if (action === 'apply') {
      this.doc.focusSection(Number(section));
      document.getElementById(`section-${section}`)?.scrollIntoView({ block: 'start', behavior: scrollBehavior() });
    } else
      (
        next?.querySelector<HTMLElement>('button') ?? this.root.querySelector<HTMLElement>('#suggestions-heading')
      )?.focus();
  }

  /** Everything acts on a draft at rest only; one request at a time. */
  updateButtons(): void {
    const resting = isIn(RESTING_STATUSES, this.doc.status);
    for (const b of this.root.querySelectorAll<HTMLButtonElement>('button[data-suggestion-action]'))
      b.disabled = !resting;
    const suggest = this.root.querySelector<HTMLButtonElement>('button[data-suggest]');
    if (suggest) suggest.disabled = !resting || this.asking;
  }

  private show(s: SuggestionData): void {
    if (typeof s.id !== 'string' || this.closed.has(s.id) || this.entry(s.id)) return;
    const li = this.template.content.firstElementChild?.cloneNode(true) as HTMLLIElement | undefined;
    if (!li) return;
    li.dataset.suggestionId = s.id;
    li.dataset.section = String(s.section);
    li.querySelector('.suggestion-section')!.textContent = T.sectionN(Number(s.section));
    li.querySelector('.suggestion-text')!.textContent = String(s.summary ?? '');
    li.querySelector('.suggestion-instruction')!.textContent = String(s.instruction ?? '');
    this.list.append(li);
    this.updateButtons();
  }

  private entry(id: string): HTMLLIElement | undefined {
    return [...this.list.querySelectorAll<HTMLLIElement>('li.suggestion')].find((li) => li.dataset.suggestionId === id);
  }

  private note(text: string): void {
    const element = this.root.querySelector('#suggestions-note');
    if (element) element.textContent = text;
  }
}
