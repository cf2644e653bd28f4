import { describe, expect, it } from 'vitest';
import { useStackAndBrowser, watchPage, openPage } from './support/browser.js';
import { expectStreamedExactly, readSections, startFromHome, waitForStatus } from './support/document-page.js';

// With API_KEYS set, /api/* wants a key, but the page of a generation still streams and its buttons
// still work: it carries a page token good for that generation's own routes only.

const KEY = 'browser-test-key-0123456789';
const t = useStackAndBrowser({ env: { API_KEYS: KEY } });

describe('the page when the API requires keys', () => {
  it('streams, pauses and resumes through its page token', async () => {
    const page = await openPage(t.browser);
    const watch = watchPage(page);
    const id = await startFromHome(page, t.stack.apiUrl, 'A bike repair shop [[sim:tps=150]]');
    expect((await fetch(`${t.stack.apiUrl}/api/generations/${id}`)).status).toBe(401);

    await page.waitForSelector('.doc-section[data-index="2"] .tok');
    await page.getByRole('button', { name: 'Pause' }).click();
    await waitForStatus(page, 'paused');
    await page.getByRole('button', { name: 'Resume' }).click();
    await waitForStatus(page, 'completed');

    const stored = await fetch(`${t.stack.apiUrl}/api/generations/${id}`, { headers: { authorization: `Bearer ${KEY}` } });
    const generation = (await stored.json()) as { sections: { index: number; title: string }[] };
    const shown = await readSections(page);
    expect(shown.map((s) => [s.index, s.title])).toEqual(generation.sections.map((s) => [s.index, s.title]));
    await expectStreamedExactly(page, 1);
    expect(watch.pageErrors).toEqual([]);
  });
});
