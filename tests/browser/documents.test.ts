import { describe, expect, it } from 'vitest';
import { getJson, postJson, waitForStatus as waitForApiStatus } from '../support/stack.js';
import { BROWSER_WAIT_MS, openPage, useStackAndBrowser, watchPage } from './support/browser.js';
import {
  browserSession,
  expectPageMatchesApi,
  readSections,
  renderedIn,
  renderedText,
  waitForStatus,
} from './support/document-page.js';
import { fillInLines } from '../support/word-files.js';

// The business's details and language in the start form, the title and signature blocks, the downloads
// and the print view, and the versions card, used the way a person does.

const t = useStackAndBrowser();

describe('documents people can use, from the page', () => {
  it("starts a French mutual NDA from the details form, showing only the chosen template's fields", async () => {
    const page = await openPage(t.browser, { permissions: ['clipboard-read', 'clipboard-write'] });
    const watch = watchPage(page);
    await page.goto(`${t.stack.apiUrl}/`);
    await page.selectOption('#template', 'nda');
    await page.click('.details-fields summary');
    // The NDA's own fields are shown, the other templates' are not.
    expect(await page.isVisible('#detail-kind')).toBe(true);
    expect(await page.isVisible('#detail-payments')).toBe(false);
    await page.fill('#detail-legalName', 'Acme <Labs> SAS');
    await page.selectOption('#detail-kind', 'mutual');
    await page.selectOption('#language', 'fr');
    await Promise.all([page.waitForURL(/\/generations\/[0-9a-f-]{36}$/), page.click('#start-button')]);
    const id = new URL(page.url()).pathname.split('/').pop() ?? '';

    await waitForStatus(page, 'completed');
    expect(await page.textContent('.doc-title')).toBe('Accord de confidentialité');
    expect(await page.textContent('.doc-business')).toBe('Pour Acme <Labs> SAS');
    expect(await page.getAttribute('#document', 'lang')).toBe('fr');
    const titles = (await readSections(page)).map((s) => s.title);
    expect(titles).toContain('Obligations de chacune des parties');
    const { body } = await getJson(`${t.stack.apiUrl}/api/generations/${id}`, await browserSession(page));
    expect(body.details).toEqual({ legalName: 'Acme <Labs> SAS', kind: 'mutual' });
    expect(titles).toEqual(body.outline);
    expect(await page.getAttribute('a[href$="/document.docx"]', 'href')).toBe(`/generations/${id}/document.docx`);
    expect(await page.getAttribute('a[href$="/document.pdf"]', 'href')).toBe(`/generations/${id}/document.pdf`);
    // The title block names both parties; the signature blocks stay after the sections written live.
    expect(await page.locator('.doc-frame-party').allTextContents()).toEqual([
      'Entre Acme <Labs> SAS',
      'et [Autre partie]',
    ]);
    expect(await page.locator('.signature-party').allTextContents()).toEqual([
      'Pour Acme <Labs> SAS',
      'Pour [Autre partie]',
    ]);
    expect(await page.evaluate(() => document.querySelector('#document > :last-child')?.id)).toBe('doc-signatures');
    // Printed, the title shows once: the page's head goes, the document's title block stays.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('h1, h2.doc-title').filter({ hasText: 'Accord de confidentialité' }).count()).toBe(2);
    expect(await page.isVisible('.doc-head h1')).toBe(false);
    expect(await page.isVisible('.doc-title')).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    // Copied, the document is framed as the files are.
    await page.getByRole('button', { name: 'Copier le texte' }).click();
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: BROWSER_WAIT_MS })
      .toMatch(/^Accord de confidentialité\n\nEntre Acme <Labs> SAS\n\net \[Autre partie\]\n\n1\. /);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.endsWith(`Pour [Autre partie]\n\n${fillInLines('fr').join('\n\n')}`)).toBe(true);
    expect(watch.pageErrors).toEqual([]);
    await page.close();
  });

  it("lists a section's versions and restores an earlier one, which the page then shows", async () => {
    const created = await postJson(`${t.stack.apiUrl}/api/generations`, {
      prompt: 'A bike repair shop [[sim:tps=800]]',
      template: 'nda',
    });
    const id = created.body.id as string;
    const first = await waitForApiStatus(t.stack.apiUrl, id, ['completed']);
    await postJson(`${t.stack.apiUrl}/api/generations/${id}/sections/2/regenerate`, { instruction: 'Shorter' });
    await waitForApiStatus(t.stack.apiUrl, id, ['completed']);

    const page = await openPage(t.browser);
    const watch = watchPage(page);
    await page.goto(`${t.stack.apiUrl}/generations/${id}`);
    await waitForStatus(page, 'completed');
    await page.selectOption('#versions-section', '2');
    await page.getByRole('button', { name: 'Show versions' }).click();
    await page.waitForSelector('#versions-list .version >> nth=1');
    expect(await page.locator('#versions-list .version').count()).toBe(2);
    // The list holds each text's opening, formatted; the whole text is read on demand, formatted, in a
    // dialog that takes the focus and gives it back to its button when Escape closes it.
    expect(await page.locator('#versions-list .version >> nth=1').locator('.version-text').textContent()).toContain(
      (await renderedText(page, first.sections[1].content)).slice(0, 40),
    );
    const read = page.getByRole('button', { name: 'Read v1' });
    await read.click();
    const dialog = page.getByRole('dialog', { name: `2. ${first.sections[1].title}: version 1` });
    await dialog.waitFor();
    await expect
      .poll(() => page.locator('#versions-dialog-body .version-text').innerHTML(), { timeout: BROWSER_WAIT_MS })
      .toBe(await renderedIn(page, first.sections[1].content));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('versions-dialog-body');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await read.evaluate((button) => button === document.activeElement)).toBe(true);

    await page.getByRole('button', { name: 'Restore v1' }).click();
    await expect
      .poll(async () => (await getJson(`${t.stack.apiUrl}/api/generations/${id}`)).body.sections[1].content, {
        timeout: BROWSER_WAIT_MS,
      })
      .toBe(first.sections[1].content);
    await page.waitForSelector('#versions-list .version >> nth=2');
    // The page followed the restore through the log: it shows exactly what is stored.
    const matches = () =>
      expectPageMatchesApi(page, t.stack.apiUrl, id).then(
        () => true,
        () => false,
      );
    await expect.poll(matches, { timeout: BROWSER_WAIT_MS }).toBe(true);
    expect(watch.pageErrors).toEqual([]);
    await page.close();
  });
});
