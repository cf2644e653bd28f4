// Turns the model's streamed Markdown into section events while it is still arriving.
//
// The parser is told which sections were asked for (their outline index and title). Each line is read
// the way a reader would (heading-line.ts): a heading of a section asked for opens that section under
// the outline's own index and title, whatever number, title, level or emphasis the model wrote; a
// heading of a section not asked for (or asked for and already written) closes the open section and
// what follows it is kept out; a remark addressed to the user ("Let me know if…"), the closing fence
// of an answer wrapped in a code fence, and notes after a `---` at the end are kept out too; text
// before the first heading (a preamble, a `# Title` line) is dropped.
//
// Deltas are cut anywhere (even between the two `#`), and text must reach viewers live, so the parser
// streams every character the moment it is known to be content. It holds back only:
// - the start of a line while it could still be a heading, a break, a fence or a remark (a line
//   written as a numbered heading is held to its end, at most MAX_HELD_LINE characters);
// - trailing whitespace, so that a section's tokens, joined, equal its trimmed `section_end` content;
// - what follows a `---` line inside a section, until a heading shows it was text (it is then sent)
//   or the answer ends (it was notes to the user, and is dropped).
//
// A reply cut short (the token limit) can be continued: `interrupt` gives the state of the section it
// cut, and a parser built with it as `resume` reads the continuation as more of that section.
//
// Line endings: `\r\n` is read as `\n`, so content only ever contains `\n` (a lone `\r` is kept).

import type { EventBody } from './events.js';
import {
  classifyLine,
  isContinuationRemark,
  lineStart,
  mayBeContinuationRemark,
  type LineContext,
  type OutlineSection,
} from './heading-line.js';
import type { LineKind as HeadingLineKind } from './heading-line.js';

/** What a line was read as; `underline`: a setext underline of the heading above it. */
type LineKind = HeadingLineKind | { kind: 'underline' };

/** `reset`: a continuation started the section it was to continue over (its heading again): its text so far is dropped. */
export type ParsedEvent = Extract<EventBody, { type: 'section_start' | 'token' | 'section_end' | 'reset' }>;

/** Where the parser is in the current line: its start held back, its rest streamed, or its rest dropped. */
type LineMode = 'start' | 'held' | 'content' | 'skip';

interface OpenSection {
  index: number;
  title: string;
  /** The texts of the tokens emitted so far; joined only once, at the end of the section. */
  parts: string[];
  /** Whether visible text was emitted yet: whitespace before it is dropped, not held. */
  started: boolean;
  /** Whitespace seen after the last visible character: emitted only if more visible text follows. */
  heldWhitespace: string;
}

/** A section cut short, as a continuation's parser takes it up. */
export interface ParserResume {
  index: number;
  title: string;
  /** Its text so far, as streamed (trimmed at the start). */
  text: string;
  /** Whitespace after the text, not sent yet. */
  heldWhitespace: string;
  /** The undecided start of the line the cut fell in (empty when the cut fell in a line of text). */
  lineHead: string;
  /** The cut fell inside a line of text: the continuation's first characters are text. */
  midLine: boolean;
  wrapped: boolean;
  sectionLevel: number | undefined;
}

/** Longest line start held back while it could still be a heading. */
const MAX_HELD_LINE = 1_000;

export class SectionParser {
  private readonly asked: readonly OutlineSection[];
  private readonly begun = new Set<number>();
  private section: OpenSection | undefined;
  private lineMode: LineMode = 'start';
  /** The held-back start of the current line (empty once the line is content). */
  private lineHead = '';
  /** Content decided during the current push, sent as one token before the push returns. */
  private unsentToken = '';
  /** A `\r` that ended the previous delta: it may be the first half of a `\r\n`. */
  private carriageReturnPending = false;
  /** After a heading of a section not asked for, a remark to the user or a closing fence: text is dropped. */
  private dropping = false;
  /** A `---` line inside a section and the text after it, held until a heading or the end decides. */
  private afterRule: string | undefined;
  /** The answer opened with a code fence: a fence line inside a section closes it. */
  private wrapped = false;
  private sectionLevel: number | undefined;
  /** The line before was a heading: a setext underline (`===`, `---`) under it is part of it. */
  private afterHeading = false;
  /** The index of the section begun last (0: none yet). */
  private lastBegun = 0;
  /** The section a continuation takes up, until another heading: its heading again starts it over. */
  private resumed: OutlineSection | undefined;
  /** The current line goes on a line the previous reply was cut in: text, or the resumed section's heading. */
  private glued = false;
  /** A continuation's reply has given nothing yet: it may open with a remark to the user, dropped. */
  private opening = false;
  /** A continuation's opening remark was dropped: the blank lines after it are dropped too. */
  private remarkDropped = false;
  private ended = false;

  constructor(options: { sections: readonly OutlineSection[]; resume?: ParserResume | undefined }) {
    this.asked = options.sections;
    const resume = options.resume;
    if (resume) {
      const { index, title, text, heldWhitespace } = resume;
      this.section = { index, title, parts: text === '' ? [] : [text], started: text !== '', heldWhitespace };
      this.begun.add(index);
      this.lastBegun = index;
      this.resumed = { index, title };
      // After a cut inside a line, the continuation's first line is the rest of that line, unless it is
      // the section's heading again (the model started the section over).
      this.glued = resume.midLine;
      this.opening = true;
      this.lineHead = resume.midLine ? '' : resume.lineHead;
      this.wrapped = resume.wrapped;
      this.sectionLevel = resume.sectionLevel;
    }
  }

  get openSection(): { index: number; title: string } | undefined {
    return this.section && { index: this.section.index, title: this.section.title };
  }

  push(delta: string): ParsedEvent[] {
    if (this.ended) throw new Error('SectionParser.push called after end()');
    const events: ParsedEvent[] = [];
    this.feed(this.normalizeLineEndings(delta), events);
    this.flushToken(events);
    return events;
  }

  /** End of stream: decides the last line and closes the open section. Calling it again is a no-op. */
  end(): ParsedEvent[] {
    if (this.ended) return [];
    const events: ParsedEvent[] = [];
    if (this.carriageReturnPending) this.feed('\r', events);
    this.carriageReturnPending = false;
    if (this.lineMode !== 'content' && this.lineHead !== '') this.decideLine(this.lineHead, '', events);
    // Notes after a closing `---` are not the section's.
    this.afterRule = undefined;
    this.closeSection(events);
    this.ended = true;
    return events;
  }

  /**
   * The reply was cut short (by the token limit): the open section's state, for the continuation to
   * take up, and no event. A section that ended in a remark to the user is closed whole instead.
   */
  interrupt(): { events: ParsedEvent[]; resume: ParserResume | undefined } {
    if (this.ended) return { events: [], resume: undefined };
    this.ended = true;
    const events: ParsedEvent[] = [];
    const section = this.section;
    if (section === undefined) return { events, resume: undefined };
    const heldRemark = this.lineMode !== 'content' && classifyLine(this.lineHead, this.context).kind === 'closing';
    if (this.dropping || heldRemark) {
      this.afterRule = undefined;
      this.closeSection(events);
      return { events, resume: undefined };
    }
    if (this.glued && this.lineMode !== 'content') {
      // Still the line the previous reply was cut in: what came of it is text.
      this.appendContent(this.lineHead);
      this.lineMode = 'content';
    }
    this.flushToken(events);
    const resume: ParserResume = {
      index: section.index,
      title: section.title,
      text: section.parts.join(''),
      heldWhitespace: section.heldWhitespace,
      lineHead: this.lineMode === 'content' ? '' : this.lineHead,
      midLine: this.lineMode === 'content',
      wrapped: this.wrapped,
      sectionLevel: this.sectionLevel,
    };
    return { events, resume };
  }

  private normalizeLineEndings(delta: string): string {
    let text = this.carriageReturnPending ? `\r${delta}` : delta;
    this.carriageReturnPending = text.endsWith('\r');
    if (this.carriageReturnPending) text = text.slice(0, -1);
    return text.includes('\r\n') ? text.replaceAll('\r\n', '\n') : text;
  }

  private get context(): LineContext {
    const open = this.asked.filter((s) => !this.begun.has(s.index));
    const next = open.find((s) => s.index > this.lastBegun) ?? open[0];
    return { open, sectionLevel: this.sectionLevel, next: next?.index };
  }

  private feed(text: string, events: ParsedEvent[]): void {
    let pos = 0;
    while (pos < text.length) {
      const newline = text.indexOf('\n', pos);
      const stop = newline === -1 ? text.length : newline + 1;
      if (this.lineMode === 'content' || this.lineMode === 'skip') {
        // The rest of a content line goes out in one slice; the rest of a heading line is not text.
        if (this.lineMode === 'content') this.appendContent(text.slice(pos, stop));
        pos = stop;
        if (newline !== -1) this.startLine();
      } else if (this.lineMode === 'held') {
        this.lineHead += text.slice(pos, newline === -1 ? text.length : newline);
        pos = stop;
        if (newline !== -1) this.decideLine(this.lineHead, '\n', events);
        else if (this.lineHead.length >= MAX_HELD_LINE) this.decideLongLine(events);
      } else if (newline === pos) {
        pos += 1;
        this.decideLine(this.lineHead, '\n', events);
      } else {
        this.lineHead += text.charAt(pos);
        pos += 1;
        let start = lineStart(this.lineHead, this.context);
        // A continuation's first line is held while it may be a remark to the user ("Sure, continuing:").
        if (start === 'no' && this.opening && mayBeContinuationRemark(this.lineHead)) start = 'line';
        if (start === 'no') {
          // Not special after all: the held-back start is content, and so is the rest of the line.
          this.glued = false;
          this.opening = false;
          this.lineMode = 'content';
          this.appendContent(this.lineHead);
          this.lineHead = '';
        } else if (start === 'line') {
          this.lineMode = 'held';
        }
        if (this.lineHead.length >= MAX_HELD_LINE) this.decideLongLine(events);
      }
    }
  }

  /** A line held back too long: decided on what came, the rest of it streamed as text or skipped as its heading's. */
  private decideLongLine(events: ParsedEvent[]): void {
    const kind = this.decideLine(this.lineHead, '', events);
    const text = kind.kind === 'content' || (kind.kind === 'heading' && kind.rest !== undefined);
    this.lineMode = text ? 'content' : 'skip';
    this.lineHead = '';
  }

  /** What a whole line is, and what it does; returns its kind. */
  private decideLine(line: string, lineEnd: '\n' | '', events: ParsedEvent[]): LineKind {
    if (this.opening) {
      if ((this.remarkDropped && line.trim() === '') || isContinuationRemark(line)) {
        // Said to the user before taking the text up again: not the section's (a cut line stays glued).
        this.remarkDropped = true;
        this.startLine();
        return { kind: 'closing' };
      }
      this.opening = false;
    }
    if (this.glued) {
      this.glued = false;
      if (!this.restartsResumed(line, lineEnd, events)) this.appendContent(line + lineEnd);
      this.startLine();
      return { kind: 'content' };
    }
    const underline = this.afterHeading && /^ {0,3}(?:=+|-+)[ \t]*$/.test(line);
    this.afterHeading = false;
    const kind: LineKind = underline ? { kind: 'underline' } : classifyLine(line, this.context);
    if (kind.kind === 'heading') this.resumed = undefined;
    else if (this.resumed && this.restartsResumed(line, lineEnd, events)) {
      this.startLine();
      return { kind: 'heading', index: this.lastBegun, level: undefined };
    }
    switch (kind.kind) {
      case 'heading':
        this.releaseRule();
        this.closeSection(events);
        this.dropping = false;
        this.openSectionAt(kind.index, kind.level, events);
        if (kind.rest !== undefined) this.appendContent(kind.rest + lineEnd);
        else this.afterHeading = true;
        break;
      case 'underline':
        break;
      case 'foreign':
        this.releaseRule();
        this.closeSection(events);
        this.dropping = true;
        break;
      case 'rule':
        if (this.section === undefined || this.dropping) break;
        if (this.afterRule === undefined) this.afterRule = line + lineEnd;
        else this.afterRule += line + lineEnd;
        break;
      case 'fence':
        if (this.section === undefined && this.begun.size === 0) this.wrapped = true;
        else if (this.wrapped) this.stopKeeping();
        else this.appendContent(line + lineEnd);
        break;
      case 'closing':
        if (this.section !== undefined) this.stopKeeping();
        break;
      case 'content':
        this.appendContent(line + lineEnd);
        break;
    }
    this.startLine();
    return kind;
  }

  /**
   * Whether `line` is the heading of the section a continuation was to take up: the model started it
   * over, so its text so far is dropped (`reset`) and it is read again from here, whole.
   */
  private restartsResumed(line: string, lineEnd: '\n' | '', events: ParsedEvent[]): boolean {
    const resumed = this.resumed;
    if (!resumed) return false;
    const again = classifyLine(line, { open: [resumed], sectionLevel: this.sectionLevel, next: resumed.index });
    if (again.kind !== 'heading') return false;
    this.resumed = undefined;
    this.unsentToken = '';
    this.afterRule = undefined;
    this.dropping = false;
    events.push({ type: 'reset', section: resumed.index });
    this.section = { index: resumed.index, title: resumed.title, parts: [], started: false, heldWhitespace: '' };
    events.push({ type: 'section_start', index: resumed.index, title: resumed.title });
    if (again.rest !== undefined) this.appendContent(again.rest + lineEnd);
    else this.afterHeading = true;
    return true;
  }

  private openSectionAt(index: number, level: number | undefined, events: ParsedEvent[]): void {
    const outline = this.asked.find((s) => s.index === index);
    if (!outline) return;
    this.begun.add(index);
    this.lastBegun = index;
    if (this.begun.size === 1 && this.sectionLevel === undefined) this.sectionLevel = level;
    this.section = { index, title: outline.title, parts: [], started: false, heldWhitespace: '' };
    events.push({ type: 'section_start', index, title: outline.title });
  }

  /** What follows is not the section's (a remark to the user, the end of a fenced answer). */
  private stopKeeping(): void {
    this.afterRule = undefined;
    this.dropping = true;
  }

  /** A heading follows a `---`: the break and the text after it were the section's after all. */
  private releaseRule(): void {
    const held = this.afterRule;
    this.afterRule = undefined;
    if (
      held !== undefined &&
      held
        .trim()
        .replace(/^[-*_ \t]+/, '')
        .trim() !== ''
    )
      this.appendContent(held);
  }

  private startLine(): void {
    this.lineMode = 'start';
    this.lineHead = '';
  }

  /** Adds decided content to the open section (text outside any section is dropped), trimming its ends. */
  private appendContent(text: string): void {
    const section = this.section;
    if (section === undefined || this.dropping || text === '') return;
    if (this.afterRule !== undefined) {
      this.afterRule += text;
      return;
    }
    let visibleEnd = text.length;
    while (visibleEnd > 0 && isWhitespace(text.charAt(visibleEnd - 1))) visibleEnd -= 1;
    if (visibleEnd === 0) {
      if (section.started) section.heldWhitespace += text;
      return;
    }
    const visible = text.slice(0, visibleEnd);
    this.unsentToken += section.started ? section.heldWhitespace + visible : visible.trimStart();
    section.started = true;
    section.heldWhitespace = text.slice(visibleEnd);
  }

  private flushToken(events: ParsedEvent[]): void {
    if (this.section === undefined || this.unsentToken === '') return;
    events.push({ type: 'token', section: this.section.index, text: this.unsentToken });
    this.section.parts.push(this.unsentToken);
    this.unsentToken = '';
  }

  private closeSection(events: ParsedEvent[]): void {
    if (this.section === undefined) return;
    this.flushToken(events);
    const { index, title, parts } = this.section;
    events.push({ type: 'section_end', index, title, content: parts.join('') });
    this.section = undefined;
  }
}

function isWhitespace(char: string): boolean {
  // The same set String.prototype.trim removes, so held-back whitespace matches "trimmed".
  return /\s/.test(char);
}
