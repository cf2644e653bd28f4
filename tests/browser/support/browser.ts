import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, vi } from 'vitest';
import { startStack, type Stack, type StackOptions } from '../../support/stack.js';

// Headless Debian Chromium driven by playwright-core (`npx playwright install` is not available here).

const ARTIFACTS_DIR = new URL('../../artifacts/', import.meta.url);

export const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

/**
 * The ceiling of every wait in the browser tests. Waits are on conditions (a selector, a status), so a
 * generous ceiling costs nothing when things go well and keeps a loaded 2-core machine from failing them.
 */
export const BROWSER_WAIT_MS = 90_000;

/** A browser context whose every wait (selectors, locators, navigation) has the generous ceiling. */
export async function openContext(browser: Browser, options?: BrowserContextOptions): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(BROWSER_WAIT_MS);
  context.setDefaultNavigationTimeout(BROWSER_WAIT_MS);
  return context;
}

/** A page in a context of its own (as `browser.newPage()` makes), with the generous ceiling. */
export async function openPage(browser: Browser, options?: BrowserContextOptions): Promise<Page> {
  return (await openContext(browser, options)).newPage();
}

/**
 * Scrolls the section being written (or, when the run has already moved past it, the last one) into
 * view, without waiting for an element that may be gone by the time the page is asked.
 */
export function scrollToWriting(page: Page): Promise<void> {
  return page.evaluate(() => {
    const sections = document.querySelectorAll('.doc-section');
    const writing = document.querySelectorAll('.doc-section[data-state="writing"]');
    (writing[writing.length - 1] ?? sections[sections.length - 1])?.scrollIntoView({ block: 'center' });
  });
}

export async function launchBrowser(): Promise<Browser> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** What a page did that a safe page must not: dialogs, requests off our host, errors, CSP violations. */
export interface PageWatch {
  dialogs: string[];
  outsideRequests: string[];
  pageErrors: string[];
  cspViolations: string[];
}

export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { dialogs: [], outsideRequests: [], pageErrors: [], cspViolations: [] };
  page.on('dialog', (dialog) => {
    watch.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (!['127.0.0.1', 'localhost'].includes(url.hostname)) watch.outsideRequests.push(request.url());
  });
  page.on('pageerror', (error) => watch.pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      watch.cspViolations.push(message.text());
  });
  return watch;
}

export function artifact(name: string): string {
  return new URL(name, ARTIFACTS_DIR).pathname;
}

/**
 * The service (in this process) and Chromium for one test file, started before its tests and closed
 * after them. Read them as `t.stack` and `t.browser` inside the tests.
 */
export function useStackAndBrowser(options?: StackOptions): { readonly stack: Stack; readonly browser: Browser } {
  const t = {} as { stack: Stack; browser: Browser };
  // A browser test waits for a whole draft to be written in Chromium: more than the default minute on a loaded machine.
  vi.setConfig({ testTimeout: 3 * BROWSER_WAIT_MS, hookTimeout: BROWSER_WAIT_MS * 2 });
  beforeAll(async () => {
    [t.stack, t.browser] = await Promise.all([startStack(options), launchBrowser()]);
  });
  afterAll(async () => {
    await t.browser?.close();
    await t.stack?.close();
  });
  return t;
}
