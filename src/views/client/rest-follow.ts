// A draft at rest (completed, stopped, paused, failed) can still change: an edit, a restore or a rewrite,
// from another tab or another person. The page's htmx stream closes at `done`, so while the draft is at
// rest the page follows its log with an EventSource on `…/events?after=SEQ&follow=1`, which the server
// keeps open past `done`; the browser reconnects it by itself with Last-Event-ID. Its events go to the
// same LiveDocument (each applied once, whichever connection brought it). When a run starts, the htmx
// stream takes over (stall detection, polling fallback) and this one closes.

import type { EventData } from '../../domain/document-reducer.js';
import { EVENT_TYPES, type EventType } from '../../domain/events.js';
import type { EventStream } from './event-stream.js';
import type { LiveDocument } from './live-document.js';
import { eventsUrl } from './page-urls.js';

export class RestFollower {
  private readonly doc: LiveDocument;
  private readonly stream: EventStream;
  private source: EventSource | undefined;

  constructor(doc: LiveDocument, stream: EventStream) {
    this.doc = doc;
    this.stream = stream;
  }

  /** True while the follow connection is open or reconnecting by itself. */
  get watching(): boolean {
    return this.source !== undefined && this.source.readyState !== EventSource.CLOSED;
  }

  /** Starts following, unless a run is going on (the htmx stream has it) or it already does. */
  start(): void {
    if (this.watching || this.doc.active) return;
    const source = new EventSource(`${eventsUrl(this.doc.seq)}&follow=1`);
    for (const type of EVENT_TYPES) source.addEventListener(type, (event) => this.onMessage(type, event));
    this.source = source;
  }

  stop(): void {
    this.source?.close();
    this.source = undefined;
  }

  /** Follows a change made from this page (the htmx stream when a run is going on, else this one). */
  connect(): void {
    if (this.doc.active) {
      this.stream.connect();
    } else this.start();
  }

  private onMessage(type: EventType, event: Event): void {
    const { data } = event as MessageEvent<unknown>;
    if (typeof data !== 'string') return;
    // The log was lost and rebuilt (or the cursor is past its end): the server renders the page afresh.
    if (type === 'resync') {
      location.reload();
      return;
    }
    let parsed: EventData;
    try {
      parsed = JSON.parse(data) as EventData;
    } catch {
      return;
    }
    this.doc.apply(type, parsed);
    // A run started (a rewrite or a resume from elsewhere): the page's own stream follows it from here.
    if (this.doc.active) {
      this.stop();
      this.stream.connect();
    }
  }
}
