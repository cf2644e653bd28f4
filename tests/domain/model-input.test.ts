import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitSections, SHORTENED_MARK } from '../../src/domain/model-input.js';

const section = (index: number, chars: number) => ({ index, title: `S${index}`, content: 'x'.repeat(chars) });
const total = (sections: { content: string }[]) => sections.reduce((sum, s) => sum + s.content.length, 0);

describe('fitSections', () => {
  it('keeps a draft that fits as it is', () => {
    const sections = [section(1, 100), section(2, 200)];
    expect(fitSections(sections, 1000)).toEqual(sections);
  });

  it('keeps short sections whole and shares what they leave among the long ones, each marked', () => {
    const fitted = fitSections([section(1, 100), section(2, 50_000), section(3, 9_000)], 10_000);
    expect(fitted[0]!.content).toHaveLength(100);
    expect(fitted[1]!.content.endsWith(SHORTENED_MARK)).toBe(true);
    expect(fitted[2]!.content.endsWith(SHORTENED_MARK)).toBe(true);
    // 100 whole, then (10,000 - 100) / 2 each.
    expect(fitted[1]!.content.length).toBeLessThanOrEqual(4950);
    expect(fitted[1]!.content.length).toBeGreaterThan(4800);
    expect(fitted.map((s) => s.index)).toEqual([1, 2, 3]);
  });

  it('gives the section under review its share first', () => {
    const fitted = fitSections([section(1, 40_000), section(2, 40_000)], 10_000, { index: 2, share: 0.5 });
    expect(fitted[1]!.content.length).toBeGreaterThan(4800);
    expect(fitted[0]!.content.length).toBeLessThanOrEqual(5000);
  });

  it('never goes past the budget', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(60_000), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 5000, max: 50_000 }),
        (sizes, max) => {
          const fitted = fitSections(
            sizes.map((n, i) => section(i + 1, n)),
            max,
          );
          expect(total(fitted)).toBeLessThanOrEqual(Math.max(max, 0));
        },
      ),
      { numRuns: 200 },
    );
  });
});
