// The page follows the live text the way chat interfaces do. While the reader is at the live end (the
// line being written is on screen), each new piece of text that would push that line towards the bottom
// of the screen scrolls the page just enough to keep it in view. As soon as the reader scrolls up (away
// from it) the page stops following and offers "Jump to the live text"; scrolling back down to the line,
// or pressing that control, follows again. Following moves the text up line by line as it is written (no
// animation); the jump glides there, or with prefers-reduced-motion jumps.
//
// The page itself only ever scrolls down, so an upward scroll soon after the reader's own input (wheel,
// key, pointer, touch) is the reader's; the browser's own small corrections (scroll anchoring) are not.

import { scrollBehavior } from './controls.js';
import type { LiveDocument } from './live-document.js';

/** The live line is kept above this fraction of the screen's height (the rest shows what comes next). */
const LOW_MARK = 0.7;
/** A scroll this soon after the reader's input is the reader's. */
const READER_INPUT_MS = 1000;
/** Keys that scroll the page up, and down (outside a field). */
const UP_KEYS = new Set(['PageUp', 'ArrowUp', 'Home']);
const DOWN_KEYS = new Set(['PageDown', 'ArrowDown', 'End', ' ']);

type Way = 'up' | 'down' | 'either';

export class LiveFollower {
  private following = true;
  private lastY = window.scrollY;
  private readonly jump: HTMLButtonElement | null;
  /** When the reader last used the wheel, a key, a pointer or a finger, and which way it went. */
  private input = { at: -Infinity, way: 'either' as Way };
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
    // The reader's intent, read before it becomes a scroll: the page's own smooth scroll, still under
    // way, must neither cancel it nor be taken for it.
    const wheel = (event: WheelEvent) => this.intent(event.deltaY < 0 ? 'up' : event.deltaY > 0 ? 'down' : 'either');
    window.addEventListener('wheel', wheel, { passive: true });
    window.addEventListener('keydown', (event) => {
      if ((event.target as Element | null)?.closest('input, textarea, select')) return;
      const up = UP_KEYS.has(event.key) || (event.key === ' ' && event.shiftKey);
      this.intent(up ? 'up' : DOWN_KEYS.has(event.key) ? 'down' : 'either');
    });
    // A pointer on the scrollbar or a finger: which way is told by the scroll that follows.
    window.addEventListener('pointerdown', () => this.intent('either'), { passive: true });
    const touch = () => {
      this.touching = true;
      this.intent('either');
    };
    window.addEventListener('touchstart', touch, { passive: true });
    window.addEventListener('touchend', () => (this.touching = false), { passive: true });
    this.jump?.addEventListener('click', () => this.jumpToLive());
    // Right after the text changed (not at the next frame: a busy page may paint before it), so that the
    // live line is never shown off screen. Events are paced (at most one per STREAM_FRAME_MS), so the
    // layout this reads costs little.
    doc.onEvent((type) => {
      if (type === 'token' || type === 'section_start' || type === 'section_end' || type === 'reset') this.keepInView();
    });
    doc.onStatus(() => this.keepInView());
  }

  private intent(way: Way): void {
    this.input = { at: performance.now(), way };
    if (way === 'up') this.leave();
  }

  private onScroll(): void {
    const moved = window.scrollY - this.lastY;
    this.lastY = window.scrollY;
    if (!this.doc.writing) {
      this.show();
      return;
    }
    // The reader's scroll: soon after their own input, never the page's jump nor the browser's own
    // small corrections (scroll anchoring when a section above is swapped for its final rendering).
    const now = performance.now();
    const readers = (this.touching || now - this.input.at < READER_INPUT_MS) && now > this.ownScrollUntil;
    // Up stops following; down, by the reader's own wish, to where the live line is on screen follows again.
    if (readers && moved < -1) this.leave();
    else if (readers && moved > 1 && this.input.way !== 'up' && this.liveLineVisible()) this.following = true;
    this.show();
  }

  /** The reader is moving away from the live text. */
  private leave(): void {
    if (!this.doc.writing) return;
    this.following = false;
    this.show();
  }

  private keepInView(): void {
    if (this.doc.writing && this.following && !this.touching) {
      const bottom = this.liveLine()?.getBoundingClientRect().bottom;
      const height = window.innerHeight;
      // Just enough, at once: the text moves up as it is written, line by line. A smooth scroll here
      // would be restarted by every token and, still running, would swallow the reader's own scroll up.
      if (bottom !== undefined && bottom > height * LOW_MARK)
        window.scrollBy({ top: bottom - height * LOW_MARK, behavior: 'instant' });
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
