import { describe, expect, it } from 'vitest';
import {
  cleanText,
  documentString,
  findUnstorable,
  isStorable,
  storableRecord,
  StreamTextCleaner,
} from '../../src/domain/storable-text.js';

describe('text storage can hold', () => {
  it('takes tab, newline, carriage return and any printable text, and nothing else of C0', () => {
    expect(isStorable('Terms\tof\r\nService — « été » 😀')).toBe(true);
    for (let code = 0; code < 0x20; code++) {
      expect(isStorable(`a${String.fromCharCode(code)}b`)).toBe([0x09, 0x0a, 0x0d].includes(code));
    }
  });

  it('refuses unpaired surrogates and every noncharacter, and takes pairs, ZWJ and bidi marks', () => {
    const refused = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uFFFE', '\uFFFF', '\uFDD0', '\uFDEF'];
    for (let plane = 1; plane <= 16; plane++) refused.push(String.fromCodePoint(plane * 0x10000 + 0xfffe));
    for (const char of refused) expect(isStorable(`a${char}b`), char.codePointAt(0)!.toString(16)).toBe(false);
    // The surrogates of a pair are one character; the bidi controls are refused nowhere, only dropped.
    for (const kept of ['😀', '\u{10FFFD}', '\uFDCF', '\uFDF0', '\uFFFD', '👨\u200D👩', '\u200E\u200F\u202E\uFEFF'])
      expect(isStorable(`a${kept}b`)).toBe(true);
    expect(isStorable('\uDC00\uD800')).toBe(false);
  });

  it('makes document text: drops invisible formatting, makes line separators newlines, keeps ZWJ, ZWNJ, marks', () => {
    expect(cleanText('a\u202Eb\u202Cc\u2066d\u2069e\uFEFFf\u007Fg\u0090h\u2060i\u{E0041}j')).toBe('abcdefghij');
    expect(cleanText('one\u2028two\u2029three\u0085four')).toBe('one\ntwo\nthree\nfour');
    const kept = 'family 👨\u200D👩\u200D👧, mi\u200Cdanam, \u200Fشكرا\u200E, soft\u00ADhyphen, zero\u200Bwidth';
    expect(cleanText(kept)).toBe(kept);
    expect(cleanText('lone\uD800 \uDC00 non\uFFFF\u{10FFFF}')).toBe('lone  non');
  });

  it('cleans a stream of deltas without tearing a surrogate pair cut between two of them', () => {
    const cleaner = new StreamTextCleaner();
    const out = [cleaner.push('a\uD83D'), cleaner.push('\uDE00b\uD800'), cleaner.push('c\uD83D'), cleaner.end()];
    expect(out.join('')).toBe('a😀bc');
    expect(out[0]).toBe('a');
  });

  it('takes an edit as document text: refused characters refused, invisible ones dropped, CRLF made LF', () => {
    expect(documentString().safeParse('x\uFFFF').success).toBe(false);
    expect(documentString().parse(' \uFEFFPay \u202Eplh\u202C\r\nnow\r ')).toBe('Pay plh\nnow');
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
    const surrogate = storableRecord().safeParse({ customer: [{ name: 'Ann' }, { name: 'B\uD800' }] });
    expect(surrogate.error?.issues[0]?.path).toEqual(['customer', 1, 'name']);
  });
});
