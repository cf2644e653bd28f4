import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';

// Reading a produced PDF back with poppler's tools (pdftotext, pdfinfo: poppler-utils, installed by
// .ci/run): what a reader's PDF viewer finds in the file, not what we meant to put there.

const run = promisify(execFile);

async function withFile<T>(file: Uint8Array, use: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'pdf-'));
  try {
    await writeFile(join(dir, 'doc.pdf'), file);
    return await use(join(dir, 'doc.pdf'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text of each page, as laid out (`pdftotext -layout`: a list marker stays on its item's line). */
export async function pdfPages(file: Uint8Array): Promise<string[]> {
  const { stdout } = await withFile(file, (path) =>
    run('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'], { timeout: 60_000, maxBuffer: 64 << 20 }),
  );
  return stdout.replace(/\f$/, '').split('\f');
}

/** The document information pdfinfo reads (Title, Pages, Page size, ...). */
export async function pdfInfo(file: Uint8Array): Promise<Record<string, string>> {
  const { stdout } = await withFile(file, (path) => run('pdfinfo', ['-enc', 'UTF-8', path], { timeout: 60_000 }));
  return Object.fromEntries(
    stdout
      .split('\n')
      .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
      .filter((m) => m !== null)
      .map((m) => [m[1] ?? '', m[2] ?? '']),
  );
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * The body text of the PDF's pages (each page's running header and page number checked, then dropped):
 * one string, whitespace collapsed, so a paragraph broken across lines or pages reads as one.
 */
export async function pdfBodyText(
  file: Uint8Array,
  expected: { header: string; pageNumber: (page: number, total: number) => string },
): Promise<{ text: string; pages: number }> {
  const pages = await pdfPages(file);
  const bodies = pages.map((page, i) => {
    const lines = page.split('\n').filter((l) => l.trim() !== '');
    // The footer: `Page N of M`, centred, the last line of every page.
    expect(collapse(lines.at(-1) ?? ''), `page ${i + 1}'s footer`).toBe(expected.pageNumber(i + 1, pages.length));
    lines.pop();
    // The running header, from page 2.
    if (i > 0) expect(collapse(lines.shift() ?? ''), `page ${i + 1}'s header`).toBe(expected.header);
    return lines.join('\n');
  });
  return { text: collapse(bodies.join('\n')), pages: pages.length };
}

/**
 * Each of `blocks` is found in `text`, in order. Compared without whitespace: a line may end after a
 * hyphen or a slash (`one-` / `way`, `https://` / `example.com`), where the extracted text has a line
 * break the document's text has not, so every character is checked but not where lines end.
 */
export function expectInOrder(text: string, blocks: readonly string[]): void {
  const squash = (value: string) => value.replace(/\s+/g, '');
  const haystack = squash(text);
  let at = 0;
  for (const block of blocks) {
    const found = haystack.indexOf(squash(block), at);
    expect(found, `"${block}" after …${haystack.slice(Math.max(0, at - 60), at + 60)}…`).toBeGreaterThanOrEqual(0);
    at = found + squash(block).length;
  }
}
