import { describe, expect, it } from 'vitest';
import { cleanText, findUnstorable, isStorable, storableRecord } from '../../src/domain/storable-text.js';

describe('text storage can hold', () => {
  it('takes tab, newline, carriage return and any printable text, and nothing else of C0', () => {
    expect(isStorable('Terms\tof\r\nService — « été » 😀')).toBe(true);
    for (let code = 0; code < 0x20; code++) {
      expect(isStorable(`a${String.fromCharCode(code)}b`)).toBe([0x09, 0x0a, 0x0d].includes(code));
    }
  });

  it('cleans model output by dropping what storage cannot hold, keeping the rest as it is', () => {
    expect(cleanText('null\u0000byte, bell\u0007, \u001b[31mred\u001b[0m\r\n\tok')).toBe(
      'nullbyte, bell, [31mred[0m\r\n\tok',
    );
  });

  it('finds a bad string in JSON keys and values at any depth, with its path', () => {
    expect(findUnstorable({ a: [1, { b: 'ok' }, { c: 'x\u0000' }] })).toEqual({ path: ['a', 2, 'c'], inKey: false });
    expect(findUnstorable({ a: { 'k\u0002': 1 } })).toEqual({ path: ['a'], inKey: true });
    expect(findUnstorable({ a: [null, true, 3, 'fine'] })).toBeUndefined();
  });

  it('walks a value nested far deeper than a call stack without overflowing', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 50_000; i++) deep = [deep];
    expect(findUnstorable(deep)?.path).toHaveLength(50_000);
  });

  it('as a zod record, reports the path of the bad value', () => {
    const result = storableRecord().safeParse({ customer: { name: 'Ann\u0000' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['customer', 'name']);
  });
});
