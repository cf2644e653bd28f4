import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';
import { parseMarkdown } from '../../src/domain/markdown.js';

// Reading a produced .docx back, two ways: the XML parts themselves (a pure check that says which
// part is wrong) and LibreOffice's text conversion (what a word processor makes of the file).

/** The XML of each part of a .docx (word/document.xml, word/header1.xml, ...). */
export function docxParts(file: Uint8Array): Record<string, string> {
  const parts = unzipSync(file);
  return Object.fromEntries(
    Object.entries(parts)
      .filter(([name]) => name.endsWith('.xml'))
      .map(([name, data]) => [name, strFromU8(data)]),
  );
}

/** The text of each paragraph of word/document.xml, in order. */
export function docxParagraphs(file: Uint8Array): string[] {
  const xml = docxParts(file)['word/document.xml'] ?? '';
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => decodeXml(t[1] ?? '')).join(''),
  );
}

const decodeXml = (text: string) =>
  text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');

/** LibreOffice's plain-text rendering of the file (headless, with a profile of its own). */
export async function docxToText(file: Uint8Array): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'docx-'));
  try {
    await writeFile(join(dir, 'doc.docx'), file);
    const profile = `file://${join(dir, 'profile')}`;
    await promisify(execFile)(
      'soffice',
      [
        `-env:UserInstallation=${profile}`,
        '--headless',
        '--convert-to',
        'txt:Text (encoded):UTF8',
        '--outdir',
        dir,
        join(dir, 'doc.docx'),
      ],
      { timeout: 120_000 },
    );
    return (await readFile(join(dir, 'doc.txt'), 'utf8')).replace(/^\uFEFF/, '');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The plain text of each block (heading, paragraph, list item) of Markdown, in order. */
export function markdownBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  for (const token of parseMarkdown(markdown)) {
    if (token.type !== 'inline') continue;
    const text = (token.children ?? [])
      .map((child) =>
        child.type === 'softbreak' ? ' ' : ['text', 'code_inline', 'image'].includes(child.type) ? child.content : '',
      )
      .join('');
    if (text.trim() !== '') blocks.push(text.trim());
  }
  return blocks;
}

/** The lines a signature block has to fill in, as every file writes them: `Signature: ____…`. */
export const fillInLines = (language: 'en' | 'fr') =>
  (language === 'fr'
    ? ['Signature :', 'Nom :', 'Fonction :', 'Date :']
    : ['Signature:', 'Name:', 'Title:', 'Date:']
  ).map((field) => `${field} ${'_'.repeat(32)}`);
