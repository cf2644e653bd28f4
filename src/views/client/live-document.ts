// The generation page's model of the document: applies stream events in seq order (each exactly once,
// whichever connection delivered it) with the one document reducer (src/domain/document-reducer.ts, the
// rules the server used for the first render), then shows what changed: the sections, the status badge,
// progress bar, controls and the screen reader announcements.
//
// Focus is never dropped: when the control that has it is replaced (Pause by Resume, Stop by Continue)
// focus goes to its replacement; when it is merely disabled (the run ended), to the status badge.

import { pageUrl } from './page-urls.js';
import {
  applyEvent,
  emptyDocument,
  type AppliedEvent,
  type DocumentState,
  type EventData,
} from '../../domain/document-reducer.js';
import type { EventType } from '../../domain/events.js';
import {
  ACTIVE_STATUSES,
  isIn,
  RESTING_STATUSES,
  WRITING_STATUSES,
  type GenerationStatus,
} from '../../domain/statuses.js';
import { reasonText, statusLabel, T } from './labels.js';
import type { LiveMarkdown } from './live-markdown.js';
import { SectionElements } from './section-dom.js';

/** The run control that takes each one's place in its slot of the status bar. */
const REPLACED_BY: Record<string, string> = { pause: 'resume', resume: 'pause', cancel: 'continue', continue: 'pause' };

export class LiveDocument {
  readonly id: string;
  readonly sections: SectionElements;
  /** The document as the events shown so far make it (the server's first render, then every event since). */
  private readonly state: DocumentState;
  private readonly root: HTMLElement;
  private readonly total: number;
  private readonly statusListeners: ((status: string) => void)[] = [];
  private readonly eventListeners: ((type: EventType, data: EventData) => void)[] = [];

  /** `markdown` formats the text being written; without it, that text is shown plain. */
  constructor(root: HTMLElement, markdown?: LiveMarkdown) {
    this.root = root;
    this.id = root.dataset.generationId ?? '';
    this.total = Number(root.dataset.total ?? '0');
    const template = root.querySelector<HTMLTemplateElement>('#section-template');
    const doc = root.querySelector<HTMLElement>('#document');
    if (!template || !doc) throw new Error('generation page markup is incomplete');
    this.sections = new SectionElements(doc, template, (index) => pageUrl(`/sections/${index}`), markdown);
    // The statuses come from the server's rendering; the mode is not on the page and not shown.
    const status = (root.dataset.status ?? 'queued') as GenerationStatus;
    this.state = emptyDocument(status, 'stream', Number(root.dataset.seq ?? '0'));
    // Sections the server rendered as finished stay out: a token for one of them starts it again anyway.
    for (const [index, text] of this.sections.renderedTexts)
      this.state.sections.set(index, { index, title: '', content: undefined, text });
    this.updateControls();
  }

  /** The seq of the newest event shown: what a (re)connection continues after. */
  get seq(): number {
    return this.state.seq;
  }

  get status(): GenerationStatus {
    return this.state.status;
  }

  get writing(): boolean {
    return isIn(WRITING_STATUSES, this.status);
  }

  get active(): boolean {
    return isIn(ACTIVE_STATUSES, this.status);
  }

  onStatus(listener: (status: string) => void): void {
    this.statusListeners.push(listener);
  }

  /** Called with every event applied (once each), after the document shows it. */
  onEvent(listener: (type: EventType, data: EventData) => void): void {
    this.eventListeners.push(listener);
  }

  /** Applies one stream event; false when it was already applied (a replay after a reconnect). */
  apply(type: EventType, data: EventData): boolean {
    const applied = applyEvent(this.state, type, data);
    if (!applied) return false;
    this.root.dataset.seq = String(this.state.seq);
    this.show(type, applied);
    for (const listener of this.eventListeners) listener(type, data);
    return true;
  }

  /** Shows what one applied event changed. */
  private show(type: EventType, { statusChanged, index, section, streamed }: AppliedEvent): void {
    if (statusChanged) this.showStatus(type === 'status' ? this.state.reason : undefined);
    switch (type) {
      case 'section_start':
        this.sections.start(index ?? 0, section?.title ?? '');
        this.updateProgress();
        break;
      case 'token':
        this.sections.write(index ?? 0, section?.text ?? '');
        break;
      case 'reset':
        this.sections.reset(index ?? 0);
        this.updateProgress();
        break;
      case 'section_end':
        void this.sections.finish(index ?? 0, section?.title ?? '', section?.content ?? '', streamed);
        this.updateProgress();
        this.announce(T.announceSectionDone(index ?? 0, this.total, section?.title ?? ''));
        break;
      case 'error':
        this.showError(this.state.error ?? '');
        break;
    }
  }

  /** A status from elsewhere than the stream (the polling fallback). */
  setStatus(status: string, reason?: string): void {
    if (status === this.state.status) return;
    this.state.status = status as GenerationStatus;
    this.showStatus(reason);
  }

  private showStatus(reason: string | undefined): void {
    const status = this.state.status;
    this.root.dataset.status = status;
    const badge = this.root.querySelector<HTMLElement>('#status-badge');
    if (badge) {
      badge.dataset.status = status;
      badge.textContent = statusLabel(status);
    }
    if (status !== 'failed') this.root.querySelector('#doc-error')?.remove();
    // A note was about an action whose outcome the status now shows (or overtook): it is stale.
    this.note('');
    this.updateControls();
    const why = status === 'chunked' && reason ? T.announceChunked(reasonText(reason)) : '';
    this.announce(`${T.announceStatus(statusLabel(status))}${why}`);
    for (const listener of this.statusListeners) listener(status);
  }

  showError(message: string): void {
    let error = this.root.querySelector<HTMLElement>('#doc-error');
    if (!error) {
      error = document.createElement('p');
      error.id = 'doc-error';
      error.className = 'doc-error';
      error.setAttribute('role', 'alert');
      this.root.querySelector('#document')?.append(error);
    }
    error.textContent = T.generationFailed(reasonText(message));
  }

  updateProgress(): void {
    const done = this.sections.finishedCount();
    const progress = this.root.querySelector<HTMLProgressElement>('#progress');
    if (progress) progress.value = done;
    const text = this.root.querySelector('#progress-text');
    if (text) text.textContent = T.progressText(done, this.total);
  }

  announce(message: string): void {
    const region = this.root.querySelector('#announcer');
    if (region) region.textContent = message;
  }

  /** Shows a short message next to the controls (also announced: the element is aria-live). */
  note(message: string): void {
    const note = this.root.querySelector('#control-note');
    if (note) note.textContent = message;
  }

  /** Moves focus to the heading of section `index` (after it was saved, rewritten or restored). */
  focusSection(index: number): void {
    const heading = this.root.querySelector<HTMLElement>(`#section-${index}-title`);
    heading?.focus({ preventScroll: true });
  }

  private updateControls(): void {
    const focused = document.activeElement;
    const button = (action: string) => this.root.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`);
    const set = (action: string, on: boolean, shown = true) => {
      const b = button(action);
      if (!b) return;
      b.disabled = !on;
      b.hidden = !shown;
    };
    const paused = this.status === 'paused';
    const stopped = this.status === 'cancelled';
    set('pause', this.active, !paused);
    set('resume', paused, paused);
    set('cancel', this.active || paused, !stopped);
    set('continue', stopped, stopped);
    const rewritable = isIn(RESTING_STATUSES, this.status);
    for (const b of this.root.querySelectorAll<HTMLButtonElement>('.rewrite-form button')) b.disabled = !rewritable;
    // The run control that had focus is gone or disabled: focus what took its place, else the status.
    const action = focused instanceof HTMLButtonElement ? focused.dataset.action : undefined;
    if (!action || !(action in REPLACED_BY) || !(focused as HTMLButtonElement).matches(':disabled, [hidden]')) return;
    const next = button(REPLACED_BY[action] ?? '');
    if (next && !next.disabled && !next.hidden) next.focus();
    else this.root.querySelector<HTMLElement>('#status-badge')?.focus();
  }
}
