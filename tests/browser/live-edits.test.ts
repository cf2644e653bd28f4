import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { getJson, postJson, waitForStatus as waitForApiStatus } from '../support/stack.js';
import { openContext, openPage, useStackAndBrowser, watchPage } from './support/browser.js';
import { renderedText, waitForStatus } from './support/document-page.js';

// Live edits (README, "Live edits"): the owner edits a finished section in one tab, and every other tab
// showing the draft follows the edit through the log, at rest, without reloading.

const t = useStackAndBrowser();

async function completedDraft(): Promise<{ id: string; sections: { index: number; content: string }[] }> {
  const created = await postJson(`${t.stack.apiUrl}/api/generations`, {
    prompt: 'A bike repair shop [[sim:tps=800]]',
    template: 'nda',
  });
  const id = created.body.id as string;
  return { id, ...(await waitForApiStatus(t.stack.apiUrl, id, ['completed'])) };
}

/** The draft open in two tabs of one browser (the owner's one session), both showing it at rest. */
async function twoTabs(id: string) {
  const context = await openContext(t.browser);
  const [one, two] = [await context.newPage(), await context.newPage()];
  const watches = [watchPage(one), watchPage(two)];
  for (const page of [one, two]) {
    await page.goto(`${t.stack.apiUrl}/generations/${id}`);
    await waitForStatus(page, 'completed');
  }
  return { context, one, two, watches };
}

const bodyText = (page: Page, index: number) =>
  page.locator(`.doc-section[data-index="${index}"] .section-body`).textContent();

describe('live edits in the page', () => {
  it('saves an edit made in one tab, which a second tab shows; the versions keep the old text', async () => {
    const { id, sections } = await completedDraft();
    const { context, one, two, watches } = await twoTabs(id);

    const section = one.locator('.doc-section[data-index="2"]');
    await section.getByRole('button', { name: 'Edit section 2' }).click();
    const textarea = section.getByLabel('Text of this section (Markdown)');
    await expect.poll(() => textarea.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await textarea.inputValue()).toBe(sections[1]!.content);
    await textarea.fill('The **edited** terms, from tab one.\n\n- first point\n- second point');
    // The preview renders the Markdown as the document does.
    await section.locator('.edit-preview li >> nth=1').waitFor();
    expect(await section.locator('.edit-preview strong').textContent()).toBe('edited');
    await textarea.press('Control+Enter');

    // Both tabs show the new text in place: the saving tab and the other one, through the log.
    for (const page of [one, two]) {
      await page.waitForFunction(
        () =>
          document.querySelector('.doc-section[data-index="2"][data-state="done"] .section-body li:last-child')
            ?.textContent === 'second point',
      );
      expect(await bodyText(page, 2)).toContain('The edited terms, from tab one.');
      expect(await page.getAttribute('#generation', 'data-status')).toBe('completed');
    }
    expect(await one.isHidden('#edit-2')).toBe(true);

    // The versions card of the second tab lists the edit and the text written before it.
    await two.selectOption('#versions-section', '2');
    await two.getByRole('button', { name: 'Show versions' }).click();
    await two.waitForSelector('#versions-list .version >> nth=1');
    const items = await two.locator('#versions-list .version').allTextContents();
    expect(items[0]).toMatch(/^v2 · edited .* · current/);
    expect(items[1]).toContain('v1 · written');
    // The opening is formatted: its text as the document shows it, no Markdown marks.
    expect(items[1]).toContain((await renderedText(two, sections[1]!.content)).slice(0, 60));
    for (const watch of watches) expect(watch.pageErrors).toEqual([]);
    await context.close();
  });

  it('keeps the text of an editor whose base was saved over elsewhere, shows the newer text, and saves on a second try', async () => {
    const { id } = await completedDraft();
    const { context, one, two, watches } = await twoTabs(id);
    // Tab two starts editing on version 1 ...
    const mine = two.locator('.doc-section[data-index="3"]');
    await mine.getByRole('button', { name: 'Edit section 3' }).click();
    const textarea = mine.getByLabel('Text of this section (Markdown)');
    await textarea.fill('Tab two was here.');
    // ... while tab one saves version 2.
    const theirs = one.locator('.doc-section[data-index="3"]');
    await theirs.getByRole('button', { name: 'Edit section 3' }).click();
    await theirs.getByLabel('Text of this section (Markdown)').fill('Tab one saved first.');
    await theirs.getByRole('button', { name: 'Save' }).click();

    // Tab two's document shows version 2; its open editor says so and keeps tab two's text.
    await mine.locator('.edit-newer:not([hidden])').waitFor();
    expect(await mine.locator('.edit-newer-text').textContent()).toContain('Tab one saved first.');
    expect(await mine.locator('.edit-note').textContent()).toContain('Version 2');
    expect(await textarea.inputValue()).toBe('Tab two was here.');
    await two.waitForFunction(() =>
      document
        .querySelector('.doc-section[data-index="3"][data-state="done"] .section-body')
        ?.textContent?.includes('Tab one saved first.'),
    );

    // Saving on the old base is refused (409): the editor says who won and keeps the text; a second Save replaces it.
    await mine.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => mine.locator('.edit-note').textContent())
      .toContain('someone else saved this section first');
    expect(await textarea.inputValue()).toBe('Tab two was here.');
    expect((await getJson(`${t.stack.apiUrl}/api/generations/${id}`)).body.sections[2].content).toBe(
      'Tab one saved first.',
    );
    await textarea.press('Meta+Enter');
    for (const page of [one, two])
      await page.waitForFunction(() =>
        document
          .querySelector('.doc-section[data-index="3"][data-state="done"] .section-body')
          ?.textContent?.includes('Tab two was here.'),
      );
    const versions = (await getJson(`${t.stack.apiUrl}/api/generations/${id}/sections/3/versions`)).body.versions;
    expect(versions.map((v: { source: string }) => v.source)).toEqual(['edited', 'edited', 'generated']);

    // Escape closes an editor and gives the focus back to its button.
    await theirs.getByRole('button', { name: 'Edit section 3' }).click();
    await one.locator('#edit-3:not([hidden])').waitFor(); // open (its text is fetched first), as a person sees it
    await theirs.getByLabel('Text of this section (Markdown)').press('Escape');
    expect(await one.isHidden('#edit-3')).toBe(true);
    expect(await one.evaluate(() => document.activeElement?.getAttribute('data-edit-open'))).toBe('3');
    for (const watch of watches) expect(watch.pageErrors).toEqual([]);
    await context.close();
  });

  it('shows no edit control on a share link, and none while a run is going on', async () => {
    const { id } = await completedDraft();
    const shared = await postJson(`${t.stack.apiUrl}/api/generations/${id}/share`, {});
    const viewer = await openPage(t.browser);
    await viewer.goto(`${t.stack.apiUrl}${shared.body.url as string}`);
    await waitForStatus(viewer, 'completed');
    expect(await viewer.locator('.section-edit, button[data-edit-open]').count()).toBe(0);

    const owner = await openPage(t.browser);
    await owner.goto(`${t.stack.apiUrl}/generations/${id}`);
    await waitForStatus(owner, 'completed');
    expect(await owner.isVisible('button[data-edit-open="1"]')).toBe(true);
    // An edit made through the API reaches the share link's page too.
    const saved = await fetch(`${t.stack.apiUrl}/api/generations/${id}/sections/1`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'Read-only viewers see this.', baseVersion: 1 }),
    });
    expect(saved.status).toBe(200);
    await viewer.waitForFunction(() =>
      document
        .querySelector('.doc-section[data-index="1"][data-state="done"] .section-body')
        ?.textContent?.includes('Read-only viewers see this.'),
    );
    // While a run is going on, a finished section has no Edit button.
    const slow = await postJson(`${t.stack.apiUrl}/api/generations`, {
      prompt: 'A slow one [[sim:tps=40]]',
      template: 'nda',
    });
    await owner.goto(`${t.stack.apiUrl}/generations/${slow.body.id as string}`);
    await owner.waitForSelector('.doc-section[data-index="1"][data-state="done"]');
    expect(await owner.isVisible('button[data-edit-open="1"]')).toBe(false);
    await owner.getByRole('button', { name: 'Stop' }).click();
    await waitForStatus(owner, 'cancelled');
    expect(await owner.isVisible('button[data-edit-open="1"]')).toBe(true);
    await viewer.close();
    await owner.close();
  });
});
