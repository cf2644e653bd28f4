// The fallback when the live stream cannot be kept (the network keeps dropping it, or a proxy buffers it):
// poll GET /api/generations/:id every few seconds and show each finished section as it appears, with a
// notice saying so. Only finished sections are shown: text still being written is not in the JSON, and a
// half-written section seen from an older connection could be reset, so it is replaced by a note.

import type { LiveDocument } from './live-document.js';
import { PAGE_POLL_MS } from '../../domain/page-timing.js';
import { ACTIVE_STATUSES, isIn } from '../../domain/statuses.js';
import { jsonUrl } from './page-urls.js';
import { T } from './labels.js';

interface GenerationJson {
  status: string;
  sections: { index: number; title: string; content: string }[];
  error?: string;
}

export class Poller {
  private readonly doc: LiveDocument;
  private readonly root: HTMLElement;
  private readonly intervalMs: number;
  /** Content last shown per section, so a section is fetched again only when it changed (a rewrite). */
  private readonly shown = new Map<number, string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  running = false;

  constructor(root: HTMLElement, doc: LiveDocument) {
    this.root = root;
    this.doc = doc;
    this.intervalMs = Number(root.dataset.pollMs ?? PAGE_POLL_MS);
  }

  /** `reason`: why the stream was given up, in the page's words (event-stream.ts). */
  start(reason: string): void {
    if (this.running) return;
    this.running = true;
    this.root.dataset.polling = 'true';
    const notice = this.root.querySelector<HTMLElement>('#fallback-notice');
    const text = this.root.querySelector('#fallback-text');
    if (text) {
      text.textContent = T.fallbackStarted(reason, Math.round(this.intervalMs / 1000));
    }
    notice?.removeAttribute('hidden'); // the notice is a polite live region of its own
    for (const index of this.doc.sections.indexes()) this.doc.sections.markPending(index);
    void this.tick();
  }

  /** Checks now (after a control was used) rather than at the next interval. */
  poke(): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    void this.tick();
  }

  private async tick(): Promise<void> {
    let keepGoing = true;
    try {
      const response = await fetch(jsonUrl(), { headers: { accept: 'application/json' } });
      if (response.ok) keepGoing = await this.show((await response.json()) as GenerationJson);
    } catch {
      // Still offline: try again at the next interval.
    }
    if (keepGoing) this.timer = setTimeout(() => void this.tick(), this.intervalMs);
  }

  /** Applies one poll; false once the generation is at rest (nothing more will change by itself). */
  private async show(generation: GenerationJson): Promise<boolean> {
    const changed = generation.sections.filter((s) => this.shown.get(s.index) !== s.content);
    for (const section of changed) {
      this.shown.set(section.index, section.content);
      await this.doc.sections.finish(section.index, section.title, section.content);
    }
    this.doc.updateProgress();
    this.doc.setStatus(generation.status);
    if (generation.error) this.doc.showError(generation.error);
    const active = isIn(ACTIVE_STATUSES, generation.status);
    if (!active) {
      const text = this.root.querySelector('#fallback-text');
      if (text) text.textContent = T.fallbackDone;
    }
    return active;
  }
}
