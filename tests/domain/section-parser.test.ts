import { describe, expect, it } from 'vitest';
import { SectionParser } from '../../src/domain/section-parser.js';
import {
  contractViolation,
  outlineOf,
  runParser,
  sectionsOf,
  singleCharacters,
  splitAt,
  structure,
} from './parser-run.js';

const TOS = outlineOf(['Acceptance of Terms', 'Description of Service']);
const run = (pieces: readonly string[]) => runParser(pieces, TOS);

const DOCUMENT = [
  '# Terms of Service',
  '',
  'Here is your draft:',
  '',
  '## 1. Acceptance of Terms',
  '',
  'By using the **Service** you agree.',
  '',
  '### 1.1 Changes',
  '- We may change these Terms.',
  '- We will notify you.',
  '',
  '## 2) Description of Service ##',
  'The Service lets [Company Name] customers   draft contracts.',
  '#hashtag lines and',
  '## Not numbered headings are content.',
  '',
].join('\n');

const EXPECTED = [
  {
    index: 1,
    title: 'Acceptance of Terms',
    content:
      'By using the **Service** you agree.\n\n### 1.1 Changes\n- We may change these Terms.\n- We will notify you.',
  },
  {
    index: 2,
    title: 'Description of Service',
    content:
      'The Service lets [Company Name] customers   draft contracts.\n#hashtag lines and\n## Not numbered headings are content.',
  },
];

describe('SectionParser', () => {
  it('splits a whole document into sections, dropping the text before the first heading', () => {
    const events = run([DOCUMENT]);
    expect(sectionsOf(events)).toEqual(EXPECTED);
    expect(contractViolation(events)).toBeUndefined();
  });

  it('gives the same sections and events for every two-piece split and for 1-character pieces', () => {
    const whole = structure(run([DOCUMENT]));
    for (let cut = 0; cut <= DOCUMENT.length; cut++) {
      const events = run(splitAt(DOCUMENT, [cut]));
      expect(structure(events), `cut at ${cut}`).toEqual(whole);
      expect(contractViolation(events), `cut at ${cut}`).toBeUndefined();
    }
    const events = run(singleCharacters(DOCUMENT));
    expect(structure(events)).toEqual(whole);
    expect(contractViolation(events)).toBeUndefined();
  });

  it('never puts heading text in tokens', () => {
    const tokens = run(singleCharacters(DOCUMENT))
      .flatMap((event) => (event.type === 'token' ? [event.text] : []))
      .join('');
    expect(tokens).not.toContain('Acceptance of Terms');
    expect(tokens).not.toContain('Description of Service');
    expect(tokens).not.toContain('Terms of Service');
  });

  it("files sections under the outline's index and title, whatever number the model wrote", () => {
    const events = runParser(
      ['## 1. Termination\nEnds.\n## 2. Governing law:\nEngland.\n'],
      outlineOf(['Termination', 'Governing Law'], 9),
    );
    expect(structure(events)).toEqual([
      { type: 'section_start', index: 9, title: 'Termination' },
      { type: 'section_end', index: 9, title: 'Termination', content: 'Ends.' },
      { type: 'section_start', index: 10, title: 'Governing Law' },
      { type: 'section_end', index: 10, title: 'Governing Law', content: 'England.' },
    ]);
  });

  it('streams content at once, holding back only a possible heading and trailing whitespace', () => {
    const parser = new SectionParser({ sections: outlineOf(['Fees', 'Next']) });
    expect(parser.push('## 1')).toEqual([]);
    expect(parser.push('. Fees\n\n  Hello wor')).toEqual([
      { type: 'section_start', index: 1, title: 'Fees' },
      { type: 'token', section: 1, text: 'Hello wor' },
    ]);
    expect(parser.push('ld.  ')).toEqual([{ type: 'token', section: 1, text: 'ld.' }]);
    expect(parser.push('\n #')).toEqual([]);
    expect(parser.push('#')).toEqual([]);
    expect(parser.push('#')).toEqual([]);
    expect(parser.push(' S')).toEqual([]); // `### S` could still be `### Section 2`
    expect(parser.push('ub\nThe #')).toEqual([{ type: 'token', section: 1, text: '  \n ### Sub\nThe #' }]);
    expect(parser.push('\n\n## 2. Next')).toEqual([]);
    expect(parser.openSection).toEqual({ index: 1, title: 'Fees' });
    expect(parser.push('\n')).toEqual([
      { type: 'section_end', index: 1, title: 'Fees', content: 'Hello world.  \n ### Sub\nThe #' },
      { type: 'section_start', index: 2, title: 'Next' },
    ]);
    expect(parser.openSection).toEqual({ index: 2, title: 'Next' });
  });

  it.each([
    ['   ## 1. Indented up to three spaces', 'Indented up to three spaces'],
    ['##\t1)\tTabs and a parenthesis', 'Tabs and a parenthesis'],
    ['## 1.   Closing hashes   ###  ', 'Closing hashes'],
    ['## 1. Use of C#', 'Use of C#'],
  ])('reads %j as a heading titled %j', (line, title) => {
    expect(structure(runParser([`${line}\nBody`], outlineOf([title])))[0]).toEqual({
      type: 'section_start',
      index: 1,
      title,
    });
  });

  it.each([
    '    ## 2. Four spaces is a code block',
    '### 3. Sub-heading',
    '#### 1. Deeper than the section headings',
    '## 2.1 Decimal sub-numbering',
    '##2. No space after the hashes',
    '## Two. Spelled-out number',
    '2. A numbered line of text',
    '**2. Payment.** A bold numbered clause',
    'Section 2 of this Agreement applies.',
    '## Not numbered, not a title',
    '### 2. Later payments (a sub-heading sharing a word with section 2)',
    '**2. Later payments.** A bold clause sharing a word with section 2',
  ])('keeps %j as content', (line) => {
    const events = runParser([`## 1. Open\nBefore\n${line}\nAfter`], outlineOf(['Open', 'Later Terms']));
    expect(sectionsOf(events)).toEqual([{ index: 1, title: 'Open', content: `Before\n${line}\nAfter` }]);
  });

  it('treats \\r\\n as \\n, even when split between \\r and \\n, so content only has \\n', () => {
    const crlf = DOCUMENT.replaceAll('\n', '\r\n');
    const whole = run([crlf]);
    expect(sectionsOf(whole)).toEqual(EXPECTED);
    for (let cut = 0; cut <= crlf.length; cut++) {
      const events = run(splitAt(crlf, [cut]));
      expect(sectionsOf(events), `cut at ${cut}`).toEqual(EXPECTED);
      expect(contractViolation(events)).toBeUndefined();
    }
  });

  it('ends a heading that the stream cuts before its newline, and closes the open section', () => {
    const parser = new SectionParser({ sections: outlineOf(['Body', 'Last'], 4) });
    expect(parser.push('## 4. Body\n\nText\n\n\n## 5. Last')).toEqual([
      { type: 'section_start', index: 4, title: 'Body' },
      { type: 'token', section: 4, text: 'Text' },
    ]);
    expect(parser.end()).toEqual([
      { type: 'section_end', index: 4, title: 'Body', content: 'Text' },
      { type: 'section_start', index: 5, title: 'Last' },
      { type: 'section_end', index: 5, title: 'Last', content: '' },
    ]);
    expect(parser.openSection).toBeUndefined();
    expect(parser.end()).toEqual([]);
    expect(() => parser.push('more')).toThrow(/after end/);
  });

  it('releases a held-back line start at the end of the stream', () => {
    expect(sectionsOf(runParser(['## 1. A\nText\n###'], outlineOf(['A'])))).toEqual([
      { index: 1, title: 'A', content: 'Text\n###' },
    ]);
  });

  it('emits nothing for a stream without any section heading', () => {
    expect(runParser(['# Title\n\nSorry, I cannot help with that.\n## Notes\n'], TOS)).toEqual([]);
  });

  it('accepts empty deltas and whitespace-only sections without empty tokens', () => {
    const events = runParser(
      ['', '## 1. Empty\n', '', '   \n\n', '## 2. Full\n', 'x', ''],
      outlineOf(['Empty', 'Full']),
    );
    expect(sectionsOf(events)).toEqual([
      { index: 1, title: 'Empty', content: '' },
      { index: 2, title: 'Full', content: 'x' },
    ]);
    expect(contractViolation(events)).toBeUndefined();
  });

  it('continues a section cut short where it stopped, mid-line or at a line start', () => {
    const sections = outlineOf(['Fees', 'Term']);
    for (const [written, rest] of [
      ['The Customer pays each invoice wi', 'thin thirty days.\n\n## 2. Term\n\nOne year.'],
      ['The Customer pays each invoice within thirty days.\n\n', '## 2. Term\n\nOne year.'],
      ['The Customer pays each invoice within thirty days.\n\n## 2', '. Term\n\nOne year.'],
    ] as const) {
      const first = new SectionParser({ sections });
      first.push(`## 1. Fees\n\n${written}`);
      const { events, resume } = first.interrupt();
      expect(events).toEqual([]);
      const next = new SectionParser({ sections, resume });
      const after = [...next.push(rest), ...next.end()];
      expect(after.filter((e) => e.type === 'section_start').map((e) => e.index)).toEqual([2]);
      expect(sectionsOf(after)).toEqual([
        { index: 1, title: 'Fees', content: 'The Customer pays each invoice within thirty days.' },
        { index: 2, title: 'Term', content: 'One year.' },
      ]);
    }
  });

  it('drops a remark a continuation opens with, and goes on with the cut line', () => {
    const sections = outlineOf(['Fees', 'Term']);
    for (const [written, rest] of [
      [
        'The Customer pays each invoice wi',
        'Sure, continuing from where I left off:\n\nthin thirty days.\n\n## 2. Term\n\nOne year.',
      ],
      ['The Customer pays each invoice within thirty days.\n\n', 'Voici la suite :\n\n## 2. Term\n\nOne year.'],
      ['The Customer pays each invoice wi', 'Certainly.\nthin thirty days.\n\n## 2. Term\n\nOne year.'],
    ] as const) {
      const first = new SectionParser({ sections });
      first.push(`## 1. Fees\n\n${written}`);
      const next = new SectionParser({ sections, resume: first.interrupt().resume });
      // Delta by delta, as it streams.
      const after = [...[...rest].flatMap((char) => next.push(char)), ...next.end()];
      expect(sectionsOf(after)).toEqual([
        { index: 1, title: 'Fees', content: 'The Customer pays each invoice within thirty days.' },
        { index: 2, title: 'Term', content: 'One year.' },
      ]);
    }
    // Text that merely starts with such a word is the section's.
    const first = new SectionParser({ sections });
    first.push('## 1. Fees\n\nWe make');
    const next = new SectionParser({ sections, resume: first.interrupt().resume });
    const after = [...next.push(' sure that invoices are clear.\n'), ...next.end()];
    expect(sectionsOf(after)[0]?.content).toBe('We make sure that invoices are clear.');
  });

  it('starts a cut section over when the continuation writes its heading again', () => {
    const sections = outlineOf(['Fees', 'Term']);
    const first = new SectionParser({ sections });
    first.push('## 1. Fees\n\nThe Customer pays each invoice wi');
    const { resume } = first.interrupt();
    const next = new SectionParser({ sections, resume });
    // Its heading on a line of its own, or right at the start of the continuation (glued to the cut line).
    const again = new SectionParser({ sections, resume });
    const glued = [
      ...again.push('## 1. Fees\n\nThe Customer pays within thirty days.\n\n## 2. Term\n\nOne year.'),
      ...again.end(),
    ];
    const after = [
      ...next.push('\n\n**1. Fees**\n\nThe Customer pays within thirty days.\n\n## 2. Term\n\nOne year.'),
      ...next.end(),
    ];
    expect(glued.filter((e) => e.type !== 'token')).toEqual(after.filter((e) => e.type !== 'token'));
    expect(after.filter((e) => e.type !== 'token')).toEqual([
      { type: 'reset', section: 1 },
      { type: 'section_start', index: 1, title: 'Fees' },
      { type: 'section_end', index: 1, title: 'Fees', content: 'The Customer pays within thirty days.' },
      { type: 'section_start', index: 2, title: 'Term' },
      { type: 'section_end', index: 2, title: 'Term', content: 'One year.' },
    ]);
    // From the reset on, the events are those of a whole section.
    expect(contractViolation(after.slice(1))).toBeUndefined();
  });

  it('closes a cut section whole when the cut fell in a remark to the user', () => {
    const parser = new SectionParser({ sections: outlineOf(['Fees']) });
    parser.push('## 1. Fees\n\nMonthly.\n\nLet me know if you want');
    expect(parser.interrupt()).toEqual({
      events: [{ type: 'section_end', index: 1, title: 'Fees', content: 'Monthly.' }],
      resume: undefined,
    });
  });

  it('handles many small deltas in linear time', () => {
    const paragraph = 'The Customer must pay each invoice within thirty days of its date. ';
    const text = `## 1. Fees\n${paragraph.repeat(20_000)}`;
    const parser = new SectionParser({ sections: outlineOf(['Fees']) });
    for (let pos = 0; pos < text.length; pos += 4) parser.push(text.slice(pos, pos + 4));
    const [end] = parser.end();
    expect(end).toMatchObject({ type: 'section_end', content: paragraph.repeat(20_000).trim() });
  });
});
