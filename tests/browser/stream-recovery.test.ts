import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useStackAndBrowser, watchPage, openPage, openContext, BROWSER_WAIT_MS } from './support/browser.js';
import {
  expectPageMatchesApi,
  expectStreamedExactly,
  readSections,
  startFromHome,
  waitForStatus,
} from './support/document-page.js';

// A viewer whose connection breaks mid-stream, or who reloads the page mid-stream, ends with exactly the
// stored document: nothing missing, nothing twice. Each section streamed into the page checks its own text
// against its final content (data-streamed), which the final Markdown swap would otherwise hide.

const t = useStackAndBrowser();

interface StreamRequest {
  url: string;
  lastEventId: string | undefined;
}

function recordStreamRequests(page: Page): StreamRequest[] {
  const requests: StreamRequest[] = [];
  page.on('request', (request) => {
    // The event stream only, not /static/domain/events.js, nor the page's follower of a draft at rest
    // (`follow=1`, opened after the run's `done`: rest-follow.ts).
    const url = new URL(request.url());
    if (!url.pathname.endsWith('/events') || url.searchParams.get('follow') === '1') return;
    requests.push({ url: request.url(), lastEventId: request.headers()['last-event-id'] });
  });
  return requests;
}

/** Waits until section `index` has streamed text on the page (so a cut lands in the middle of it). */
function waitForTextIn(page: Page, index: number) {
  return page.waitForSelector(`.doc-section[data-index="${index}"][data-state="writing"] .live-text:not(:empty)`);
}

const dropServerStreams = () => {
  for (const stream of t.stack.api[0]?.streams ?? []) stream.abort();
};

describe('the live document when the connection breaks', () => {
  it('resumes with Last-Event-ID after the server drops the stream and after the browser was offline', async () => {
    const context = await openContext(t.browser);
    const page = await context.newPage();
    const watch = watchPage(page);
    const requests = recordStreamRequests(page);
    const id = await startFromHome(
      page,
      t.stack.apiUrl,
      'An online bakery called "Crumb" [[sim:tps=140]]',
      'privacy-policy',
    );

    await waitForTextIn(page, 2);
    dropServerStreams();
    await expect.poll(() => requests.length, { timeout: BROWSER_WAIT_MS }).toBeGreaterThanOrEqual(2);

    await waitForTextIn(page, 5);
    await context.setOffline(true);
    dropServerStreams();
    await page.waitForTimeout(1_200); // reconnect attempts fail meanwhile (backoff 0.5 s, 1 s…)
    await context.setOffline(false);

    await waitForStatus(page, 'completed');
    // Every reconnect continued after the last event it had, never from the start.
    const resumed = requests.slice(1);
    expect(resumed.length).toBeGreaterThanOrEqual(2);
    for (const request of resumed) expect(Number(request.lastEventId)).toBeGreaterThan(1);
    await expectPageMatchesApi(page, t.stack.apiUrl, id);
    await expectStreamedExactly(page, 9);
    expect(await page.isHidden('#fallback-notice')).toBe(true); // recovered without falling back to polling
    expect(watch.pageErrors).toEqual([]);
    await context.close();
  });

  it('continues a reloaded page exactly after the point it was rendered at', async () => {
    const context = await openContext(t.browser);
    const page = await context.newPage();
    const requests = recordStreamRequests(page);
    const id = await startFromHome(
      page,
      t.stack.apiUrl,
      'A mutual NDA between two robotics startups [[sim:tps=140]]',
      'nda',
    );

    let cutSections: number[] = [];
    for (const index of [2, 6]) {
      let renderedAt = 0;
      cutSections = [];
      // On a loaded machine a reload can land between two sections: reload again (a few times at most)
      // until the first render holds a section being written.
      for (let attempt = 0; attempt < 3 && cutSections.length !== 1; attempt++) {
        await waitForTextIn(page, index + attempt);
        const response = await page.reload({ waitUntil: 'domcontentloaded' });
        // The first render holds the half-written section as text, and the stream asks for what follows it.
        renderedAt = Number(/data-seq="(\d+)"/.exec((await response?.text()) ?? '')?.[1]);
        const writing = (await readSections(page)).filter((s) => s.state === 'writing');
        cutSections = writing.map((s) => s.index);
      }
      await expect
        .poll(() => requests.at(-1)?.url, { timeout: BROWSER_WAIT_MS })
        .toContain(`/events?after=${renderedAt}`);
      expect(renderedAt).toBeGreaterThan(10);
    }

    await waitForStatus(page, 'completed');
    await expectPageMatchesApi(page, t.stack.apiUrl, id);
    // The section half-written at the last reload came out whole: the rendered part plus the streamed rest.
    const exact = (await readSections(page)).filter((s) => s.streamed === 'exact').map((s) => s.index);
    expect(cutSections).toHaveLength(1);
    expect(exact).toContain(cutSections[0]);
    await expectStreamedExactly(page, 3);
    await context.close();
  });

  it('shows the chunked fallback when the model stream keeps failing, and ends with the stored document', async () => {
    const page = await openPage(t.browser);
    // Every streamed model call is cut after 60 chunks: three failed attempts, then chunked mode.
    const id = await startFromHome(page, t.stack.apiUrl, 'A ferry ticket app [[sim:cut=60;tps=400]]');
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { statuses: string[] }).statuses = seen;
      const badge = document.getElementById('status-badge') as HTMLElement;
      new MutationObserver(() => seen.push(badge.textContent ?? '')).observe(badge, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await waitForStatus(page, 'completed');
    const statuses = await page.evaluate(() => (window as unknown as { statuses: string[] }).statuses);
    expect(statuses).toContain('Writing (chunked fallback)');
    expect(statuses.at(-1)).toBe('Completed');
    const api = await expectPageMatchesApi(page, t.stack.apiUrl, id);
    expect(api.sections.every((s) => (s as { mode?: string }).mode === 'chunked')).toBe(true);
    await page.close();
  });
});
