// Property-based tests: however the model's text is cut into deltas, the parser finds the same sections
// with the same contents as when it reads the text whole, and those are the sections that were written.

import fc from 'fast-check';
import { titleKey } from '../../src/domain/title-match.js';
import { describe, expect, it } from 'vitest';
import { contractViolation, runParser, sectionsOf, singleCharacters, splitAt, structure } from './parser-run.js';

// Text words begin with a small letter, never `z` (titles begin with `Zq…`): no line of text can be
// taken for a title, nor open with a Roman numeral.
const word = fc.stringMatching(/^[a-y][A-Za-z0-9',&-]{0,8}$/);
const words = fc.array(word, { minLength: 1, maxLength: 6 }).map((list) => list.join(' '));
const smallNumber = fc.integer({ min: 0, max: 120 });

/** Lines that are content: ordinary text, and lines that look a little like section headings but are not. */
const contentLine = fc.oneof(
  { weight: 4, arbitrary: words },
  words.map((text) => `${text}  `), // trailing spaces (a Markdown hard break) are inner whitespace
  words.map((text) => `- ${text}`),
  fc.tuple(smallNumber, words).map(([n, text]) => `${n}. ${text}`),
  fc.tuple(smallNumber, smallNumber, words).map(([n, m, text]) => `### ${n}.${m} ${text}`),
  fc.tuple(smallNumber, smallNumber, words).map(([n, m, text]) => `## ${n}.${m} ${text}`),
  words.map((text) => `#${text}`),
  words.map((text) => `## ${text}`),
  words.map((text) => `**${text}** ${text}`),
  // Indented code, after a text line: at a section's start, trimming would strip the indentation.
  words.map((text) => `${text}\n    ## 1. ${text}`),
  fc.constantFrom('', '', '  ', '\t', '##', '#', '**'),
);

/** Text a model may write before the first section, all of which is dropped. */
const preambleLine = fc.oneof(
  words.map((text) => `# ${text}`),
  words,
  fc.constant(''),
  words.map((text) => `## ${text}`),
);

/** Heading shapes of section `n` titled `t` (see answer-shapes.ts for the whole corpus). */
const HEADINGS: readonly ((n: number, t: string) => string)[] = [
  (n, t) => `## ${n}. ${t}`,
  (n, t) => `   ## ${n}) ${t} ##`,
  (n, t) => `# ${n} ${t}`,
  (n, t) => `**${n}. ${t}**`,
  (n, t) => `## ${n}. **${t}**`,
  (n, t) => `Article ${n} – ${t}`,
  (n, t) => `### Section ${n}: ${t}`,
  (_n, t) => `## ${t}`,
  (_n, t) => t,
  (n, t) => `${n}. ${t}`,
];

const section = fc.record({
  title: words.map((text) => `Zq${text}`),
  heading: fc.integer({ min: 0, max: HEADINGS.length - 1 }),
  written: fc.boolean(),
  body: fc.array(contentLine, { maxLength: 8 }),
});

const document = fc
  .record({
    preamble: fc.array(preambleLine, { maxLength: 3 }),
    sections: fc.uniqueArray(section, { maxLength: 6, selector: (s) => titleKey(s.title) }),
    order: fc.array(fc.nat(), { maxLength: 6 }),
    finalNewline: fc.boolean(),
    firstIndex: fc.integer({ min: 1, max: 20 }),
  })
  .map(({ preamble, sections, order, finalNewline, firstIndex }) => {
    const asked = sections.map((s, i) => ({ index: firstIndex + i, title: s.title }));
    // Some sections skipped, the others written in a shuffled order.
    const written = sections.map((s, i) => ({ ...s, index: firstIndex + i })).filter((s) => s.written);
    for (const [i, n] of order.entries()) {
      const j = n % Math.max(1, written.length);
      const k = i % Math.max(1, written.length);
      [written[j], written[k]] = [written[k]!, written[j]!];
    }
    const lines = [...preamble];
    for (const s of written.filter(Boolean)) lines.push(HEADINGS[s.heading]!(s.index, s.title), ...s.body);
    const expected = written
      .filter(Boolean)
      .map((s) => ({ index: s.index, title: s.title, content: s.body.join('\n').trim() }));
    return { text: lines.join('\n') + (finalNewline ? '\n' : ''), asked, expected };
  });

const cuts = fc.array(fc.nat(), { maxLength: 40 });
const runs = { numRuns: 300 };

describe('SectionParser properties', () => {
  it('finds exactly the sections written, read whole', () => {
    fc.assert(
      fc.property(document, ({ text, asked, expected }) => {
        const events = runParser([text], asked);
        expect(sectionsOf(events)).toEqual(expected);
        expect(contractViolation(events)).toBeUndefined();
      }),
      runs,
    );
  });

  it('gives the same section events and contents for any split, including 1-character pieces', () => {
    fc.assert(
      fc.property(document, cuts, fc.boolean(), ({ text, asked }, positions, oneCharPieces) => {
        const whole = structure(runParser([text], asked));
        const pieces = oneCharPieces ? singleCharacters(text) : splitAt(text, positions);
        const events = runParser(pieces, asked);
        expect(structure(events)).toEqual(whole);
        expect(contractViolation(events)).toBeUndefined();
      }),
      runs,
    );
  });

  it('never lets a heading line into a section content (titles all begin with Zq)', () => {
    fc.assert(
      fc.property(document, cuts, ({ text, asked }, positions) => {
        for (const { content } of sectionsOf(runParser(splitAt(text, positions), asked))) {
          expect(content).not.toMatch(/(^|[\s#*])zq/im);
        }
      }),
      runs,
    );
  });

  it('reads a \\r\\n document split anywhere like its \\n version', () => {
    fc.assert(
      fc.property(document, cuts, ({ text, asked, expected }, positions) => {
        const events = runParser(splitAt(text.replaceAll('\n', '\r\n'), positions), asked);
        expect(sectionsOf(events)).toEqual(expected);
        expect(contractViolation(events)).toBeUndefined();
      }),
      runs,
    );
  });
});
