import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { postJson, waitForStatus as waitForApiStatus } from '../support/stack.js';
import { en } from '../../src/views/i18n/en.js';
import { fr } from '../../src/views/i18n/fr.js';
import { expectAccessible } from './support/axe.js';
import { artifact, openContext, openPage, useStackAndBrowser, VIEWPORTS, watchPage } from './support/browser.js';
import { waitForStatus } from './support/document-page.js';

// The pages checked by a real accessibility engine (axe-core, in the light and the dark colour scheme),
// spoken in one language each (the draft's, or the reader's), with a form that says what is wrong next
// to the field, in that language. The sign-in page is checked in api-keys.test.ts (it needs API_KEYS).

const t = useStackAndBrowser();

/** The page's own words (not the model's text nor the user's prompt), as a reader and a screen reader get them. */
function pageWords(page: Page): Promise<string> {
  return page.evaluate(() => {
    const clone = document.body.cloneNode(true) as HTMLElement;
    for (const el of clone.querySelectorAll(
      '.section-body, .section-name, .doc-title, .doc-prompt, .prompt-full p, h1, .eyebrow, template, .edit-form textarea',
    ))
      el.remove();
    const labels = [
      ...clone.querySelectorAll('[aria-label], [placeholder], [data-writing], [data-unfinished]'),
    ].flatMap((el) => ['aria-label', 'placeholder'].map((a) => el.getAttribute(a) ?? ''));
    return `${clone.innerText}\n${labels.join('\n')}\n${document.title}`;
  });
}

/** English catalogue strings (fixed ones, long enough to mean something) that French says otherwise. */
const ENGLISH_ONLY = Object.entries(en)
  .filter(
    ([key, value]) => typeof value === 'string' && value.length > 5 && value !== (fr as Record<string, unknown>)[key],
  )
  .map(([, value]) => value as string);

/** The English strings found in `words` as words of their own ("Continue" is not in "Continuer"). */
function englishIn(words: string): string[] {
  const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return ENGLISH_ONLY.filter((english) =>
    new RegExp(`(^|[^\\p{L}])${escapeRegExp(english)}($|[^\\p{L}])`, 'u').test(words),
  );
}

describe('accessibility and language', () => {
  it('home page: accessible, and a refused form says what is wrong next to each field, in the page language', async () => {
    const page = await openPage(t.browser, { viewport: VIEWPORTS.desktop });
    const watch = watchPage(page);
    await page.goto(`${t.stack.apiUrl}/`);
    await expectAccessible(page, 'home page');
    // Every input looks alike: the same height and text size, whatever its type.
    await page.click('.details-fields summary');
    const sizes = await page.$$eval('#start-form input:not([type="hidden"]), #start-form select', (inputs) =>
      inputs
        .filter((i) => (i as HTMLElement).offsetParent !== null)
        .map((i) => `${Math.round(i.getBoundingClientRect().height)}/${getComputedStyle(i).fontSize}`),
    );
    expect(new Set(sizes).size, sizes.join(' ')).toBe(1);
    // A mutual NDA has no one-way discloser: the field is hidden until one-way is chosen.
    await page.selectOption('#template', 'nda');
    expect(await page.isVisible('#detail-discloser')).toBe(true);
    await page.selectOption('#detail-kind', 'mutual');
    expect(await page.isVisible('#detail-discloser')).toBe(false);
    await page.selectOption('#detail-kind', 'one-way');
    expect(await page.isVisible('#detail-discloser')).toBe(true);

    // In French (the reader's language): refused fields are named in French, next to the field.
    await page.goto(`${t.stack.apiUrl}/?lang=fr`);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await page.click('.details-fields summary');
    await page.fill('#detail-contactEmail', 'not an address');
    await page.fill('#detail-website', 'ftp://example.com');
    await page.fill('#detail-minimumAge', '9');
    await Promise.all([page.waitForURL(/\/generations\?lang=(en|fr)$/), page.click('#start-button')]);
    expect(await page.textContent('#detail-contactEmail-error')).toBe(fr.errorEmail);
    expect(await page.textContent('#detail-website-error')).toBe(fr.errorUrl);
    expect(await page.textContent('#detail-minimumAge-error')).toBe(fr.errorAtLeast(13));
    expect(await page.getAttribute('#detail-minimumAge', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#detail-minimumAge', 'aria-describedby')).toContain('detail-minimumAge-error');
    // The list above the form is focused, and links each sentence to its field.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('form-error');
    expect(await page.textContent('#form-error')).toContain(
      fr.formErrorLine(fr.detailLabels.minimumAge, fr.errorAtLeast(13)),
    );
    expect(await page.inputValue('#detail-contactEmail')).toBe('not an address'); // what was typed is kept
    expect(englishIn(await pageWords(page))).toEqual([]);
    await page.screenshot({ path: artifact('home-refused-fr.png'), fullPage: true });
    await expectAccessible(page, 'refused form (fr)');

    // Nothing to draft from at all: the prompt field says so.
    await page.goto(`${t.stack.apiUrl}/`);
    await Promise.all([page.waitForURL(/\/generations\?lang=(en|fr)$/), page.click('#start-button')]);
    expect(await page.textContent('#prompt-error')).toBe(en.errorPromptOrDetails);
    expect(watch.cspViolations).toEqual([]);
    await page.close();
  });

  it('a French draft: every word of the page is French, while it streams and at rest', async () => {
    const created = await postJson(`${t.stack.apiUrl}/api/generations`, {
      prompt: 'Une plateforme de covoiturage "Roulons" [[sim:tps=120]]',
      language: 'fr',
    });
    const id = created.body.id as string;
    const page = await openPage(t.browser, { viewport: VIEWPORTS.desktop });
    const watch = watchPage(page);
    await page.goto(`${t.stack.apiUrl}/generations/${id}`);
    await page.waitForSelector('.doc-section[data-index="2"] .tok');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.textContent('#status-badge')).toBe(fr.status.streaming);
    expect(englishIn(await pageWords(page))).toEqual([]);
    await page.getByRole('button', { name: fr.pause }).click();
    await waitForStatus(page, 'paused');
    expect(await page.textContent('#announcer')).toBe(fr.announceStatus(fr.status.paused));
    await page.getByRole('button', { name: fr.resume }).click();
    await waitForStatus(page, 'completed');
    expect(await page.textContent('#progress-text')).toBe(fr.progressText(10, 10));
    expect(englishIn(await pageWords(page))).toEqual([]);
    // A version read in the versions card's dialog: its title and Close in French too.
    await page.getByRole('button', { name: fr.showVersions, exact: true }).click();
    await page.getByRole('button', { name: fr.versionReadButton(1) }).click();
    await page.waitForSelector('#versions-dialog-body .version-text');
    expect(await page.textContent('#versions-dialog-title')).toMatch(/^1\. .* : version 1$/);
    await page.getByRole('dialog').getByRole('button', { name: fr.closeDialog }).waitFor();
    expect(englishIn(await pageWords(page))).toEqual([]);
    await page.keyboard.press('Escape');
    await page.screenshot({ path: artifact('generation-fr-desktop.png') });
    expect(watch.pageErrors).toEqual([]);
    await page.close();
  });

  it('a French draft that fails: the reason in French, live and on reload', async () => {
    // The provider refuses the key: a fixed reason, in the contract's English in the API, in French on the page.
    const created = await postJson(`${t.stack.apiUrl}/api/generations`, {
      prompt: 'Une plateforme de covoiturage "Roulons" [[sim:status=401;tps=120]]',
      language: 'fr',
    });
    const id = created.body.id as string;
    const page = await openPage(t.browser, { viewport: VIEWPORTS.desktop });
    await page.goto(`${t.stack.apiUrl}/generations/${id}`);
    const failed = fr.generationFailed(fr.reasons.providerCredentials);
    await page.waitForSelector('#doc-error');
    await expect.poll(() => page.textContent('#doc-error'), { timeout: 30_000 }).toBe(failed);
    await waitForApiStatus(t.stack.apiUrl, id, ['failed']);
    await page.reload();
    expect(await page.textContent('#doc-error')).toBe(failed);
    expect(englishIn(await pageWords(page))).toEqual([]);
    await page.close();
  });

  it('a draft while streaming, at rest, with the editor open, and its share page: accessible', async () => {
    const longPrompt = `A booking app for mountain huts, "Refuge". ${'It lists huts, takes deposits and sends reminders. '.repeat(8)}[[sim:tps=100]]`;
    const created = await postJson(`${t.stack.apiUrl}/api/generations`, { prompt: longPrompt });
    const id = created.body.id as string;
    const context = await openContext(t.browser, {
      viewport: VIEWPORTS.desktop,
      reducedMotion: 'reduce', // no fade-in mid-check: axe reads colours as they are at rest
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const page = await context.newPage();
    await page.goto(`${t.stack.apiUrl}/generations/${id}`);
    await page.waitForSelector('.doc-section[data-index="2"] .tok');
    await expectAccessible(page, 'draft while streaming');

    // The whole prompt can be read.
    expect(await page.isVisible('.prompt-full p')).toBe(false);
    await page.click('.prompt-full summary');
    expect((await page.textContent('.prompt-full p'))?.trim()).toBe(longPrompt);

    await waitForApiStatus(t.stack.apiUrl, id, ['completed']);
    await waitForStatus(page, 'completed');
    await expectAccessible(page, 'draft at rest');

    // Copy: the finished sections as formatted text and as plain text (no Markdown marks).
    await page.getByRole('button', { name: en.copy }).click();
    await page.waitForFunction((text) => document.getElementById('control-note')?.textContent === text, en.copied);
    const clipboard = await page.evaluate(async () => {
      const [item] = await navigator.clipboard.read();
      const read = async (type: string) => (item?.types.includes(type) ? (await item.getType(type)).text() : '');
      return { html: await read('text/html'), text: await read('text/plain') };
    });
    expect(clipboard.html).toMatch(/<h2>1\. [^<]+<\/h2>/);
    expect(clipboard.html).toContain('<p>');
    expect(clipboard.text).toMatch(/^Terms of Service\n\n1\. /);
    expect(clipboard.text).not.toMatch(/\*\*|^#+ /m);

    // The editor open: accessible; saved by Ctrl+Enter, focus lands on the saved section.
    const section = page.locator('.doc-section[data-index="2"]');
    await section.getByRole('button', { name: en.editButton(2) }).click();
    await expectAccessible(page, 'editor open');
    await section.getByLabel(en.editLabel).fill('An **edited** second section.');
    await section.getByLabel(en.editLabel).press('Control+Enter');
    await page.waitForFunction(() =>
      document.querySelector('#section-2 .section-body')?.textContent?.includes('edited second'),
    );
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('section-2-title');
    expect(await page.textContent('#announcer')).toMatch(/Saved section 2 as version 2\.|Status:/);

    // The share page: read-only, accessible.
    await page.getByRole('button', { name: en.share }).click();
    await page.waitForSelector('#share-link:not([hidden])');
    const url = (await page.locator('#share-link').textContent()) ?? '';
    expect(url).toMatch(/\/s\//);
    const reader = await context.newPage();
    await reader.goto(url);
    await waitForStatus(reader, 'completed');
    await expectAccessible(reader, 'share page');
    await context.close();
  });
});
