import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capText, SECTION_CONTENT_MAX_CHARS, SectionTextCap } from '../../src/domain/section-limits.js';

describe('section caps', () => {
  it('cut a text at the cap, never in the middle of a surrogate pair', () => {
    expect(capText('abcdef', 4)).toBe('abcd');
    expect(capText('abc', 4)).toBe('abc');
    expect(capText('abc😀', 4)).toBe('abc');
    expect(capText('ab😀', 4)).toBe('ab😀');
  });

  it('cut a streamed section exactly as its whole text, however its tokens fall', () => {
    let reachedCap = 0;
    // Runs of one character, up to 12,000 UTF-16 units per token: most texts pass the cap somewhere.
    const token = fc
      .tuple(fc.constantFrom('a', ' ', '😀', 'é', '\n', 'b😀'), fc.nat(6000))
      .map(([unit, n]) => unit.repeat(n));
    fc.assert(
      fc.property(fc.array(token, { maxLength: 30 }), (tokens) => {
        const cap = new SectionTextCap();
        const streamed = tokens.map((t) => cap.take(t)).join('');
        expect(streamed).toBe(capText(tokens.join(''), SECTION_CONTENT_MAX_CHARS));
        expect(streamed.length).toBeLessThanOrEqual(SECTION_CONTENT_MAX_CHARS);
        if (tokens.join('').length > SECTION_CONTENT_MAX_CHARS) reachedCap += 1;
      }),
      { numRuns: 200 },
    );
    expect(reachedCap).toBeGreaterThan(20);
  });
});
