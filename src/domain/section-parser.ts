// Turns the model's streamed Markdown into section events while it is still arriving.
//
// The model writes sections headed `## N. Title`. Deltas are cut anywhere (even between the two `#`),
// and text must reach viewers live, so the parser streams every character the moment it is known to be
// content. It holds back only:
// - the start of a line while it could still become a section heading (`  ## 12. ` ... up to the newline);
// - trailing whitespace, so that a section's tokens, joined, equal its trimmed `section_end` content.
//
// What counts as a section heading: a line of up to 3 spaces, `##`, blanks, a number, `.` or `)`,
// blanks, then a title that is not empty once trimmed and stripped of a closing run of `#`s. The model's
// number is ignored: sections are numbered in the order found, from `firstIndex`. Anything before the
// first heading (a `# Title` line, chatter) is dropped. `###` sub-headings, `#hashtag` or `## Not numbered`
// are content. Headings inside fenced code blocks are not special-cased (legal drafts have none).
//
// Line endings: `\r\n` is read as `\n`, so content only ever contains `\n` (a lone `\r` is kept).

import type { EventBody } from './events.js';

export type ParsedEvent = Extract<EventBody, { type: 'section_start' | 'token' | 'section_end' }>;

/** Where the parser is in the current line: the heading-prefix steps, a heading's title, or content. */
type LineState = 'indent' | 'hash' | 'hashes' | 'gap' | 'number' | 'delimiter' | 'title' | 'content';

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

const MAX_HEADING_INDENT = 3;

export class SectionParser {
  private nextIndex: number;
  private section: OpenSection | undefined;
  private lineState: LineState = 'indent';
  /** The held-back start of the current line, while it is undecided or a heading (empty in `content`). */
  private lineHead = '';
  /** Where the title begins in `lineHead` once the line reached the `title` state. */
  private titleStart = 0;
  /** Content decided during the current push, sent as one token before the push returns. */
  private unsentToken = '';
  /** A `\r` that ended the previous delta: it may be the first half of a `\r\n`. */
  private carriageReturnPending = false;
  private ended = false;

  constructor(options: { firstIndex: number }) {
    this.nextIndex = options.firstIndex;
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
    if (this.lineState === 'title') this.finishHeadingLine('', events);
    else if (this.lineState !== 'content') this.appendContent(this.lineHead);
    this.closeSection(events);
    this.ended = true;
    return events;
  }

  private normalizeLineEndings(delta: string): string {
    let text = this.carriageReturnPending ? `\r${delta}` : delta;
    this.carriageReturnPending = text.endsWith('\r');
    if (this.carriageReturnPending) text = text.slice(0, -1);
    return text.includes('\r\n') ? text.replaceAll('\r\n', '\n') : text;
  }

  private feed(text: string, events: ParsedEvent[]): void {
    let pos = 0;
    while (pos < text.length) {
      if (this.lineState === 'content') {
        // The rest of a content line goes out in one slice.
        const newline = text.indexOf('\n', pos);
        const stop = newline === -1 ? text.length : newline + 1;
        this.appendContent(text.slice(pos, stop));
        pos = stop;
        if (newline !== -1) this.startLine();
      } else if (this.lineState === 'title') {
        const newline = text.indexOf('\n', pos);
        this.lineHead += text.slice(pos, newline === -1 ? text.length : newline);
        if (newline === -1) return;
        pos = newline + 1;
        this.finishHeadingLine('\n', events);
      } else {
        const next = nextLineState(this.lineState, text.charAt(pos), this.lineHead.length);
        if (next === undefined) {
          // Not a heading after all: the held-back start is content, and this character is re-read as such.
          this.lineState = 'content';
          this.appendContent(this.lineHead);
          this.lineHead = '';
          continue;
        }
        this.lineHead += text.charAt(pos);
        pos += 1;
        this.lineState = next;
        if (next === 'title') this.titleStart = this.lineHead.length;
      }
    }
  }

  /** Called at the end of a line that had a full heading prefix: a heading, unless its title is empty. */
  private finishHeadingLine(lineEnd: '\n' | '', events: ParsedEvent[]): void {
    const title = cleanTitle(this.lineHead.slice(this.titleStart));
    if (title === '') {
      this.appendContent(this.lineHead + lineEnd);
    } else {
      this.closeSection(events);
      this.section = { index: this.nextIndex, title, parts: [], started: false, heldWhitespace: '' };
      this.nextIndex += 1;
      events.push({ type: 'section_start', index: this.section.index, title });
    }
    this.startLine();
  }

  private startLine(): void {
    this.lineState = 'indent';
    this.lineHead = '';
  }

  /** Adds decided content to the open section (text outside any section is dropped), trimming its ends. */
  private appendContent(text: string): void {
    const section = this.section;
    if (section === undefined || text === '') return;
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

/** One step of the heading-prefix recogniser; `undefined` means the line cannot be a heading. */
function nextLineState(state: LineState, char: string, headLength: number): LineState | undefined {
  const blank = char === ' ' || char === '\t';
  const digit = char >= '0' && char <= '9';
  switch (state) {
    case 'indent':
      if (char === ' ' && headLength < MAX_HEADING_INDENT) return 'indent';
      return char === '#' ? 'hash' : undefined;
    case 'hash':
      return char === '#' ? 'hashes' : undefined;
    case 'hashes':
      return blank ? 'gap' : undefined;
    case 'gap':
      return blank ? 'gap' : digit ? 'number' : undefined;
    case 'number':
      return digit ? 'number' : char === '.' || char === ')' ? 'delimiter' : undefined;
    case 'delimiter':
      return blank ? 'title' : undefined;
    default:
      return undefined;
  }
}

/** Trims a heading's title and drops a closing `#` run (CommonMark: only when preceded by a blank). */
function cleanTitle(raw: string): string {
  const title = raw.trim();
  let end = title.length;
  while (end > 0 && title.charAt(end - 1) === '#') end -= 1;
  if (end === title.length) return title;
  const beforeHashes = title.charAt(end - 1);
  return end === 0 || beforeHashes === ' ' || beforeHashes === '\t' ? title.slice(0, end).trim() : title;
}

function isWhitespace(char: string): boolean {
  // The same set String.prototype.trim removes, so held-back whitespace matches "trimmed".
  return /\s/.test(char);
}
