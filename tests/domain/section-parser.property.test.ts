// Property-based tests: however the model's text is cut into deltas, the parser finds the same sections
// with the same contents as when it reads the text whole, and those are the sections that were written.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contractViolation, runParser, sectionsOf, singleCharacters, splitAt, structure } from './parser-run.js';

const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9',&-]{0,8}$/);
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
  // Indented code, after a text line: at a section's start, trimming would strip the indentation.
  words.map((text) => `${text}\n    ## 1. ${text}`),
  fc.constantFrom('', '', '  ', '\t', '##', '## 3.', '#'),
);

/** Text a model may write before the first section, all of which is dropped. */
const preambleLine = fc.oneof(
  words.map((text) => `# ${text}`),
  words,
  fc.constant(''),
  words.map((text) => `## ${text}`),
);

const section = fc.record({
  title: words,
  number: smallNumber,
  delimiter: fc.constantFrom('.', ')'),
  indent: fc.constantFrom('', ' ', '   '),
  closing: fc.constantFrom('', '', ' ##', '  '),
  body: fc.array(contentLine, { maxLength: 8 }),
});

const document = fc
  .record({
    preamble: fc.array(preambleLine, { maxLength: 3 }),
    sections: fc.array(section, { maxLength: 6 }),
    finalNewline: fc.boolean(),
    firstIndex: fc.integer({ min: 1, max: 20 }),
  })
  .map(({ preamble, sections, finalNewline, firstIndex }) => {
    const lines = [...preamble];
    for (const s of sections) {
      lines.push(`${s.indent}## ${s.number}${s.delimiter} ${s.title}${s.closing}`, ...s.body);
    }
    const expected = sections.map((s, i) => ({
      index: firstIndex + i,
      title: s.title,
      content: s.body.join('\n').trim(),
    }));
    return { text: lines.join('\n') + (finalNewline ? '\n' : ''), firstIndex, expected };
  });

const cuts = fc.array(fc.nat(), { maxLength: 40 });
const runs = { numRuns: 300 };

describe('SectionParser properties', () => {
  it('finds exactly the sections written, read whole', () => {
    fc.assert(
      fc.property(document, ({ text, firstIndex, expected }) => {
        const events = runParser([text], firstIndex);
        expect(sectionsOf(events)).toEqual(expected);
        expect(contractViolation(events)).toBeUndefined();
      }),
      runs,
    );
  });

  it('gives the same section events and contents for any split, including 1-character pieces', () => {
    fc.assert(
      fc.property(document, cuts, fc.boolean(), ({ text, firstIndex }, positions, oneCharPieces) => {
        const whole = structure(runParser([text], firstIndex));
        const pieces = oneCharPieces ? singleCharacters(text) : splitAt(text, positions);
        const events = runParser(pieces, firstIndex);
        expect(structure(events)).toEqual(whole);
        expect(contractViolation(events)).toBeUndefined();
      }),
      runs,
    );
  });

  it('never lets a heading line into a section content', () => {
    fc.assert(
      fc.property(document, cuts, ({ text, firstIndex }, positions) => {
        for (const { content } of sectionsOf(runParser(splitAt(text, positions), firstIndex))) {
          expect(content).not.toMatch(/^ {0,3}##[ \t]+\d+[.)][ \t]+\S/m);
        }
      }),
      runs,
    );
  });

  it('reads a \\r\\n document split anywhere like its \\n version', () => {
    fc.assert(
      fc.property(document, cuts, ({ text, firstIndex, expected }, positions) => {
        const events = runParser(splitAt(text.replaceAll('\n', '\r\n'), positions), firstIndex);
        expect(sectionsOf(events)).toEqual(expected);
        expect(contractViolation(events)).toBeUndefined();
      }),
      runs,
    );
  });
});
