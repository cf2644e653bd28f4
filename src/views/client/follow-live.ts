// The page follows the live text the way chat interfaces do. While the reader is at the live end (the
// line being written is on screen), each new piece of text that would push that line towards the bottom
// of the screen scrolls the page just enough to keep it in view. As soon as the reader scrolls up (away
// from it) the page stops following and offers "Jump to the live text"; scrolling back down to the line,
// or pressing that control, follows again. With prefers-reduced-motion the page jumps instead of gliding.
//
// Only the reader scrolls up: the page itself only ever scrolls down, so an upward scroll is the reader's.

import { scrollBehavior } from './controls.js';
import type { LiveDocument } from './live-document.js';

/** The live line is kept above this fraction of the screen's height… */
const LOW_MARK = 0.75;
/** …by bringing it up to this one when it passes it. */
const TARGET = 0.55;
/** Keys that scroll the page up (outside a field). */
const UP_KEYS = new Set(['PageUp', 'ArrowUp', 'Home']);

export class LiveFollower {
  private following = true;
  private lastY = window.scrollY;
  private readonly jump: HTMLButtonElement | null;
  private frame = 0;
  /** A finger is on the screen: the page does not scroll under it. */
  private touching = false;
  /** Until then, scrolling is the page's own (a jump), not the reader's. */
  private ownScrollUntil = 0;

  private readonly root: HTMLElement;
  private readonly doc: LiveDocument;

  constructor(root: HTMLElement, doc: LiveDocument) {
    this.root = root;
    this.doc = doc;
    this.jump = root.querySelector<HTMLButtonElement>('#jump-live');
    // A page opened in the middle of a draft follows only if the live line is on screen already.
    this.following = this.liveLineVisible() ?? true;
    window.addEventListener('scroll', () => this.onScroll(), { passive: true });
    // The reader's intent, read before it becomes a scroll: the page's own smooth scrolling would
    // otherwise cancel a wheel or key scroll that has only just begun.
    window.addEventListener('wheel', (event) => event.deltaY < 0 && this.leave(), { passive: true });
    window.addEventListener('keydown', (event) => {
      if (UP_KEYS.has(event.key) && !(event.target as Element | null)?.closest('input, textarea, select')) this.leave();
    });
    window.addEventListener('touchstart', () => (this.touching = true), { passive: true });
    window.addEventListener('touchend', () => (this.touching = false), { passive: true });
    this.jump?.addEventListener('click', () => this.jumpToLive());
    doc.onEvent((type) => {
      if (type === 'token' || type === 'section_start' || type === 'section_end' || type === 'reset') this.schedule();
    });
    doc.onStatus(() => this.schedule());
  }

  /** Whether the page keeps the live line in view (read by the tests through data-following). */
  get isFollowing(): boolean {
    return this.following;
  }

  private onScroll(): void {
    const y = window.scrollY;
    const up = y < this.lastY - 1 && performance.now() > this.ownScrollUntil;
    this.lastY = y;
    if (!this.doc.writing) {
      this.show();
      return;
    }
    // Any move up is the reader's, and stops following; moving down to the live line follows again.
    if (up) this.following = false;
    else if (this.liveLineVisible()) this.following = true;
    this.show();
  }

  /** One check per frame, however many events arrived in it. */
  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.keepInView();
    });
  }

  /** The reader is moving away from the live text. */
  private leave(): void {
    if (!this.doc.writing) return;
    this.following = false;
    this.show();
  }

  private keepInView(): void {
    if (this.doc.writing && this.following && !this.touching) {
      const line = this.liveLine();
      if (line) {
        const bottom = line.getBoundingClientRect().bottom;
        const height = window.innerHeight;
        if (bottom > height * LOW_MARK) {
          window.scrollBy({ top: bottom - height * TARGET, behavior: scrollBehavior() });
        }
      }
    }
    this.show();
  }

  private jumpToLive(): void {
    this.following = true;
    this.ownScrollUntil = performance.now() + 1500;
    const line = this.liveLine();
    // Focus goes to the section being written (the control itself disappears), then the line is shown.
    const section = line?.closest<HTMLElement>('.doc-section');
    section?.querySelector<HTMLElement>('.section-title')?.focus({ preventScroll: true });
    line?.scrollIntoView({ block: 'center', behavior: scrollBehavior() });
    this.show();
  }

  /** The jump control while writing and not following; the state on the root for the stylesheet and tests. */
  private show(): void {
    const away = this.doc.writing && !this.following;
    this.root.dataset.following = this.following ? 'on' : 'off';
    if (this.jump && this.jump.hidden !== !away) this.jump.hidden = !away;
  }

  /** The typing cursor, or else the end of the last section shown (between two sections). */
  private liveLine(): HTMLElement | null {
    const cursor = this.root.querySelector<HTMLElement>('.doc-section[data-state="writing"] .cursor');
    if (cursor) return cursor;
    const sections = this.root.querySelectorAll<HTMLElement>('#document .doc-section');
    return sections[sections.length - 1] ?? null;
  }

  /** Whether the live line is between the sticky bar and the bottom of the screen (undefined: no line). */
  private liveLineVisible(): boolean | undefined {
    const line = this.liveLine();
    if (!line) return undefined;
    const rect = line.getBoundingClientRect();
    const bar = this.root.querySelector<HTMLElement>('.statusbar')?.getBoundingClientRect().bottom ?? 0;
    const top = line.classList.contains('cursor') ? rect.top : rect.bottom - 1;
    return top < window.innerHeight && rect.bottom > bar;
  }
}
