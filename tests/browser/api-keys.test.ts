import { describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { openContext, useStackAndBrowser, watchPage } from './support/browser.js';
import { expectStreamedExactly, readSections, startFromHome, waitForStatus } from './support/document-page.js';

// With API_KEYS set, the page asks for a key once (a sign-in form) and keeps a signed session
// cookie; the page then streams and its buttons work with that cookie alone, and shows only the
// drafts of the key it was signed in with.

const KEY = 'browser-test-key-0123456789-abcdef';
const OTHER_KEY = 'browser-test-key-other-0123456789';
const t = useStackAndBrowser({
  env: { API_KEYS: `${KEY},${OTHER_KEY}`, SESSION_SECRET: 'browser-session-secret-0123456789-abcdef' },
});

describe('the page when the API requires keys', () => {
  it('signs in once (an accessible form), then streams, pauses and resumes with its session cookie', async () => {
    const context = await openContext(t.browser);
    const page = await context.newPage();
    const watch = watchPage(page);
    // Not signed in: the home page sends the browser to the sign-in form.
    await page.goto(`${t.stack.apiUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await expectAccessible(page, 'sign-in page');
    await page.fill('#key', 'not-a-key-not-a-key-not-a-key');
    await page.click('#sign-in-button');
    await expect.poll(() => page.locator('#form-error').textContent()).toContain('not a valid API key');
    // The refusal is said next to the field, which is marked and focused for another try.
    expect(await page.getAttribute('#key', 'aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('key');
    await expectAccessible(page, 'sign-in page, refused');
    await page.fill('#key', KEY);
    await Promise.all([page.waitForURL(`${t.stack.apiUrl}/`), page.click('#sign-in-button')]);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'cg_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');
    expect(session?.value).not.toContain(KEY);

    const id = await startFromHome(page, t.stack.apiUrl, 'A bike repair shop [[sim:tps=150]]');
    expect((await fetch(`${t.stack.apiUrl}/api/generations/${id}`)).status).toBe(401);

    await page.waitForSelector('.doc-section[data-index="2"] .tok');
    await page.getByRole('button', { name: 'Pause' }).click();
    await waitForStatus(page, 'paused');
    await page.getByRole('button', { name: 'Resume' }).click();
    await waitForStatus(page, 'completed');

    const stored = await fetch(`${t.stack.apiUrl}/api/generations/${id}`, {
      headers: { authorization: `Bearer ${KEY}` },
    });
    const generation = (await stored.json()) as { sections: { index: number; title: string }[] };
    const shown = await readSections(page);
    expect(shown.map((s) => [s.index, s.title])).toEqual(generation.sections.map((s) => [s.index, s.title]));
    await expectStreamedExactly(page, 1);
    expect(watch.pageErrors).toEqual([]);

    // Another key's browser: the draft is not in its list, and its page is "no such draft".
    const other = await (await t.browser.newContext()).newPage();
    await other.goto(`${t.stack.apiUrl}/login`);
    await other.fill('#key', OTHER_KEY);
    await Promise.all([other.waitForURL(`${t.stack.apiUrl}/`), other.click('#sign-in-button')]);
    expect(await other.locator(`a[href="/generations/${id}"]`).count()).toBe(0);
    const response = await other.goto(`${t.stack.apiUrl}/generations/${id}`);
    expect(response?.status()).toBe(404);
    await page.goto(`${t.stack.apiUrl}/`);
    expect(await page.locator(`a[href="/generations/${id}"]`).count()).toBe(1);
    await other.context().close();
    await context.close();
  });
});

describe('the sign-in page in French', () => {
  it("speaks the reader's language (Accept-Language)", async () => {
    const context = await openContext(t.browser, { locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${t.stack.apiUrl}/login`);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.textContent('#sign-in-button')).toContain('Se connecter');
    await page.fill('#key', 'not-a-key-not-a-key-not-a-key');
    await page.click('#sign-in-button');
    await expect.poll(() => page.locator('#form-error').textContent()).toBe('Cette clé d’API n’est pas valide.');
    await context.close();
  });
});
