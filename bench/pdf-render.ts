// `npm run bench:pdf` (`-- --runs N`): what a PDF download costs the API process. Lays out a typical
// draft (11 sections of 3,000 characters) and the longest a draft can hold (11 of 32,000, the section
// cap) with the renderer the API uses (dist/, one worker thread, as in production), and prints each
// render's time, its pages and size, and the worst delay the API's event loop saw meanwhile: the render
// runs on the worker thread, so that delay should stay near the timer's own jitter.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureBuilt } from './lib/build.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const RUNS = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 3;

ensureBuilt(root);
const dist = (path: string) => pathToFileURL(join(root, 'dist/src/views', path)).href;
const { documentFrame } = (await import(dist('document-frame.js'))) as typeof import('../src/views/document-frame.js');
const { PdfRenderer } = (await import(dist('pdf-renderer.js'))) as typeof import('../src/views/pdf-renderer.js');

/** `size` characters of a section as models write them: sub-headings, paragraphs, short lists. */
function sectionText(size: number): string {
  const sentence =
    'The Receiving Party must keep the Confidential Information secret and use it only for the Purpose. ';
  let text = '';
  for (let i = 0; text.length < size; i++) {
    if (i % 5 === 0) text += `### ${i / 5 + 1}. Sub-heading\n\n`;
    text += i % 3 === 0 ? `- ${sentence}\n- ${sentence.slice(0, 60)}\n\n` : `${sentence.repeat(5)}\n\n`;
  }
  return text.slice(0, size);
}

const frame = documentFrame({
  template: 'nda',
  language: 'en',
  outline: null,
  details: { legalName: 'Trailhead Ltd', counterparty: 'Acme Corp', effectiveDate: '2026-12-04' },
});
const renderer = new PdfRenderer({ threads: 1, queue: 0, timeoutMs: 300_000 });
let worstLag = 0;
let last = performance.now();
const probe = setInterval(() => {
  const now = performance.now();
  worstLag = Math.max(worstLag, now - last - 10);
  last = now;
}, 10);

console.log('| draft | run | ms | pages | KiB | worst event-loop delay (ms) |\n|---|---|---|---|---|---|');
for (const [name, size] of [
  ['typical, 11 × 3,000 chars', 3_000],
  ['longest, 11 × 32,000 chars', 32_000],
] as const) {
  const sections = Array.from({ length: 11 }, (_, i) => ({
    index: i + 1,
    title: `Section ${i + 1}`,
    content: sectionText(size),
  }));
  for (let run = 1; run <= RUNS; run++) {
    worstLag = 0;
    const started = performance.now();
    const file = await renderer.render({ frame, sections });
    const ms = performance.now() - started;
    const pages = new TextDecoder('latin1').decode(file).match(/\/Type \/Page\b/g)?.length ?? 0;
    console.log(
      `| ${name} | ${run} | ${Math.round(ms)} | ${pages} | ${Math.round(file.length / 1024)} | ${Math.round(worstLag)} |`,
    );
  }
}
clearInterval(probe);
await renderer.close();
