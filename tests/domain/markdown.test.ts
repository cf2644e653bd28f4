import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/domain/markdown.js';

/** An attribute on a real element (escaped text such as `&lt;img onerror=` does not count). */
const eventHandlerAttribute = /<[a-z][^>]*\son[a-z]+\s*=/i;

const PAYLOADS = [
  '<script>alert(1)</script>',
  'Text <script src="https://evil.example/x.js"></script> more',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)></svg>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](java&#115;cript:alert(1))',
  '[click](&#x6A;avascript:alert(1))',
  '[click]( javascript:alert(1))',
  '<javascript:alert(1)>',
  '[click][evil]\n\n[evil]: javascript:alert(1)',
  '[click](vbscript:msgbox(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![x](https://tracker.example/pixel.png)',
  '![x" onerror="alert(1)](https://tracker.example/p.png)',
  '![x](data:image/png;base64,iVBORw0KGgo=)',
  '[![logo](https://e.example/l.png)](https://e.example)',
  '```js" onmouseover="alert(1)\ncode\n```',
];

describe('renderMarkdown', () => {
  it.each(PAYLOADS)('renders %j inert', (payload) => {
    const html = renderMarkdown(payload);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<svg/i);
    expect(html).not.toMatch(eventHandlerAttribute);
    expect(html).not.toMatch(/href="(?!https?:\/\/|mailto:)/i);
  });

  it('escapes raw HTML as text', () => {
    expect(renderMarkdown('<b>bold</b> & <i>x</i>')).toBe(
      '<p>&lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;x&lt;/i&gt;</p>\n',
    );
  });

  it('leaves a link with a disallowed address as its literal text', () => {
    expect(renderMarkdown('[click](javascript:alert(1))')).toBe('<p>[click](javascript:alert(1))</p>\n');
    expect(renderMarkdown('[terms](/terms)')).toBe('<p>[terms](/terms)</p>\n');
  });

  it('keeps http(s) and mailto links, opening in a new tab without referrer or endorsement', () => {
    const rel = 'target="_blank" rel="nofollow noopener noreferrer"';
    expect(renderMarkdown('[site](https://example.com/a?b=1&c=2 "Home")')).toBe(
      `<p><a href="https://example.com/a?b=1&amp;c=2" title="Home" ${rel}>site</a></p>\n`,
    );
    expect(renderMarkdown('<http://example.com>')).toBe(
      `<p><a href="http://example.com" ${rel}>http://example.com</a></p>\n`,
    );
    expect(renderMarkdown('[mail](mailto:legal@example.com)')).toBe(
      `<p><a href="mailto:legal@example.com" ${rel}>mail</a></p>\n`,
    );
  });

  it('renders an image as its escaped alt text, never as <img>', () => {
    expect(renderMarkdown('See ![the <b>company</b> *logo*](https://example.com/logo.png "Logo").')).toBe(
      '<p>See <span class="md-image-alt">the &lt;b&gt;company&lt;/b&gt; logo</span>.</p>\n',
    );
  });

  it('does not turn bare addresses into links or straighten quotes', () => {
    expect(renderMarkdown('Visit www.example.com -- "now"')).toBe('<p>Visit www.example.com -- &quot;now&quot;</p>\n');
  });

  it('renders ordinary Markdown: headings, lists, emphasis, tables', () => {
    const html = renderMarkdown(
      [
        '### 1.1 Definitions',
        '',
        '**Service** means the *platform*.',
        '',
        '- first',
        '- second',
        '',
        '1. one',
        '2. two',
        '',
        '| Fee | Amount |',
        '|-----|--------|',
        '| Monthly | [Amount] |',
      ].join('\n'),
    );
    expect(html).toContain('<h3>1.1 Definitions</h3>');
    expect(html).toContain('<p><strong>Service</strong> means the <em>platform</em>.</p>');
    expect(html).toContain('<ul>\n<li>first</li>\n<li>second</li>\n</ul>');
    expect(html).toContain('<ol>\n<li>one</li>\n<li>two</li>\n</ol>');
    expect(html).toContain('<th>Fee</th>');
    expect(html).toContain('<td>[Amount]</td>');
  });
});
