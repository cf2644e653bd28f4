import { copyFile, mkdir, readFile } from 'node:fs/promises';
import type { Cookie } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  artifact,
  BROWSER_WAIT_MS,
  openContext,
  scrollToWriting,
  useStackAndBrowser,
  VIEWPORTS,
  watchPage,
} from './support/browser.js';
import {
  browserSession,
  documentText,
  expectPageMatchesApi,
  expectStreamedExactly,
  startFromHome,
  waitForStatus,
} from './support/document-page.js';

// Start a draft from the home page, watch it being written on a desktop and a phone, then use the
// document controls (copy, download, print view). Screenshots go to tests/artifacts/.

const t = useStackAndBrowser();
let id: string;
let sessionCookies: Cookie[] = [];

describe('the generation page while a draft is written', () => {
  it('counts prompt characters, then streams the text in many small steps into the same sections as the API', async () => {
    const context = await openContext(t.browser, { viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    const watch = watchPage(page);

    await page.goto(`${t.stack.apiUrl}/`);
    await expect
      .poll(() => page.textContent('#prompt-count'), { timeout: BROWSER_WAIT_MS })
      .toBe(`0 / ${t.stack.config.PROMPT_MAX_CHARS} characters`);
    await page.screenshot({ path: artifact('home-desktop.png') });
    await page.fill('#prompt', 'Hikers');
    expect(await page.textContent('#prompt-count')).toBe(`6 / ${t.stack.config.PROMPT_MAX_CHARS} characters`);

    id = await startFromHome(
      page,
      t.stack.apiUrl,
      'A photo sharing app for hikers called "Trailsnap", based in France [[sim:tps=120]]',
    );
    expect(page.url()).toBe(`${t.stack.apiUrl}/generations/${id}`);
    // Sample the visible text from inside the page every 40 ms until the run is over.
    await page.evaluate(() => {
      const samples: number[] = [];
      (window as unknown as { samples: number[] }).samples = samples;
      const timer = setInterval(() => {
        samples.push(document.getElementById('document')?.textContent?.length ?? 0);
        if (document.getElementById('generation')?.dataset.status === 'completed') clearInterval(timer);
      }, 40);
    });

    // The README's picture: the top of the page while a section (section 2, unless the page was slow
    // to load on a busy machine) is being written under its cursor.
    await page.waitForSelector('.doc-section[data-state="writing"] .tok');
    await page.screenshot({ path: artifact('readme-generation.png') });
    // Only on request, so that an ordinary test run does not rewrite a committed file.
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      await mkdir(new URL('../../docs/screenshots/', import.meta.url), { recursive: true });
      await copyFile(
        artifact('readme-generation.png'),
        new URL('../../docs/screenshots/generation-page.png', import.meta.url),
      );
    }

    // A second viewer on a phone joins mid-stream; both are photographed while the text is being written.
    await page.waitForFunction(() => Number(document.getElementById('progress')?.getAttribute('value')) >= 3);
    await expect
      .poll(() => page.getAttribute('#status-badge', 'data-status'), { timeout: BROWSER_WAIT_MS })
      .toBe('streaming');
    const phoneContext = await openContext(t.browser, { viewport: VIEWPORTS.phone, isMobile: true, hasTouch: true });
    // The same person on a phone: the draft is their browser session's (another browser gets 404).
    await phoneContext.addCookies(await context.cookies());
    const phone = await phoneContext.newPage();
    await phone.goto(page.url());
    await scrollToWriting(page);
    await page.screenshot({ path: artifact('generation-streaming-desktop.png') });
    // The phone's picture is of whatever is on screen once it has text: under load the run may be over by then.
    await phone.waitForFunction(
      () => document.querySelector('.doc-section .tok, .doc-section[data-state="done"]') !== null,
    );
    await scrollToWriting(phone);
    await phone.screenshot({ path: artifact('generation-streaming-phone.png') });

    await waitForStatus(page, 'completed');
    await waitForStatus(phone, 'completed');
    const samples = await page.evaluate(() => (window as unknown as { samples: number[] }).samples);
    const final = (await documentText(page)).length;
    const steps = samples.filter((n, i) => i > 0 && n > (samples[i - 1] ?? 0));
    const largestJump = Math.max(...samples.map((n, i) => n - (samples[i - 1] ?? n)));
    // Written a little at a time, never in one lump (a loaded machine may starve the tab for a while, so
    // the bound on one step is loose; the number of steps is what shows the streaming).
    expect(steps.length).toBeGreaterThan(30);
    expect(largestJump).toBeLessThan(final * 0.35);

    const api = await expectPageMatchesApi(page, t.stack.apiUrl, id);
    expect(api.sections).toHaveLength(10);
    await expectPageMatchesApi(phone, t.stack.apiUrl, id);
    await expectStreamedExactly(page, 8);
    expect(await page.textContent('#progress-text')).toBe('10 of 10 sections');
    expect(await page.textContent('#announcer')).toMatch(/Completed/);

    // Readable at phone width: nothing wider than the screen.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORTS.phone.width);
    await page.screenshot({ path: artifact('generation-finished-desktop.png'), fullPage: true });
    await phone.evaluate(() => window.scrollTo(0, 0));
    await phone.screenshot({ path: artifact('generation-finished-phone.png') });

    expect(watch.pageErrors).toEqual([]);
    expect(watch.cspViolations).toEqual([]);
    sessionCookies = await context.cookies();
    await phoneContext.close();
    await context.close();
  });

  it('copies the document (formatted and as plain text), downloads it as Markdown, and prints without the controls', async () => {
    const context = await openContext(t.browser, {
      viewport: VIEWPORTS.desktop,
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    // The browser that started the draft (its session's, and only its).
    await context.addCookies(sessionCookies);
    const page = await context.newPage();
    await page.goto(`${t.stack.apiUrl}/generations/${id}`);
    const markdown = await (
      await fetch(`${t.stack.apiUrl}/generations/${id}/document.md`, { headers: await browserSession(page) })
    ).text();
    expect(markdown).toMatch(/^# Terms of Service\n\n## 1\. Acceptance of Terms\n/);
    expect(markdown).toContain('## 10. Governing Law and Dispute Resolution');

    // By keyboard: Tab from the top of the page, through the run controls and the document, reaches the copy button.
    for (let i = 0; i < 80 && (await page.evaluate(() => document.activeElement?.textContent)) !== 'Copy text'; i++) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.textContent('#control-note'), { timeout: BROWSER_WAIT_MS })
      .toBe('Copied the finished sections, formatted and as plain text.');
    // Plain text is what a reader sees (no Markdown marks); the formatted copy is checked in accessibility.test.ts.
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^Terms of Service\n\n1\. Acceptance of Terms\n\n/);
    expect(copied).toContain('10. Governing Law and Dispute Resolution');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download .md' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`terms-of-service-${id.slice(0, 8)}.md`);
    expect(await readFile(await download.path(), 'utf8')).toBe(markdown);

    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('.controls')).toBe(false);
    expect(await page.isVisible('.statusbar')).toBe(false);
    expect(await page.isVisible('#document .doc-section')).toBe(true);
    await context.close();
  });
});
