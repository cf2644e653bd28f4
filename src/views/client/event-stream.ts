// The live connection, driven by htmx 4's SSE extension (hx-sse.js) on the hidden #stream element:
//   <div id="stream" hx-sse:connect="/api/generations/ID/events?after=SEQ" hx-sse:close="done" hx-trigger="cg:connect">
// The extension fetches the stream, reconnects with backoff and Last-Event-ID, and turns each of our named
// events into a DOM event on that element (detail.data is the JSON text). This module listens to them,
// hands them to the LiveDocument, and decides what the extension cannot know:
// - when to start over: on `resync` (the log was lost and rebuilt) the page reloads;
// - when to (re)connect: a resume or a rewrite starts a new run after the stream closed at `done`;
// - when a `done` was an older run's (a replay can hold pause, done, resume…): the API says the run goes on;
// - when to give up on streaming: several failed reconnects in a row, or silence while the model is writing
//   (a proxy that buffers the stream), after which the page polls instead (see poller.ts).

import type { EventData } from '../../domain/document-reducer.js';
import { EVENT_TYPES, type EventType } from '../../domain/events.js';
import { PAGE_SILENCE_MS } from '../../domain/page-timing.js';
import { ACTIVE_STATUSES, isIn } from '../../domain/statuses.js';
import { T } from './labels.js';
import type { LiveDocument } from './live-document.js';
import { eventsUrl, jsonUrl } from './page-urls.js';

declare const htmx: {
  process(element: Element, force?: boolean): void;
  trigger(element: Element, name: string): boolean;
};

/** Consecutive failed (re)connections before falling back to polling. */
const MAX_FAILURES = 5;
const CONNECT_ATTR = 'hx-sse:connect';

export class EventStream {
  private readonly doc: LiveDocument;
  private readonly element: HTMLElement;
  /** Silence while the model writes after which the stream is given up (PAGE_SILENCE_MS). */
  private readonly silenceMs: number;
  private readonly onFallback: (reason: string) => void;
  private failures = 0;
  private stopped = false;
  /** Opened and not closed since (at `done`, or for good): it brings whatever is appended. */
  live = false;
  private silenceTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(root: HTMLElement, doc: LiveDocument, onFallback: (reason: string) => void) {
    this.doc = doc;
    this.onFallback = onFallback;
    this.silenceMs = Number(root.dataset.silenceMs ?? PAGE_SILENCE_MS);
    const element = root.querySelector<HTMLElement>('#stream');
    if (!element) throw new Error('no #stream element');
    this.element = element;
    for (const type of EVENT_TYPES) element.addEventListener(type, (event) => this.onMessage(type, event));
    element.addEventListener('htmx:sse:after:connection', () => this.onConnected());
    element.addEventListener('htmx:sse:error', () => this.onFailure(T.streamDropped));
    // The first request of a connection is an ordinary htmx request: its failures arrive as these.
    element.addEventListener('htmx:error', () => this.onFailure(T.streamFailed, true));
    element.addEventListener('htmx:response:error', () => this.onFailure(T.streamRefused, true));
    element.addEventListener('htmx:sse:close', () => {
      this.live = false;
      this.setState('');
    });
    doc.onStatus(() => this.armSilenceTimer());
  }

  /**
   * Opens the server-rendered connection once htmx is initialised. htmx ran before this module and queued
   * its initialisation (a timer, or DOMContentLoaded while the document was loading), so a timer queued
   * now (or at DOMContentLoaded) runs after it. Deferred scripts may run in separate tasks, so htmx can
   * have processed the page before hx-sse.js registered: then the element was not set up, and is now.
   */
  start(): void {
    if (!this.element.hasAttribute(CONNECT_ATTR)) return;
    const go = () => {
      if (!this.element.hasAttribute('data-htmx-powered')) htmx.process(this.element);
      this.open();
    };
    if (document.readyState === 'loading')
      document.addEventListener('DOMContentLoaded', () => setTimeout(go), { once: true });
    else setTimeout(go);
  }

  /**
   * Connects after the newest event shown, e.g. when a resume or a rewrite starts a new run; nothing to
   * do while a connection is open or opening (the rest follower and the button that started the run may
   * both ask: tearing down the connection just opened would lose the start of the run to a retry).
   */
  connect(): void {
    if (this.live && !this.stopped) return;
    this.reconnect();
  }

  /** A new connection after the newest event shown, replacing any other. */
  private reconnect(): void {
    this.stopped = false;
    clearTimeout(this.retryTimer);
    this.element.setAttribute(CONNECT_ATTR, eventsUrl(this.doc.seq));
    htmx.process(this.element, true); // tears down any previous connection, reads the new URL
    this.open();
  }

  /** Closes the connection for good (falling back to polling). */
  stop(): void {
    this.stopped = true;
    this.live = false;
    clearTimeout(this.silenceTimer);
    clearTimeout(this.retryTimer);
    this.element.removeAttribute(CONNECT_ATTR);
    htmx.process(this.element, true);
    this.setState('');
  }

  private open(): void {
    this.live = true;
    this.setState(T.connecting);
    htmx.trigger(this.element, 'cg:connect');
    this.armSilenceTimer();
  }

  private onMessage(type: EventType, event: Event): void {
    const detail = (event as CustomEvent<{ data?: unknown }>).detail;
    if (this.stopped || typeof detail?.data !== 'string') return;
    // The log this page was built from was lost and rebuilt: the server renders the document afresh.
    if (type === 'resync') {
      location.reload();
      return;
    }
    let data: EventData;
    try {
      data = JSON.parse(detail.data) as EventData;
    } catch {
      return;
    }
    this.failures = 0;
    this.armSilenceTimer();
    this.doc.apply(type, data);
    if (type === 'done') void this.afterDone();
  }

  /** The extension closed the stream at `done`; if the API says a run is going on, that was an older one. */
  private async afterDone(): Promise<void> {
    clearTimeout(this.silenceTimer);
    try {
      const response = await fetch(jsonUrl(), { headers: { accept: 'application/json' } });
      const body = (await response.json()) as { status?: string };
      if (!this.stopped && isIn(ACTIVE_STATUSES, body.status ?? '')) this.connect();
    } catch {
      // Offline right now: nothing to continue; a later resume or rewrite reconnects.
    }
  }

  private onConnected(): void {
    this.failures = 0;
    this.setState(T.live);
    this.armSilenceTimer();
  }

  private onFailure(reason: string, retryOurselves = false): void {
    if (this.stopped) return;
    this.failures += 1;
    this.setState(T.reconnecting);
    if (this.failures >= MAX_FAILURES) {
      this.stop();
      this.onFallback(T.streamFailedTimes(reason, MAX_FAILURES));
      return;
    }
    // The extension retries the connections it owns; a failed first request it never owned is ours to retry.
    if (retryOurselves) this.retryTimer = setTimeout(() => this.reconnect(), 500 * 2 ** (this.failures - 1));
  }

  /** Silence while the model is writing: events are being held back somewhere on the way. */
  private armSilenceTimer(): void {
    clearTimeout(this.silenceTimer);
    if (this.stopped || !this.doc.writing || !this.element.hasAttribute(CONNECT_ATTR)) return;
    const limit = this.doc.status === 'chunked' ? this.silenceMs * 3 : this.silenceMs;
    this.silenceTimer = setTimeout(() => {
      this.stop();
      this.onFallback(T.streamSilent(Math.round(limit / 1000)));
    }, limit);
  }

  private setState(text: string): void {
    const state = document.getElementById('connection-state');
    if (state) state.textContent = text;
  }
}
