import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderMarkdownSoFar } from '../../src/domain/markdown.js';
import { provisionalSource } from '../../src/domain/markdown-so-far.js';
import { writeDocument } from '../../src/sim/legal-writer.js';
import { tokenize } from '../../src/sim/tokenizer.js';
import { safeMarkdown } from '../../src/views/client/live-markdown.js';

// The section being written is rendered frame by frame: by the server for the first render of a page, by
// the browser for every token after it (markdown-it's browser build is the same code as the package Node
// loads here, built by the client module the same way). What a reader sees at each token is checked.

const live = safeMarkdown(MarkdownIt);

const SECTION = [
  'The **Company** provides the _Service_ to every `Customer` who accepts these terms.',
  '',
  '### Obligations of the parties',
  '',
  'The Customer shall:',
  '',
  '- **Pay on time.** Fees are due within 30 days.',
  '- Keep the account details *accurate* and current.',
  '1. Notify the Company of any breach.',
  '',
  '> Nothing limits liability for fraud.',
  '',
  'See [the policy](https://example.com/policy) and ![a chart](http://attacker.invalid/x.png) for more.',
].join('\n');

/** The visible text of some HTML, whitespace collapsed. */
function visible(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The rendering after each token of `text`, as the simulator splits it; the page's and the server's agree. */
function frames(text: string): string[] {
  let sofar = '';
  return tokenize(text).map((token) => {
    sofar += token;
    const html = live.partial(sofar);
    expect(renderMarkdownSoFar(sofar)).toBe(html);
    return html;
  });
}

describe('the section being written, rendered as it streams', () => {
  it('renders a finished section exactly as the server does', () => {
    expect(live.final(SECTION)).toBe(renderMarkdown(SECTION));
    expect(live.partial(`${SECTION}\n`)).toBe(renderMarkdown(SECTION));
  });

  it('never shows a raw emphasis, list, heading or quote marker at any token', () => {
    for (const [i, html] of frames(SECTION).entries()) {
      const text = visible(html);
      expect(text, `after token ${i}`).not.toMatch(/\*|(?:^| )_|`/);
      expect(text, `after token ${i}`).not.toMatch(/(?:^| )(?:- |#|> |1\.)/);
    }
  });

  it('shows lists, bold and sub-headings before the section ends', () => {
    const upToList = SECTION.slice(0, SECTION.indexOf('Fees'));
    const html = live.partial(upToList);
    expect(html).toContain('<h3>Obligations of the parties</h3>');
    expect(html).toContain('<li><strong>Pay on time.</strong>');
    expect(live.partial('The **Comp')).toBe('<p>The <strong>Comp</strong></p>\n');
    expect(live.partial('Hello\n- ')).toBe('<p>Hello</p>\n');
    expect(live.partial('Hello\n- It')).toBe('<p>Hello</p>\n<ul>\n<li>It</li>\n</ul>\n');
  });

  it('never takes back text it showed: each frame continues the one before', () => {
    expectSteadyFrames(SECTION);
  });

  it('streams every section the simulator writes (rich Markdown, injection payloads) steadily and cleanly', () => {
    for (const directive of ['format=rich', 'inject=xss;format=rich']) {
      const content = `A bakery called "Crumb" [[sim:${directive}]]`;
      const document = writeDocument({ messages: [{ role: 'user', content }] });
      const sections = document.split(/\n(?=## \d+\. )/).map((section) => section.slice(section.indexOf('\n') + 1));
      expect(sections.length).toBeGreaterThanOrEqual(3);
      for (const section of sections) {
        expect(section).toMatch(/^### Key points$/m);
        expect(section).toMatch(/^- \*\*\w+ \w+\*\* /m);
        expectSteadyFrames(section);
        expect(live.final(section)).toBe(renderMarkdown(section));
      }
    }
  });
});

/** Each frame continues the text of the one before, and none shows a raw `**` or list marker. */
function expectSteadyFrames(source: string): void {
  let before = '';
  for (const [i, html] of frames(source).entries()) {
    // A link's brackets are the one exception: it is a link only once its address is complete.
    const text = visible(html).replace(/!?\[|\]/g, '');
    expect(text.startsWith(before), `after token ${i}: "${before}" → "${text}"`).toBe(true);
    expect(text, `after token ${i}`).not.toMatch(/\*\*|(?:^| )(?:- |#)/);
    before = text;
  }
}

describe('what a frame holds back', () => {
  it('keeps links and images safe while they are being written', () => {
    const payloads = 'Click [here](javascript:alert(1)) or ![x](http://attacker.invalid/p.png) <script>x</script>';
    for (const html of frames(payloads)) {
      expect(html).not.toMatch(/<img|<script|href="javascript/i);
    }
  });

  it('leaves a marker that cannot be closed as text rather than guessing', () => {
    expect(provisionalSource('2 * 3')).toEqual({ body: '2 * 3', closers: '' });
    expect(provisionalSource('snake_case_na')).toEqual({ body: 'snake_case_na', closers: '' });
    expect(provisionalSource('the `co')).toEqual({ body: 'the `co', closers: '`' });
    expect(provisionalSource('**a _b')).toEqual({ body: '**a _b', closers: '_**' });
    expect(visible(live.partial('a *b c*d'))).toBe('a b cd');
    expect(live.partial('See [the policy](https://exa')).toBe('<p>See [the policy</p>\n');
  });
});
