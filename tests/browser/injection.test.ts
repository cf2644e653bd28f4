import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { getJson, postJson } from '../support/stack.js';
import { useStackAndBrowser, watchPage, type PageWatch, openPage } from './support/browser.js';
import {
  browserSession,
  expectPageMatchesApi,
  expectStreamedExactly,
  startFromHome,
  waitForStatus,
} from './support/document-page.js';

// LLM output and prompts are untrusted (DESIGN invariant 6). The simulator's `inject=xss` puts
// `<script>alert(1)</script>`, `<img src=x onerror=alert(1)>`, `[click](javascript:alert(1))` and
// `![p](http://attacker.invalid/pixel.png)` into the model's prose; the prompt carries its own payloads.

const t = useStackAndBrowser();

const PROMPT_PAYLOAD =
  '<script>alert("prompt")</script><img src=x onerror=alert(2)> [x](javascript:alert(3)) <b hx-get="/x">b</b>';

/** Everything on the page that could run code or fetch from elsewhere. */
function activeContent(page: Page) {
  return page.evaluate(() => ({
    scripts: [...document.scripts].map((s) => s.getAttribute('src')),
    imagesInDocument: document.querySelectorAll('#document img, .doc-head img').length,
    handlerAttributes: [...document.querySelectorAll('*')].flatMap((el) =>
      [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.tagName}[${a.name}]`),
    ),
    javascriptLinks: document.querySelectorAll('a[href^="javascript" i]').length,
    htmxInDocument: document.querySelectorAll('#document [hx-get], .doc-head [hx-get]').length,
  }));
}

function expectInert(watch: PageWatch) {
  expect(watch.dialogs).toEqual([]);
  expect(watch.outsideRequests).toEqual([]);
  expect(watch.pageErrors).toEqual([]);
  expect(watch.cspViolations).toEqual([]);
}

describe('untrusted text on the page', () => {
  it('shows injection payloads from the prompt and the model as text, live and after a reload', async () => {
    const page = await openPage(t.browser);
    const watch = watchPage(page);
    const id = await startFromHome(page, t.stack.apiUrl, `${PROMPT_PAYLOAD} [[sim:inject=xss;tps=300]]`);
    const atLoad = await activeContent(page);
    expect(atLoad.scripts).toEqual([
      '/static/htmx.min.js',
      '/static/hx-sse.js',
      '/static/views/client/generation-page.js',
    ]);

    await waitForStatus(page, 'completed');
    const { body } = await getJson(`${t.stack.apiUrl}/api/generations/${id}`, await browserSession(page));
    const stored = body.sections.map((s: { content: string }) => s.content).join('\n');
    expect(stored).toContain('<script>alert(1)</script>'); // the model really produced the payloads
    expect(stored).toContain('<img src=x onerror=alert(1)>');

    for (const when of ['streamed', 'reloaded']) {
      if (when === 'reloaded') await page.reload();
      const content = await activeContent(page);
      expect(content, when).toEqual({
        ...atLoad,
        imagesInDocument: 0,
        handlerAttributes: [],
        javascriptLinks: 0,
        htmxInDocument: 0,
      });
      const text = (await page.textContent('#document')) ?? '';
      expect(text).toContain('<script>alert(1)</script>');
      expect(text).toContain('<img src=x onerror=alert(1)>');
      expect(text).toContain('[click](javascript:alert(1))'); // a javascript: link stays literal text
      expect(await page.textContent('.doc-prompt')).toContain('<script>alert("prompt")</script>');
    }
    await expectPageMatchesApi(page, t.stack.apiUrl, id);

    // The versions card formats a version's Markdown with the same rules: its opening in the list and its
    // whole text in the dialog show the payloads as text.
    const section = (body.sections as { index: number; content: string }[]).find((s) =>
      s.content.includes('<img src=x onerror=alert(1)>'),
    );
    await page.selectOption('#versions-section', String(section?.index));
    await page.getByRole('button', { name: 'Show versions' }).click();
    await page.getByRole('button', { name: 'Read v1' }).click();
    await page.waitForSelector('#versions-dialog-body .version-text');
    const read = (await page.textContent('#versions-dialog-body')) ?? '';
    expect(read).toContain('<img src=x onerror=alert(1)>');
    expect(await page.locator('#versions img').count()).toBe(0);
    expect(await activeContent(page)).toMatchObject({ handlerAttributes: [], javascriptLinks: 0 });
    expectInert(watch);
    await page.close();
  });

  it('puts streamed tokens and titles in as text, even a token that carries a whole tag', async () => {
    const page = await openPage(t.browser);
    const watch = watchPage(page);
    await startFromHome(page, t.stack.apiUrl, 'An app [[sim:inject=xss;tps=300]]');
    await waitForStatus(page, 'completed');
    // Had a token been parsed as HTML, the section's text would lack the payload and differ from its content.
    await expectStreamedExactly(page, 9);

    // The simulator's tokens are small (`<`, `img`…); a busy worker coalesces many into one event. Such
    // events are dispatched here exactly as hx-sse.js dispatches a named SSE event on #stream.
    const tag = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    await page.evaluate((text) => {
      const stream = document.getElementById('stream') as HTMLElement;
      const seq = Number(document.getElementById('generation')?.dataset.seq);
      const send = (type: string, data: object) =>
        stream.dispatchEvent(new CustomEvent(type, { bubbles: true, detail: { data: JSON.stringify(data) } }));
      send('section_start', { seq: seq + 1, index: 11, title: text });
      send('token', { seq: seq + 2, section: 11, text });
      send('token', { seq: seq + 3, section: 3, text });
    }, tag);
    expect(await page.textContent('.doc-section[data-index="11"] .section-name')).toBe(tag);
    expect(await page.textContent('.doc-section[data-index="11"] .live-text')).toBe(tag);
    expect(await page.textContent('.doc-section[data-index="3"] .live-text')).toBe(tag);
    expect(await activeContent(page)).toMatchObject({ imagesInDocument: 0, handlerAttributes: [] });
    expect((await activeContent(page)).scripts).toHaveLength(3);
    expectInert(watch);
    await page.close();
  });

  it('serves every page with a strict Content-Security-Policy and no inline script', async () => {
    // A draft made with no credential: its page is open to whoever holds the id.
    const { body } = await postJson(`${t.stack.apiUrl}/api/generations`, { prompt: 'A page to check' });
    for (const path of ['/', `/generations/${body.id}`]) {
      const response = await fetch(`${t.stack.apiUrl}${path}`);
      const csp = response.headers.get('content-security-policy') ?? '';
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
      ]) {
        expect(csp).toContain(directive);
      }
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const html = await response.text();
      expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? []).toEqual([]);
      // Inside tags only: escaped model text such as `&lt;img onerror=…&gt;` is fine.
      expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
      expect(html).not.toMatch(/<[a-z][^>]*\sstyle=/i);
    }
  });

  it('refuses the start form when it is posted from another site', async () => {
    const post = (origin: string) =>
      fetch(`${t.stack.apiUrl}/generations`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        body: 'prompt=A+shop&template=nda',
      });
    expect((await post('http://evil.example')).status).toBe(403);
    const same = await post(t.stack.apiUrl);
    expect(same.status).toBe(303);
    expect(same.headers.get('location')).toMatch(/^\/generations\/[0-9a-f-]{36}$/);
  });
});
