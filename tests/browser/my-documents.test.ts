import { describe, expect, it } from 'vitest';
import { getJson, postJson, waitForStatus as waitForApiStatus } from '../support/stack.js';
import { expectAccessible } from './support/axe.js';
import { BROWSER_WAIT_MS, openPage, useStackAndBrowser, watchPage } from './support/browser.js';
import { browserSession, startFromHome, waitForStatus } from './support/document-page.js';

// My documents on the start page (rename, search, delete after a confirmation) and the versions card's
// comparison, used the way a person does.

const t = useStackAndBrowser({ tokensPerSec: 4000, env: { STREAM_FRAME_MS: '0' } });

describe('my documents and compared versions, from the page', () => {
  it('renames, searches and deletes (after confirming) the drafts of this browser', async () => {
    const page = await openPage(t.browser);
    const watch = watchPage(page);
    const first = await startFromHome(page, t.stack.apiUrl, 'A bike repair shop', 'nda');
    await waitForStatus(page, 'completed');
    const second = await startFromHome(page, t.stack.apiUrl, 'A flower shop', 'terms-of-service');
    await waitForStatus(page, 'completed');
    const session = await browserSession(page);

    await page.goto(`${t.stack.apiUrl}/`);
    const item = (id: string) => page.locator(`li.doc-item[data-id="${id}"]`);
    expect(await item(first).locator('.doc-name').textContent()).toBe('Non-Disclosure Agreement');
    expect(await item(second).locator('.meta').textContent()).toContain('English');
    await expectAccessible(page, 'the start page with its documents');

    // Rename: the name is shown as text, whatever it holds.
    await item(first).getByRole('button', { name: 'Rename “Non-Disclosure Agreement”' }).click();
    await item(first).getByLabel('New name').fill('Bikes <b>NDA</b>');
    await item(first).getByRole('button', { name: 'Save name' }).click();
    await expect
      .poll(() => item(first).locator('.doc-name').textContent(), { timeout: BROWSER_WAIT_MS })
      .toBe('Bikes <b>NDA</b>');
    expect(await item(first).locator('.doc-name b').count()).toBe(0);
    expect((await getJson(`${t.stack.apiUrl}/api/generations/${first}`, session)).body.name).toBe('Bikes <b>NDA</b>');

    // Search by name, a plain GET form.
    await page.fill('#docs-q', 'bikes');
    await Promise.all([page.waitForURL(/\?.*q=bikes/), page.click('.docs-search button[type="submit"]')]);
    expect(await page.locator('li.doc-item').evaluateAll((li) => li.map((x) => (x as HTMLElement).dataset.id))).toEqual(
      [first],
    );
    await page.goto(`${t.stack.apiUrl}/`);

    // Delete: the dialog asks first; keeping it changes nothing.
    await item(second)
      .getByRole('button', { name: /^Delete/ })
      .click();
    const dialog = page.locator('#delete-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.textContent()).toContain('Terms of Service');
    await expectAccessible(page, 'the delete dialog');
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await item(second).count()).toBe(1);
    await item(second)
      .getByRole('button', { name: /^Delete/ })
      .click();
    await dialog.getByRole('button', { name: 'Delete for good' }).click();
    await item(second).waitFor({ state: 'detached' });
    expect(await page.textContent('#docs-note')).toContain('Deleted');
    expect((await getJson(`${t.stack.apiUrl}/api/generations/${second}`, session)).status).toBe(404);
    await page.goto(`${t.stack.apiUrl}/generations/${second}`);
    expect(await page.locator('li.doc-item').count()).toBe(0);
    expect(watch.pageErrors).toEqual([]);
    await page.close();
  });

  it('compares two versions of a section in the versions card, words marked, markup shown as text', async () => {
    const created = await postJson(`${t.stack.apiUrl}/api/generations`, { prompt: 'A bakery', template: 'nda' });
    const id = created.body.id as string;
    const generated = await waitForApiStatus(t.stack.apiUrl, id, ['completed']);
    const edited = `${generated.sections[0].content}\n\nAlso <img src=x onerror="document.title='pwned'"> **cakes**.`;
    const saved = await fetch(`${t.stack.apiUrl}/api/generations/${id}/sections/1`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: edited, baseVersion: 1 }),
    });
    expect(saved.status).toBe(200);

    const page = await openPage(t.browser);
    const watch = watchPage(page);
    await page.goto(`${t.stack.apiUrl}/generations/${id}`);
    await waitForStatus(page, 'completed');
    await page.getByRole('button', { name: 'Show versions' }).click();
    await page.waitForSelector('#versions-list .version >> nth=1');
    // The two newest are offered for comparison; "Compare v1 with the current text" compares at once.
    expect(await page.inputValue('#compare-from')).toBe('1');
    expect(await page.inputValue('#compare-to')).toBe('2');
    await page.getByRole('button', { name: 'Compare v1 with the current text' }).click();
    await page.waitForSelector('#versions-diff .version-diff ins');
    const added = await page.locator('#versions-diff ins').allTextContents();
    expect(added.join('')).toContain('cakes');
    expect(added.join('')).not.toContain('**');
    expect(await page.locator('#versions-diff img').count()).toBe(0);
    expect(await page.title()).not.toBe('pwned');
    // The same version with itself reads the same.
    await page.fill('#compare-from', '2');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await expect
      .poll(() => page.textContent('#versions-diff .hint'), { timeout: BROWSER_WAIT_MS })
      .toBe('The two versions read the same.');
    await expectAccessible(page, 'the versions card with a comparison');
    expect(watch.pageErrors).toEqual([]);
    await page.close();
  });
});
