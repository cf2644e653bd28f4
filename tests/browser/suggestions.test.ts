import { describe, expect, it } from 'vitest';
import { getJson, HAND_EDITED_LAW, postJson, putJson, waitForStatus as waitForApiStatus } from '../support/stack.js';
import { BROWSER_WAIT_MS, openPage, useStackAndBrowser, watchPage } from './support/browser.js';
import { expectPageMatchesApi, renderedText, waitForStatus } from './support/document-page.js';

// Issue 16's check: on a finished draft, ask for suggestions, watch the list appear, apply one, see the
// section rewritten in place, then read the versions: the old text is still there.

const t = useStackAndBrowser();

describe('contextual suggestions, from the page', () => {
  it('are asked for, listed as they stream, applied (the section rewritten live) and kept in the versions', async () => {
    const created = await postJson(`${t.stack.apiUrl}/api/generations`, {
      prompt: 'A photo-sharing app [[sim:tps=600]]',
      template: 'terms-of-service',
      details: { tradingName: 'Snapify', governingCountry: 'France', contactEmail: 'legal@snapify.example' },
    });
    const id = created.body.id as string;
    const drafted = await waitForApiStatus(t.stack.apiUrl, id, ['completed'], BROWSER_WAIT_MS);
    // The governing law edited by hand to another jurisdiction than the details' (France): a review corrects it.
    const law = drafted.sections.find((s: { title: string }) => /Governing Law/.test(s.title)).index as number;
    const url = `${t.stack.apiUrl}/api/generations/${id}`;
    expect((await putJson(`${url}/sections/${law}`, { content: HAND_EDITED_LAW, baseVersion: 1 })).status).toBe(200);
    const first = (await getJson(url)).body;

    const page = await openPage(t.browser);
    const watch = watchPage(page);
    await page.goto(`${t.stack.apiUrl}/generations/${id}`);
    await waitForStatus(page, 'completed');
    expect(await page.locator('#suggestions-list li').count()).toBe(0);

    // Keyboard: the whole draft is the default scope; Enter on the focused button submits.
    await page.getByRole('button', { name: 'Suggest improvements' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#suggestions-list li.suggestion >> nth=1', { timeout: BROWSER_WAIT_MS });
    await expect
      .poll(() => page.textContent('#suggestions-note'), { timeout: BROWSER_WAIT_MS })
      .toMatch(/new suggestions/);
    const stored = (await getJson(`${t.stack.apiUrl}/api/generations/${id}/suggestions`)).body.suggestions;
    const shown = await page.$$eval('#suggestions-list li.suggestion', (items) =>
      items.map((li) => (li as HTMLElement).dataset.suggestionId),
    );
    expect(shown).toEqual(stored.map((s: { id: string }) => s.id));

    // Apply the governing-law one: its section is rewritten as the page watches, naming France.
    const suggestion = stored.find((s: { instruction: string }) => s.instruction.includes('laws of France')) as {
      id: string;
      section: number;
      instruction: string;
    };
    const before = first.sections.find((s: { index: number }) => s.index === suggestion.section).content as string;
    const item = page.locator(`#suggestions-list li[data-suggestion-id="${suggestion.id}"]`);
    await item.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(async () => item.count(), { timeout: BROWSER_WAIT_MS }).toBe(0);
    await waitForApiStatus(t.stack.apiUrl, id, ['completed'], BROWSER_WAIT_MS);
    await waitForStatus(page, 'completed');
    const matches = () =>
      expectPageMatchesApi(page, t.stack.apiUrl, id).then(
        (body) => body.sections.find((s) => s.index === suggestion.section)?.content !== before,
        () => false,
      );
    await expect.poll(matches, { timeout: BROWSER_WAIT_MS }).toBe(true);
    expect(await page.textContent(`#section-${suggestion.section} .section-body`)).toContain('laws of France');

    // The versions card: the rewrite from the suggestion is the current version, the old text is kept.
    await page.selectOption('#versions-section', String(suggestion.section));
    await page.getByRole('button', { name: 'Show versions' }).click();
    await page.waitForSelector('#versions-list .version >> nth=1');
    const versions = await page.$$eval('#versions-list .version', (items) => items.map((li) => li.textContent ?? ''));
    expect(versions[0]).toMatch(/^v3 · rewritten from a suggestion .* current/);
    expect(versions[0]).toContain(`Instruction: ${suggestion.instruction}`);
    expect(versions[1]).toMatch(/^v2 · /);
    // The list shows each text's opening (its first 160 characters); the whole text is read on demand.
    expect(versions[1]).toContain((await renderedText(page, before)).slice(0, 60));

    // Dismiss another one by keyboard: gone from the list, and closed in the API.
    const other = stored.find((s: { id: string }) => s.id !== suggestion.id) as { id: string };
    await page
      .locator(`#suggestions-list li[data-suggestion-id="${other.id}"] button[data-suggestion-action="dismiss"]`)
      .focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => page.locator(`li[data-suggestion-id="${other.id}"]`).count(), { timeout: BROWSER_WAIT_MS })
      .toBe(0);
    const after = (await getJson(`${t.stack.apiUrl}/api/generations/${id}/suggestions`)).body.suggestions;
    expect(after.find((s: { id: string }) => s.id === other.id)?.status).toBe('dismissed');
    expect(watch.pageErrors).toEqual([]);

    // A reload shows the open ones, server-rendered.
    await page.reload();
    await waitForStatus(page, 'completed');
    const open = after.filter((s: { status: string }) => s.status === 'open').map((s: { id: string }) => s.id);
    expect(
      await page.$$eval('#suggestions-list li.suggestion', (items) =>
        items.map((li) => (li as HTMLElement).dataset.suggestionId),
      ),
    ).toEqual(open);

    // A share link shows them read-only: no buttons.
    const share = await postJson(`${t.stack.apiUrl}/api/generations/${id}/share`, {});
    const viewer = await openPage(t.browser);
    await viewer.goto(`${t.stack.apiUrl}${share.body.url}`);
    await waitForStatus(viewer, 'completed');
    expect(await viewer.locator('#suggestions-list li.suggestion').count()).toBe(open.length);
    expect(await viewer.locator('#suggestions button').count()).toBe(0);
    await viewer.close();
    await page.close();
  });
});
