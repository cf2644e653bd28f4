import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { getJson, postJson } from '../support/stack.js';
import { artifact, BROWSER_WAIT_MS, openContext, useStackAndBrowser, VIEWPORTS, watchPage } from './support/browser.js';
import { expectPageMatchesApi, expectStreamedExactly, waitForStatus } from './support/document-page.js';

// Reading a draft while it is written, as a person does at 1280 and 390 px: the page follows the live
// text until the reader scrolls away, the run controls stay at hand in the sticky bar, the document
// comes first on a phone, nothing the reader is looking at moves (cumulative layout shift), and focus
// lands on the control that replaces the one pressed.

const t = useStackAndBrowser();

async function startDraft(prompt: string): Promise<string> {
  const created = await postJson(`${t.stack.apiUrl}/api/generations`, { prompt });
  return created.body.id as string;
}

/** Where the typing cursor is on screen, and where the sticky bar ends (undefined: no cursor now). */
function livePosition(page: Page) {
  return page.evaluate(() => {
    const cursor = document.querySelector('.doc-section[data-state="writing"] .cursor');
    if (!cursor) return undefined;
    const rect = cursor.getBoundingClientRect();
    const bar = document.querySelector('.statusbar')?.getBoundingClientRect().bottom ?? 0;
    return { top: rect.top, bottom: rect.bottom, bar, height: window.innerHeight };
  });
}

const following = (page: Page) => page.getAttribute('#generation', 'data-following');

describe('reading a draft while it is written', () => {
  it('follows the live text, stops when the reader scrolls up, and jumps back on request', async () => {
    const context = await openContext(t.browser, { viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    const watch = watchPage(page);
    const id = await startDraft('A long Terms of Service for a hiking app "Trailsnap" [[sim:tps=100]]');
    await page.goto(`${t.stack.apiUrl}/generations/${id}`);
    await page.waitForSelector('.doc-section[data-index="3"] .tok');

    // Untouched, the page keeps the line being written on screen, below the sticky bar.
    const samples: { inView: boolean; at: unknown }[] = [];
    for (let i = 0; i < 25; i++) {
      const at = await livePosition(page);
      if (at) samples.push({ inView: at.top >= at.bar - 2 && at.bottom <= at.height, at });
      await page.waitForTimeout(120);
    }
    expect(samples.length).toBeGreaterThan(10);
    const missed = samples.filter((s) => !s.inView);
    expect(missed.length / samples.length, JSON.stringify(missed)).toBeLessThanOrEqual(0.1);
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(200); // it did scroll to follow
    expect(await following(page)).toBe('on');
    expect(await page.isVisible('#jump-live')).toBe(false);

    // The reader scrolls up: the page stops following and offers to jump back.
    await page.mouse.move(400, 500);
    await page.mouse.wheel(0, -700);
    await expect.poll(() => following(page), { timeout: BROWSER_WAIT_MS }).toBe('off');
    await page.waitForSelector('#jump-live:not([hidden])');
    expect(await page.textContent('#jump-live')).toBe('Jump to the live text');
    const readerAt = await page.evaluate(() => window.scrollY);
    const textBefore = await page.evaluate(() => document.getElementById('document')?.textContent?.length ?? 0);
    await page.waitForFunction(
      (n) => (document.getElementById('document')?.textContent?.length ?? 0) > n + 200,
      textBefore,
    );
    expect(await page.evaluate(() => window.scrollY)).toBe(readerAt); // left where the reader is
    await page.screenshot({ path: artifact('reading-scrolled-up-desktop.png') });

    // Jumping back: the live line is on screen again, followed, and focus is on its section.
    await page.click('#jump-live');
    await expect.poll(() => following(page), { timeout: BROWSER_WAIT_MS }).toBe('on');
    await expect
      .poll(async () => {
        const at = await livePosition(page);
        return at === undefined || (at.top >= at.bar - 2 && at.bottom <= at.height);
      })
      .toBe(true);
    expect(await page.isVisible('#jump-live')).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('section-title'))).toBe(true);

    await waitForStatus(page, 'completed');
    await expectPageMatchesApi(page, t.stack.apiUrl, id);
    expect(watch.pageErrors).toEqual([]);
    expect(watch.cspViolations).toEqual([]);
    await context.close();
  });

  it('moves nothing the reader is looking at, up to and including completion (CLS ≤ 0.01)', async () => {
    const context = await openContext(t.browser, { viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    const id = await startDraft('A marketplace for second-hand climbing gear [[sim:tps=200]]');
    await page.goto(`${t.stack.apiUrl}/generations/${id}`);
    await page.waitForSelector('.doc-section[data-index="5"] .tok');
    // The reader sits in section 2 (mid-document, away from the live text) until the draft is finished.
    await page.mouse.move(400, 500);
    await page.evaluate(() => document.getElementById('section-2')?.scrollIntoView({ block: 'start' }));
    await page.mouse.wheel(0, -40);
    await expect.poll(() => following(page), { timeout: BROWSER_WAIT_MS }).toBe('off');
    await page.evaluate(() => {
      const shifts: { value: number; sources: string[] }[] = [];
      (window as unknown as { shifts: typeof shifts }).shifts = shifts;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as unknown as {
          value: number;
          hadRecentInput: boolean;
          sources?: { node?: Node }[];
        }[]) {
          if (entry.hadRecentInput) continue;
          const sources = (entry.sources ?? []).map((s) =>
            s.node instanceof Element ? `${s.node.tagName}.${s.node.className}#${s.node.id}` : String(s.node?.nodeName),
          );
          shifts.push({ value: entry.value, sources });
        }
      }).observe({ type: 'layout-shift' });
    });
    await waitForStatus(page, 'completed');
    // Give the browser a frame or two to report what completion moved, if anything.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.waitForTimeout(300);
    const shifts = await page.evaluate(() => (window as unknown as { shifts: { value: number }[] }).shifts);
    const cls = shifts.reduce((sum, s) => sum + s.value, 0);
    expect(cls, JSON.stringify(shifts)).toBeLessThanOrEqual(0.01);
    // The section tools are there now, in the room kept for them from the start.
    expect(await page.isVisible('#section-2 .edit-open')).toBe(true);
    await context.close();
  });

  it('keeps the run controls at hand and the document first on a phone', async () => {
    const context = await openContext(t.browser, {
      viewport: VIEWPORTS.phone,
      isMobile: true,
      hasTouch: true,
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    const id = await startDraft('A neighbourhood tool-lending app [[sim:tps=150]]');
    await page.goto(`${t.stack.apiUrl}/generations/${id}`);
    await page.waitForSelector('.doc-section[data-index="2"] .tok');
    // The document comes right after the status bar; the cards come after the document.
    const layout = await page.evaluate(() => {
      const top = (selector: string) => (document.querySelector(selector)?.getBoundingClientRect().top ?? 0) + scrollY;
      const bar = document.querySelector('.statusbar')?.getBoundingClientRect();
      return {
        barBottom: (bar?.bottom ?? 0) + scrollY,
        document: top('#document'),
        cards: top('.controls'),
        width: document.documentElement.scrollWidth,
      };
    });
    expect(layout.document - layout.barBottom).toBeLessThan(60);
    expect(layout.cards).toBeGreaterThan(layout.document);
    expect(layout.width).toBeLessThanOrEqual(VIEWPORTS.phone.width);
    // With reduced motion the page still follows, by jumping rather than gliding: the live line is on screen.
    await page.waitForSelector('.doc-section[data-index="3"] .tok');
    await expect
      .poll(async () => {
        const at = await livePosition(page);
        return at === undefined || (at.top >= at.bar - 2 && at.bottom <= at.height);
      })
      .toBe(true);
    await page.screenshot({ path: artifact('reading-following-phone.png') });

    // Pause and Stop are on screen wherever the reader is.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
    for (const name of ['Pause', 'Stop']) {
      const box = await page.getByRole('button', { name }).boundingBox();
      expect(box, name).not.toBeNull();
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height).toBeLessThanOrEqual(VIEWPORTS.phone.height);
    }
    await page.getByRole('button', { name: 'Stop' }).click();
    await waitForStatus(page, 'cancelled');
    await context.close();
  });

  it('stops, continues (the cut section written again whole), and keeps focus on the control that replaces the one pressed', async () => {
    const context = await openContext(t.browser, { viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    const watch = watchPage(page);
    const id = await startDraft('A cooking-class booking app [[sim:tps=120]]');
    await page.goto(`${t.stack.apiUrl}/generations/${id}`);
    await page.waitForSelector('.doc-section[data-index="2"] .tok');
    const focused = () =>
      page.evaluate(() => document.activeElement?.getAttribute('data-action') ?? document.activeElement?.id);

    // By keyboard: Pause → focus on Resume; Resume → focus on Pause.
    await page.getByRole('button', { name: 'Pause' }).focus();
    await page.keyboard.press('Enter');
    await waitForStatus(page, 'paused');
    await expect.poll(focused, { timeout: BROWSER_WAIT_MS }).toBe('resume');
    expect(await page.textContent('#announcer')).toBe('Status: Paused.');
    await page.keyboard.press('Enter');
    await expect.poll(focused, { timeout: BROWSER_WAIT_MS }).toBe('pause');
    await page.waitForSelector('#generation[data-status="streaming"]');

    // Stop → focus on Continue; the section being written is left cut, marked unfinished.
    await page.getByRole('button', { name: 'Stop' }).focus();
    await page.keyboard.press('Enter');
    await waitForStatus(page, 'cancelled');
    await expect.poll(focused, { timeout: BROWSER_WAIT_MS }).toBe('continue');
    const atStop = (await getJson(`${t.stack.apiUrl}/api/generations/${id}`)).body.sections.length as number;
    expect(atStop).toBeLessThan(10);
    expect(await page.isVisible('button[data-action="resume"]')).toBe(false);
    await page.screenshot({ path: artifact('reading-stopped-desktop.png') });

    // Continue → focus on Pause; the draft is finished, the cut section written again from its start.
    await page.keyboard.press('Enter');
    await expect.poll(focused, { timeout: BROWSER_WAIT_MS }).toBe('pause');
    await waitForStatus(page, 'completed');
    const api = await expectPageMatchesApi(page, t.stack.apiUrl, id);
    expect(api.sections).toHaveLength(10);
    await expectStreamedExactly(page, 10 - atStop);
    // Focus was on Pause when the run ended, and Pause can no longer be used: it is on the status now.
    await expect.poll(focused, { timeout: BROWSER_WAIT_MS }).toBe('status-badge');
    expect(await page.textContent('#control-note')).toBe(''); // no stale note
    expect(watch.pageErrors).toEqual([]);
    await context.close();
  });
});
