// Runs a SectionParser over a list of deltas and summarises what it emitted, for the parser tests.

import { SectionParser, type ParsedEvent } from '../../src/domain/section-parser.js';
import type { OutlineSection } from '../../src/domain/heading-line.js';

export interface ParsedSection {
  index: number;
  title: string;
  content: string;
}

/** An outline of the given titles, numbered from `first`: the sections a parser is told were asked for. */
export function outlineOf(titles: readonly string[], first = 1): OutlineSection[] {
  return titles.map((title, i) => ({ index: first + i, title }));
}

export function runParser(pieces: readonly string[], sections: readonly OutlineSection[]): ParsedEvent[] {
  const parser = new SectionParser({ sections });
  const events = pieces.flatMap((piece) => parser.push(piece));
  return [...events, ...parser.end()];
}

/** The section_start/section_end events only: what must not depend on how the text was split. */
export function structure(events: readonly ParsedEvent[]): ParsedEvent[] {
  return events.filter((event) => event.type !== 'token');
}

export function sectionsOf(events: readonly ParsedEvent[]): ParsedSection[] {
  return events.flatMap((event) =>
    event.type === 'section_end' ? [{ index: event.index, title: event.title, content: event.content }] : [],
  );
}

/** Cuts `text` at the given positions (taken modulo its length; repeats give empty deltas). */
export function splitAt(text: string, cuts: readonly number[]): string[] {
  const positions = cuts.map((cut) => cut % (text.length + 1)).sort((a, b) => a - b);
  const pieces: string[] = [];
  let previous = 0;
  for (const position of positions) {
    pieces.push(text.slice(previous, position));
    previous = position;
  }
  pieces.push(text.slice(previous));
  return pieces;
}

export function singleCharacters(text: string): string[] {
  return text.split('');
}

/**
 * Checks the guarantees every run must keep, whatever the input: events well nested and in order,
 * no empty token, tokens only for the open section, and each section's tokens joined equal to its
 * trimmed content. Returns a description of the first violation, or undefined.
 */
export function contractViolation(events: readonly ParsedEvent[]): string | undefined {
  let open: { index: number; tokens: string } | undefined;
  for (const event of events) {
    if (event.type === 'section_start') {
      if (open) return `section_start ${event.index} while ${open.index} is open`;
      open = { index: event.index, tokens: '' };
    } else if (event.type === 'token') {
      if (!open || event.section !== open.index) return `token for section ${event.section} not open`;
      if (event.text === '') return `empty token in section ${event.section}`;
      open.tokens += event.text;
    } else if (event.type === 'reset') {
      // A continuation started its section over: that section is dropped, and starts again.
      if (!open || event.section !== open.index) return `reset ${event.section} not open`;
      open = undefined;
    } else {
      if (!open || event.index !== open.index) return `section_end ${event.index} not open`;
      if (open.tokens !== event.content) return `tokens differ from content in section ${event.index}`;
      if (event.content !== event.content.trim()) return `untrimmed content in section ${event.index}`;
      open = undefined;
    }
  }
  return open ? `section ${open.index} never ended` : undefined;
}
