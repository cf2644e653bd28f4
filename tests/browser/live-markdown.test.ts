import { describe, expect, it } from 'vitest';
import { useStackAndBrowser, watchPage, openPage } from './support/browser.js';
import { expectPageMatchesApi, expectStreamedExactly, startFromHome, waitForStatus } from './support/document-page.js';

// The section being written is formatted Markdown while it streams (src/views/client/live-markdown.ts).
// The simulator's `format=rich` gives every section a `###` sub-heading and a list whose items open in
// bold. The page is watched from inside with a MutationObserver, so every state the DOM passes through is
// seen, not just the ones a poll happens to land on.

const t = useStackAndBrowser();

interface Seen {
  /** Indexes of sections in which a list item, bold text or a sub-heading was seen while being written. */
  lists: number[];
  bold: number[];
  headings: number[];
  /** The text of a section being written, whenever it showed Markdown markers as raw text. */
  raw: string[];
  /** Each finished section's text and height just before and just after the swap for the server's rendering. */
  swaps: { index: number; before: string; after: string; heightBefore: number; heightAfter: number }[];
}

describe('formatting while it streams', () => {
  it('shows lists, bold and sub-headings as written, never raw markers, and swaps without a jump', async () => {
    const page = await openPage(t.browser);
    const watch = watchPage(page);
    const id = await startFromHome(page, t.stack.apiUrl, 'A bakery called "Crumb" in Lyon [[sim:format=rich;tps=90]]');
    await page.evaluate(() => {
      const seen: Seen = { lists: [], bold: [], headings: [], raw: [], swaps: [] };
      (window as unknown as { seen: Seen }).seen = seen;
      const note = (list: number[], index: number) => {
        if (!list.includes(index)) list.push(index);
      };
      const pending = new Map<number, { before: string; heightBefore: number }>();
      const documentElement = document.getElementById('document') as HTMLElement;
      new MutationObserver(() => {
        for (const section of documentElement.querySelectorAll<HTMLElement>('.doc-section')) {
          const index = Number(section.dataset.index);
          const body = section.querySelector<HTMLElement>('.section-body');
          if (!body) continue;
          if (section.dataset.state === 'writing') {
            if (body.querySelector('li')) note(seen.lists, index);
            if (body.querySelector('strong')) note(seen.bold, index);
            if (body.querySelector('h3')) note(seen.headings, index);
            const text = body.innerText;
            if (/\*\*|^\s*(?:[-*] |#{1,6} ?)/m.test(text)) seen.raw.push(text.slice(-80));
          } else if (section.dataset.state === 'done' && pending.has(index)) {
            const before = pending.get(index) as { before: string; heightBefore: number };
            pending.delete(index);
            const heightAfter = body.getBoundingClientRect().height;
            seen.swaps.push({ index, ...before, after: body.innerText, heightAfter });
          }
        }
      }).observe(documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
      // Listeners run in the order they were added: the page's own handler has applied the event by now.
      document.getElementById('stream')?.addEventListener('section_end', (event) => {
        const index = Number(JSON.parse(String((event as CustomEvent<{ data: string }>).detail.data)).index);
        const body = document.querySelector<HTMLElement>(`.doc-section[data-index="${index}"] .section-body`);
        if (body) pending.set(index, { before: body.innerText, heightBefore: body.getBoundingClientRect().height });
      });
    });

    await waitForStatus(page, 'completed');
    const seen = await page.evaluate(() => (window as unknown as { seen: Seen }).seen);
    // Sections finished before the observer started are not counted: most of the ten are seen being written.
    expect(seen.lists.length).toBeGreaterThanOrEqual(6);
    expect(seen.bold.length).toBeGreaterThanOrEqual(6);
    expect(seen.headings.length).toBeGreaterThanOrEqual(6);
    expect(seen.raw).toEqual([]);
    expect(seen.swaps.length).toBeGreaterThanOrEqual(6);
    for (const swap of seen.swaps) {
      expect(swap.after, `section ${swap.index}`).toBe(swap.before);
      expect(Math.abs(swap.heightAfter - swap.heightBefore), `section ${swap.index}`).toBeLessThan(1);
    }

    // The text as received still equals what was stored, and the page ends as the server renders it.
    await expectStreamedExactly(page, 6);
    await expectPageMatchesApi(page, t.stack.apiUrl, id);
    expect(watch.pageErrors).toEqual([]);
    expect(watch.cspViolations).toEqual([]);
    await page.close();
  });

  it('renders a section half-written when the page loads formatted, and goes on from there', async () => {
    const page = await openPage(t.browser);
    const watch = watchPage(page);
    await startFromHome(page, t.stack.apiUrl, 'A bakery called "Crumb" in Lyon [[sim:format=rich;tps=40;id=reload]]');
    await page.waitForSelector('.doc-section[data-state="writing"] .live-text li');
    // The server renders the text so far as the script does: formatted before any script has run.
    const html = await page.evaluate(async () => (await fetch(location.href)).text());
    const writing = /data-state="writing"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(writing).toMatch(/<li>/);
    expect(writing).toContain('<template class="live-source">');
    await page.reload();
    // The script carries on from the server's rendering, and goes on streaming into it.
    await page.waitForSelector('.doc-section[data-state="writing"] .section-body.md li');
    const raw = await page.$$eval('.doc-section[data-state="writing"] .section-body', (bodies) =>
      bodies.map((b) => (b as HTMLElement).innerText).filter((text) => /\*\*|^\s*- /m.test(text)),
    );
    expect(raw).toEqual([]);
    await waitForStatus(page, 'completed');
    await expectStreamedExactly(page, 1);
    expect(watch.pageErrors).toEqual([]);
    expect(watch.cspViolations).toEqual([]);
    await page.close();
  });
});
