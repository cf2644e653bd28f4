import { describe, expect, it } from 'vitest';
import { getJson, postJson, waitForStatus as waitForApiStatus } from '../support/stack.js';
import { expectAccessible } from './support/axe.js';
import { BROWSER_WAIT_MS, openPage, useStackAndBrowser, watchPage } from './support/browser.js';
import { browserSession, renderedIn, startFromHome, waitForStatus } from './support/document-page.js';

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
    const compareButton = page.getByRole('button', { name: 'Compare v1 with the current text' });
    await compareButton.click();
    // The comparison opens in a dialog, which Escape closes, giving the focus back to the button.
    const dialog = page.locator('#versions-dialog');
    await page.waitForSelector('#versions-dialog-body .version-diff ins');
    expect(await page.getByRole('dialog').getAttribute('id')).toBe('versions-dialog');
    expect(await page.textContent('#versions-dialog-title')).toMatch(/^1\. .*: v1 compared with v2$/);
    const added = await page.locator('#versions-dialog-body ins').allTextContents();
    expect(added.join('')).toContain('cakes');
    expect(added.join('')).not.toContain('**');
    expect(await page.locator('#versions-dialog-body img').count()).toBe(0);
    expect(await page.title()).not.toBe('pwned');
    await expectAccessible(page, 'the versions card with a comparison open');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await compareButton.evaluate((button) => button === document.activeElement)).toBe(true);

    // A version's whole text reads formatted: **cakes** is bold, no Markdown mark shows, the markup is inert.
    const read = page.getByRole('button', { name: 'Read v2' });
    await read.click();
    await page.waitForSelector('#versions-dialog-body .version-text strong');
    expect(await page.textContent('#versions-dialog-body strong')).toBe('cakes');
    expect(await page.textContent('#versions-dialog-body')).not.toContain('**');
    expect(await page.textContent('#versions-dialog-body')).toContain('<img src=x');
    expect(await page.locator('#versions-dialog-body .version-text').innerHTML()).toBe(await renderedIn(page, edited));
    expect(await page.locator('#versions-dialog img').count()).toBe(0);
    expect(await page.title()).not.toBe('pwned');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('versions-dialog-body');
    await expectAccessible(page, 'a version read in the dialog');
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await read.evaluate((button) => button === document.activeElement)).toBe(true);

    // The same version with itself reads the same.
    await page.fill('#compare-from', '2');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await expect
      .poll(() => page.textContent('#versions-dialog-body .hint'), { timeout: BROWSER_WAIT_MS })
      .toBe('The two versions read the same.');
    expect(watch.pageErrors).toEqual([]);
    await page.close();
  });
});
