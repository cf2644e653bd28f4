import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { getJson, postJson, waitForStatus as waitForApiStatus } from '../support/stack.js';
import { useStackAndBrowser, watchPage, openPage, BROWSER_WAIT_MS } from './support/browser.js';
import {
  browserSession,
  documentText,
  expectPageMatchesApi,
  readSections,
  startFromHome,
  waitForStatus,
} from './support/document-page.js';

// The run controls and the section rewrite, used the way a person does: by clicking the page's buttons.
// The rewrite needs POST /api/generations/:id/sections/:index/regenerate (the lead's backend).

const t = useStackAndBrowser();

/** The API's status of a draft, asked as the page's browser (whose draft it is). */
const apiStatus = async (page: Page, id: string) =>
  (await getJson(`${t.stack.apiUrl}/api/generations/${id}`, await browserSession(page))).body.status as string;
const progress = async (page: Page) => Number(await page.getAttribute('#progress', 'value'));

describe('controlling a draft from its page', () => {
  it('pauses, resumes and stops the run', async () => {
    const page = await openPage(t.browser);
    const watch = watchPage(page);
    const id = await startFromHome(page, t.stack.apiUrl, 'A co-working space booking app [[sim:tps=100]]');
    await page.waitForSelector('.doc-section[data-index="2"] .tok');

    await page.getByRole('button', { name: 'Pause' }).click();
    await waitForStatus(page, 'paused');
    expect(await apiStatus(page, id)).toBe('paused');
    expect(await page.textContent('#status-badge')).toBe('Paused');
    expect(await page.isEnabled('button[data-action="resume"]')).toBe(true);
    expect(await page.isDisabled('button[data-action="pause"]')).toBe(true);
    // Nothing more is written while paused.
    const pausedText = await documentText(page);
    const pausedAt = await progress(page);
    await page.waitForTimeout(800);
    expect(await documentText(page)).toBe(pausedText);

    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => progress(page), { timeout: BROWSER_WAIT_MS }).toBeGreaterThan(pausedAt + 1);
    expect(['streaming', 'queued']).toContain(await page.getAttribute('#generation', 'data-status'));

    await page.getByRole('button', { name: 'Stop' }).click();
    await waitForStatus(page, 'cancelled');
    expect(await apiStatus(page, id)).toBe('cancelled');
    expect(await page.textContent('#status-badge')).toBe('Stopped');
    for (const action of ['pause', 'resume', 'cancel'])
      expect(await page.isDisabled(`button[data-action="${action}"]`)).toBe(true);
    const stored = await expectPageMatchesApi(page, t.stack.apiUrl, id, { unfinished: true });
    expect(stored.sections.length).toBeGreaterThan(pausedAt);
    expect(stored.sections.length).toBeLessThan(10);
    expect(watch.pageErrors).toEqual([]);
    await page.close();
  });

  it('rewrites one section with an instruction, streaming the new text into that section', async () => {
    const created = await postJson(`${t.stack.apiUrl}/api/generations`, {
      prompt: 'A pet-sitting marketplace "Pawly" [[sim:tps=400]]',
    });
    const id = created.body.id as string;
    const before = await waitForApiStatus(t.stack.apiUrl, id, ['completed']);
    const page = await openPage(t.browser);
    await page.goto(`${t.stack.apiUrl}/generations/${id}`);
    await waitForStatus(page, 'completed');
    expect(await page.locator('#stream').getAttribute('hx-sse:connect')).toBeNull(); // no stream for a finished run

    const section = page.locator('.doc-section[data-index="4"]');
    await section.getByText('Rewrite this section').click();
    await section
      .getByLabel('Instruction for the rewrite (optional)')
      .fill('Shorter, and name "Pawly Ltd" as the operator.');
    // Seen streaming into the section: its state goes to "writing" with token elements in it.
    const sawWriting = page.waitForSelector('.doc-section[data-index="4"][data-state="writing"]');
    await section.getByRole('button', { name: 'Rewrite section 4' }).click();
    await sawWriting;
    await waitForStatus(page, 'completed');

    const after = await expectPageMatchesApi(page, t.stack.apiUrl, id);
    const shown = await readSections(page);
    expect(shown.find((s) => s.index === 4)?.streamed).toBe('exact');
    // Only section 4 changed.
    for (const s of before.sections) {
      if (s.index !== 4) expect(after.sections.find((a) => a.index === s.index)?.content).toBe(s.content);
    }
    expect(await page.isHidden('.doc-section[data-index="4"] details[open]')).toBe(true);
    await page.close();
  });

  it('refuses a rewrite while the run is going on, and says why', async () => {
    const page = await openPage(t.browser);
    const id = await startFromHome(page, t.stack.apiUrl, 'A language school [[sim:tps=100]]');
    await page.waitForSelector('.doc-section[data-index="1"][data-state="done"]');
    const reply = await postJson(
      `${t.stack.apiUrl}/api/generations/${id}/sections/1/regenerate`,
      {},
      await browserSession(page),
    );
    expect(reply.status).toBe(409);
    // The page hides the rewrite forms while writing, so the conflict cannot be reached from it.
    expect(await page.isVisible('.doc-section[data-index="1"] .rewrite')).toBe(false);
    await page.getByRole('button', { name: 'Stop' }).click();
    await waitForStatus(page, 'cancelled');
    expect(await page.isVisible('.doc-section[data-index="1"] .rewrite')).toBe(true);
    await page.close();
  });
});
