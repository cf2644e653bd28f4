// Every answer shape of the corpus (answer-shapes.ts), read whole and at random delta boundaries:
// each section written lands under its outline index and title, holding its own text and nothing else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ANSWER_SHAPES } from './answer-shapes.js';
import { contractViolation, runParser, sectionsOf, splitAt } from './parser-run.js';

const titleOf = (shape: (typeof ANSWER_SHAPES)[number], index: number) =>
  shape.asked.find((s) => s.index === index)?.title;

describe('answer shapes', () => {
  it('holds more than 80 shapes, English and French', () => {
    expect(ANSWER_SHAPES.length).toBeGreaterThan(80);
  });

  it.each(ANSWER_SHAPES.map((shape) => [shape.name, shape] as const))('reads %s', (_name, shape) => {
    const events = runParser([shape.answer], shape.asked);
    expect(sectionsOf(events)).toEqual(
      shape.expected.map(({ index, content }) => ({ index, title: titleOf(shape, index), content })),
    );
    expect(contractViolation(events)).toBeUndefined();
  });

  it('reads every shape the same at any delta boundaries', () => {
    const shape = fc.constantFrom(...ANSWER_SHAPES);
    fc.assert(
      fc.property(shape, fc.array(fc.nat(), { maxLength: 60 }), (answer, cuts) => {
        const whole = sectionsOf(runParser([answer.answer], answer.asked));
        const events = runParser(splitAt(answer.answer, cuts), answer.asked);
        expect(sectionsOf(events)).toEqual(whole);
        expect(contractViolation(events)).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
  });
});
