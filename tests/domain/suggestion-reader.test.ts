import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SuggestionReader, type ProposedSuggestion } from '../../src/domain/suggestion-reader.js';
import { SUGGESTION_LIMITS } from '../../src/domain/suggestions.js';

// The reader of a model's suggestions: every JSON shape models answer in, read as the same suggestions
// however the stream is cut, every item validated on its own, what is dropped counted by reason.

const items: ProposedSuggestion[] = [
  { section: 2, summary: 'The governing law is missing.', instruction: 'Name the governing law of France.' },
  { section: 5, summary: '"Promptly" is vague.', instruction: 'Replace "promptly" with "within 5 business days".' },
  { section: 3, summary: 'A {brace} and a [bracket] in text.', instruction: 'Keep braces {} in strings as text.' },
];

const json = JSON.stringify;
/** The answers of real models to the same request, in the shapes seen. */
const SHAPES: Record<string, string> = {
  'JSON lines': items.map((i) => json(i)).join('\n'),
  'JSON lines, fenced': `\`\`\`json\n${items.map((i) => json(i)).join('\n')}\n\`\`\``,
  'a JSON array': json(items),
  'a pretty-printed array': json(items, null, 2),
  'an array in a fence, after a sentence': `Here is my review:\n\n\`\`\`json\n${json(items, null, 2)}\n\`\`\`\nHope this helps!`,
  'an object holding the list': json({ suggestions: items }),
  'an object holding the list, pretty-printed and fenced': `\`\`\`\n${json({ suggestions: items }, null, 4)}\n\`\`\``,
  'lines with prose between them': items.map((i, n) => `${n + 1}. Suggestion:\n${json(i)}`).join('\n\n'),
  'items with a list inside': json(items.map((i) => ({ ...i, tags: ['law', 'clarity'] }))),
};

function readAll(text: string, cuts: readonly number[] = [], sections = 10, only?: number) {
  const reader = new SuggestionReader(sections, only);
  const found: ProposedSuggestion[] = [];
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    found.push(...reader.push(text.slice(at, cut)));
    at = cut;
  }
  found.push(...reader.push(text.slice(at)), ...reader.end());
  return { found, reader };
}

describe('the suggestion reader', () => {
  it.each(Object.entries(SHAPES))('reads %s', (_shape, text) => {
    const { found, reader } = readAll(text);
    expect(found).toEqual(items);
    expect(reader.dropped).toBe(0);
  });

  it('reads each shape the same however the stream is cut', () => {
    for (const text of Object.values(SHAPES)) {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 12 }), (cuts) => {
          expect(readAll(text, cuts).found).toEqual(items);
        }),
        { numRuns: 60 },
      );
    }
  });

  it('hands each suggestion over as soon as its object closes', () => {
    const reader = new SuggestionReader(10);
    const text = json(items, null, 2);
    const firstEnd = text.indexOf('}') + 1;
    expect(reader.push(text.slice(0, firstEnd - 1))).toEqual([]);
    expect(reader.push(text.slice(firstEnd - 1, firstEnd))).toEqual([items[0]]);
  });

  it('validates every item on its own, cleans its text, and counts what it drops by reason', () => {
    const answer = [
      json({ section: 2, summary: 'Bell\u0007 here', instruction: ' Fix   it ' }),
      json({ section: 0, summary: 'Out of range', instruction: 'x' }),
      json({ section: '3', summary: 'A string section', instruction: 'x' }),
      json({ section: 3, summary: '', instruction: 'An empty summary' }),
      json({ section: 3, summary: 'x'.repeat(SUGGESTION_LIMITS.summaryChars + 1), instruction: 'Too long' }),
      '{"section": 3, "summary": "not closed',
      '{section: 3}',
      json({ section: 4, summary: 'Another section', instruction: 'x' }),
      json({ suggestions: [] }),
      '[1, 2, 3] and {"unclosed": true',
    ].join('\n');
    const { found, reader } = readAll(answer, [], 10, 2);
    expect(found).toEqual([{ section: 2, summary: 'Bell here', instruction: 'Fix it' }]);
    expect(reader.droppedBy).toEqual({ malformed: 3, invalid: 4, other_section: 1 });
    expect(reader.dropped).toBe(8);
  });

  it('holds no object longer than a suggestion can be, and drops it when it closes', () => {
    const reader = new SuggestionReader(10);
    const long = json({ section: 1, summary: 's', instruction: 'x'.repeat(SUGGESTION_LIMITS.lineChars) });
    expect(reader.push(long)).toEqual([]);
    expect(reader.droppedBy.malformed).toBe(1);
    expect(reader.push(`\n${json(items[0])}`)).toEqual([items[0]]);
  });
});
