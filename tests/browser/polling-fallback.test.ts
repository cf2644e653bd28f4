import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { postJson } from '../support/stack.js';
import { BROWSER_WAIT_MS, openPage, useStackAndBrowser } from './support/browser.js';
import { expectPageMatchesApi, waitForStatus } from './support/document-page.js';

// When the live stream cannot be kept, the page says so and polls the JSON API for finished sections.
// The network faults are made by Playwright's request routing, in front of the real server.

const t = useStackAndBrowser();

async function createGeneration(prompt: string): Promise<string> {
  const created = await postJson(`${t.stack.apiUrl}/api/generations`, { prompt });
  expect(created.status).toBe(202);
  return created.body.id as string;
}

/** Counts the page's polls of GET /api/generations/:id. */
function countPolls(page: Page, id: string): () => number {
  let polls = 0;
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === `/api/generations/${id}`) polls += 1;
  });
  return () => polls;
}

describe('the polling fallback', () => {
  it('polls for finished sections after several failed connections, and says so', async () => {
    const page = await openPage(t.browser);
    // Every attempt to open the event stream fails, as behind a proxy that refuses it.
    await page.route('**/api/generations/*/events*', (route) => route.abort('connectionrefused'));
    const id = await createGeneration('A language-learning app "Lingo" [[sim:tps=150]]');
    const polls = countPolls(page, id);
    await page.goto(`${t.stack.apiUrl}/generations/${id}`);

    await page.waitForSelector('#fallback-notice:not([hidden])');
    expect(await page.textContent('#fallback-text')).toMatch(
      /live stream is unavailable \(the connection failed, 5 times in a row\)/,
    );
    expect(await page.getAttribute('#fallback-notice', 'aria-live')).toBe('polite');

    await waitForStatus(page, 'completed');
    // Every event stream is refused, so the finished text on the page came by polling (how many polls
    // it took depends on how fast a loaded machine writes the draft).
    expect(polls()).toBeGreaterThanOrEqual(1);
    await expectPageMatchesApi(page, t.stack.apiUrl, id);
    expect(await page.textContent('#fallback-text')).toMatch(/loaded by polling and is up to date/);
    await page.close();
  });

  it('falls back when the stream stays silent while the model is writing (a buffering proxy)', async () => {
    const page = await openPage(t.browser);
    const id = await createGeneration('A bike repair marketplace [[sim:tps=150]]');
    // The page's stall limit is shortened in its HTML; the stream request is held and never answered.
    await page.route(`**/generations/${id}`, async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(/data-silence-ms="\d+"/, 'data-silence-ms="1500"');
      await route.fulfill({ response, body: html });
    });
    await page.route('**/api/generations/*/events*', () => {});
    const polls = countPolls(page, id);
    await waitForStreaming(id);
    await page.goto(`${t.stack.apiUrl}/generations/${id}`);

    await page.waitForSelector('#fallback-notice:not([hidden])');
    expect(await page.textContent('#fallback-text')).toMatch(
      /no event arrived for 2 s while the document was being written/,
    );
    await waitForStatus(page, 'completed');
    // The stream never answered: the finished text came by polling.
    expect(polls()).toBeGreaterThanOrEqual(1);
    await expectPageMatchesApi(page, t.stack.apiUrl, id);
    await page.close();
  });
});

async function waitForStreaming(id: string) {
  await expect
    .poll(
      async () =>
        ((await (await fetch(`${t.stack.apiUrl}/api/generations/${id}`)).json()) as { status: string }).status,
      {
        timeout: BROWSER_WAIT_MS,
      },
    )
    .toBe('streaming');
}
