import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { renderMarkdown } from '../../../src/domain/markdown.js';
import { getJson } from '../../support/stack.js';
import { BROWSER_WAIT_MS } from './browser.js';

// Reading the generation page the way a person sees it, and comparing it with the JSON API.

export interface ShownSection {
  index: number;
  title: string;
  state: string;
  /** 'exact' when the text streamed into it equalled its final content, 'differs' when not (see section-dom.ts). */
  streamed: string | undefined;
  html: string;
}

/**
 * The page's browser session, as headers for requests the test makes on its behalf: without keys, a
 * draft started from the page is that session's only (others get 404).
 */
export async function browserSession(page: Page): Promise<Record<string, string>> {
  const session = (await page.context().cookies()).find((c) => c.name === 'cg_session');
  if (!session) throw new Error('the page has no session cookie');
  // As the page's own scripts send it: with our Origin (commands from another site are refused).
  return { cookie: `cg_session=${session.value}`, origin: new URL(page.url()).origin };
}

/** Starts a draft from the home page's form and returns the new generation's id (from the pushed URL). */
export async function startFromHome(page: Page, baseUrl: string, prompt: string, template?: string): Promise<string> {
  await page.goto(`${baseUrl}/`);
  if (template) await page.selectOption('#template', template);
  await page.fill('#prompt', prompt);
  await Promise.all([page.waitForURL(/\/generations\/[0-9a-f-]{36}$/), page.click('#start-button')]);
  return new URL(page.url()).pathname.split('/').pop() ?? '';
}

export function readSections(page: Page): Promise<ShownSection[]> {
  return page.$$eval('#document .doc-section', (elements) =>
    elements.map((el) => {
      const section = el as HTMLElement;
      return {
        index: Number(section.dataset.index),
        title: section.querySelector('.section-name')?.textContent ?? '',
        state: section.dataset.state ?? '',
        streamed: section.dataset.streamed,
        html: section.querySelector('.section-body')?.innerHTML ?? '',
      };
    }),
  );
}

/** Visible text of the document: what a reader has in front of them right now. */
export function documentText(page: Page): Promise<string> {
  return page.$eval('#document', (el) => el.textContent ?? '');
}

/** Waits until the page shows `status` and every finished section has settled into rendered Markdown. */
export async function waitForStatus(page: Page, status: string, timeout = BROWSER_WAIT_MS): Promise<void> {
  await page.waitForFunction(
    (wanted) =>
      document.getElementById('generation')?.dataset.status === wanted &&
      document.querySelector('.doc-section[data-state="settling"]') === null,
    status,
    { timeout, polling: 100 },
  );
}

/**
 * The page shows exactly the API's sections: same numbers and titles, and the same rendered Markdown.
 * With `unfinished`, the page may also show one section left half-written by a pause or stop (the API
 * lists finished sections only), after every finished one.
 */
export async function expectPageMatchesApi(
  page: Page,
  apiUrl: string,
  id: string,
  options: { unfinished?: boolean } = {},
) {
  const { body } = await getJson(`${apiUrl}/api/generations/${id}`, await browserSession(page));
  let shown = await readSections(page);
  if (options.unfinished) {
    const writing = shown.filter((s) => s.state === 'writing');
    expect(writing.length).toBeLessThanOrEqual(1);
    if (writing[0]) expect(writing[0].index).toBe(Math.max(...shown.map((s) => s.index)));
    shown = shown.filter((s) => s.state !== 'writing');
  }
  const stored = body.sections as { index: number; title: string; content: string }[];
  expect(shown.map((s) => s.index)).toEqual(stored.map((s) => s.index));
  for (const [i, section] of stored.entries()) {
    expect(shown[i]?.title).toBe(section.title);
    expect(shown[i]?.state).toBe('done');
    expect(shown[i]?.html).toBe(await renderedIn(page, section.content));
  }
  return body as { status: string; sections: typeof stored };
}

/**
 * The server's rendering of `markdown` as this page's browser serialises it (its HTML and its text), so a
 * comparison with what the page shows differs only in content, never in the spelling of the HTML.
 */
export async function renderedIn(page: Page, markdown: string): Promise<string> {
  return (await rendered(page, markdown)).html;
}

/** The text a reader sees of `markdown` rendered (no Markdown marks), as the browser reads it. */
export async function renderedText(page: Page, markdown: string): Promise<string> {
  return (await rendered(page, markdown)).text;
}

function rendered(page: Page, markdown: string): Promise<{ html: string; text: string }> {
  return page.evaluate((html) => {
    const holder = document.createElement('template');
    holder.innerHTML = html;
    return { html: holder.innerHTML, text: holder.content.textContent ?? '' };
  }, renderMarkdown(markdown));
}

/** Every section whose text was streamed into this page ended exactly as stored: no hole, no repeat. */
export async function expectStreamedExactly(page: Page, atLeast: number) {
  const shown = await readSections(page);
  expect(shown.filter((s) => s.streamed === 'differs')).toEqual([]);
  expect(shown.filter((s) => s.streamed === 'exact').length).toBeGreaterThanOrEqual(atLeast);
}
