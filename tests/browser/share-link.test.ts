import { describe, expect, it } from 'vitest';
import { useStackAndBrowser, watchPage } from './support/browser.js';
import { expectStreamedExactly, readSections, startFromHome, waitForStatus } from './support/document-page.js';

// The owner makes a read-only link from the draft's page; a browser with no session opens it and
// watches the draft being written, live, with no control at all; the owner revokes it.

const KEY = 'share-browser-key-0123456789-abcdef';
const t = useStackAndBrowser({ env: { API_KEYS: KEY, SESSION_SECRET: 'share-browser-session-secret-0123456789' } });

describe('a share link in the browser', () => {
  it('is made from the page, shows the draft live and read-only, and is revoked from the page', async () => {
    const ownerContext = await t.browser.newContext();
    const owner = await ownerContext.newPage();
    await owner.goto(`${t.stack.apiUrl}/login`);
    await owner.fill('#key', KEY);
    await Promise.all([owner.waitForURL(`${t.stack.apiUrl}/`), owner.click('#sign-in-button')]);
    const id = await startFromHome(owner, t.stack.apiUrl, 'A shared bakery [[sim:tps=60]]');
    await owner.getByRole('button', { name: 'Make a read-only link' }).click();
    const link = owner.locator('#share-link');
    await link.waitFor({ state: 'visible' });
    const url = (await link.textContent()) ?? '';
    expect(url).toMatch(new RegExp(`^${t.stack.apiUrl}/s/[\\w-]+\\.[\\w-]+$`));

    const context = await t.browser.newContext();
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(url);
    await waitForStatus(page, 'completed');
    await expectStreamedExactly(page, 1);

    const stored = (await (
      await fetch(`${t.stack.apiUrl}/api/generations/${id}`, { headers: { authorization: `Bearer ${KEY}` } })
    ).json()) as {
      sections: { index: number; title: string }[];
    };
    const shown = await readSections(page);
    expect(shown.map((s) => [s.index, s.title])).toEqual(stored.sections.map((s) => [s.index, s.title]));
    for (const name of ['Pause', 'Resume', 'Stop', 'Make a read-only link', 'Revoke the link']) {
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    }
    expect(await page.locator('form.rewrite-form').count()).toBe(0);
    expect(await page.locator('a[download][href$=".md"]').getAttribute('href')).toBe(
      `${new URL(url).pathname}/document.md`,
    );
    expect(await page.locator('a[download][href$=".docx"]').getAttribute('href')).toBe(
      `${new URL(url).pathname}/document.docx`,
    );
    expect(watch.pageErrors).toEqual([]);
    expect(watch.cspViolations).toEqual([]);
    // The browser holds no session: the link is all it has.
    expect((await context.cookies()).filter((c) => c.name === 'cg_session')).toEqual([]);

    await owner.getByRole('button', { name: 'Revoke the link' }).click();
    await link.waitFor({ state: 'hidden' });
    expect((await page.goto(url))?.status()).toBe(404);
    await context.close();
    await ownerContext.close();
  });
});
