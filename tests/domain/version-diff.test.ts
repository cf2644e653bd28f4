import { describe, expect, it } from 'vitest';
import { markdownText } from '../../src/domain/markdown-text.js';
import { DIFF_MAX_EDITS, diffHtml, diffVersions } from '../../src/domain/version-diff.js';

describe('markdownText', () => {
  it('is the text as rendered: no Markdown marks, lists marked, blocks apart', () => {
    const source =
      '# Title\n\nSome **bold** and `code`.\n\n- one\n- two\n  - nested\n\n1. first\n2. second\n\n[a link](https://a.example)';
    expect(markdownText(source)).toBe(
      'Title\n\nSome bold and code.\n\n• one\n• two\n  • nested\n\n1. first\n2. second\n\na link',
    );
  });
});

describe('diffVersions', () => {
  it('marks the words added and removed, not the Markdown around them', () => {
    const parts = diffVersions('The **Service** is provided as is.', 'The Service is provided as available.');
    expect(parts).toEqual([
      { kind: 'unchanged', text: 'The Service is provided as ' },
      { kind: 'removed', text: 'is' },
      { kind: 'added', text: 'available' },
      { kind: 'unchanged', text: '.' },
    ]);
  });

  it('shows the same text as unchanged, and two unrelated long texts as one removed and one added', () => {
    expect(diffVersions('Same *words*.', 'Same words.')).toEqual([{ kind: 'unchanged', text: 'Same words.' }]);
    const words = (seed: string) => Array.from({ length: DIFF_MAX_EDITS * 2 }, (_, i) => `${seed}${i}`).join(' ');
    const parts = diffVersions(words('a'), words('b'));
    expect(parts.map((p) => p.kind)).toEqual(['removed', 'added']);
  });

  it('escapes every part in the HTML: markup in a version stays text', () => {
    const payload = '<img src=x onerror=alert(1)> "quoted" & <script>alert(2)</script>';
    const html = diffHtml(diffVersions('Plain text.', `Plain text. ${payload}`));
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toMatch(/^<div class="version-diff"><span>Plain text\.<\/span><ins>/);
  });
});
