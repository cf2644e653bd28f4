import { describe, expect, it } from 'vitest';
import { postJson } from '../support/stack.js';
import { useStackAndBrowser, watchPage } from './support/browser.js';
import { expectStreamedExactly, readSections, waitForStatus } from './support/document-page.js';

// A share link in a browser that has no session: the draft streams live, with no control at all.

const KEY = 'share-browser-key-0123456789-abcdef';
const t = useStackAndBrowser({ env: { API_KEYS: KEY, SESSION_SECRET: 'share-browser-session-secret-0123456789' } });

describe('a share link in the browser', () => {
  it('shows the draft being written, live, read-only', async () => {
    const auth = { authorization: `Bearer ${KEY}` };
    const created = await postJson(`${t.stack.apiUrl}/api/generations`, { prompt: 'A shared bakery [[sim:tps=150]]' }, auth);
    const { url } = (await postJson(`${t.stack.apiUrl}/api/generations/${created.body.id}/share`, {}, auth)).body;
    const context = await t.browser.newContext();
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${t.stack.apiUrl}${url}`);
    await waitForStatus(page, 'completed');
    await expectStreamedExactly(page, 1);

    const stored = (await (await fetch(`${t.stack.apiUrl}/api/generations/${created.body.id}`, { headers: auth })).json()) as {
      sections: { index: number; title: string }[];
    };
    const shown = await readSections(page);
    expect(shown.map((s) => [s.index, s.title])).toEqual(stored.sections.map((s) => [s.index, s.title]));
    for (const name of ['Pause', 'Resume', 'Stop']) expect(await page.getByRole('button', { name }).count()).toBe(0);
    expect(await page.locator('form.rewrite-form').count()).toBe(0);
    expect(await page.locator('a[download]').getAttribute('href')).toBe(`${url}/document.md`);
    expect(watch.pageErrors).toEqual([]);
    expect(watch.cspViolations).toEqual([]);
    // The browser holds no session: the link is all it has.
    expect((await context.cookies()).filter((c) => c.name === 'cg_session')).toEqual([]);
    await context.close();
  });
});
