import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents } from '../support/sse-client.js';
import { postJson, startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../webhooks/support.js';
import { anonymous, anonymousBrowser, attempt, bearer } from './support.js';

// A share link is read-only: it shows the live page and the exports, and opens no command, with its
// token used anywhere it might be tried. Revoking it closes it at once.

const KEY = 'share-key-0123456789abcdef-0123';
const SESSION_SECRET = 'share-session-secret-0123456789abcdef-0123';

describe('share links', () => {
  let stack: Stack;
  let id = '';
  let url = '';
  let token = '';

  beforeAll(async () => {
    stack = await startStack({ tokensPerSec: 200, env: { API_KEYS: KEY, SESSION_SECRET } });
    id = (await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'A shared draft [[sim:tps=200]]' }, bearer(KEY)))
      .body.id;
    const shared = await postJson(`${stack.apiUrl}/api/generations/${id}/share`, {}, bearer(KEY));
    expect(shared.status).toBe(201);
    url = shared.body.url;
    token = url.split('/').pop() ?? '';
  });
  afterAll(() => stack.close());

  it('is one link per draft, a path on this server whose token is no key and no id', async () => {
    expect(url).toMatch(/^\/s\/[\w-]{22}\.[\w-]{43}$/);
    const again = await postJson(`${stack.apiUrl}/api/generations/${id}/share`, {}, bearer(KEY));
    expect(again.body.url).toBe(url);
    expect(token).not.toContain(id);
    expect(token).not.toContain(KEY);
  });

  it('shows the live page and the exports, without any control', async () => {
    const page = await attempt(stack.apiUrl, anonymous, 'GET', url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.text).toContain(`data-events-url="${url}/events"`);
    expect(page.text).not.toMatch(/data-action="(pause|resume|cancel)"/);
    expect(page.text).not.toContain('rewrite-form');
    // Live: the event stream of the draft, to its end.
    const stream = await readEvents(`${stack.apiUrl}${url}/events?after=0`);
    expect(stream.status).toBe(200);
    expect(stream.events.at(-1)?.event).toBe('done');
    await waitFor('the draft completed', async () => {
      const state = await attempt(stack.apiUrl, anonymous, 'GET', `${url}/generation`);
      return JSON.parse(state.text).status === 'completed' ? true : undefined;
    });
    const markdown = await attempt(stack.apiUrl, anonymous, 'GET', `${url}/document.md`);
    expect(markdown.status).toBe(200);
    expect(markdown.headers.get('content-type')).toMatch(/text\/markdown/);
    expect((await attempt(stack.apiUrl, anonymous, 'GET', `${url}/sections/1`)).status).toBe(200);
    const word = await attempt(stack.apiUrl, anonymous, 'GET', `${url}/document.docx`);
    expect(word.status).toBe(200);
    expect(word.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const pdf = await attempt(stack.apiUrl, anonymous, 'GET', `${url}/document.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
  });

  it('never shows the draft’s id, which opens commands: not in its page, JSON, stream or file names', async () => {
    const stream = await readEvents(`${stack.apiUrl}${url}/events?after=0`);
    expect(JSON.stringify(stream.events)).not.toContain(id);
    for (const path of [url, `${url}/generation`, `${url}/sections/1`]) {
      const answer = await attempt(stack.apiUrl, anonymous, 'GET', path);
      expect(answer.status, path).toBe(200);
      const text = answer.text;
      expect(text, path).not.toContain(id);
      expect(text, path).not.toContain(id.slice(0, 8));
    }
    for (const path of [`${url}/document.md`, `${url}/document.docx`, `${url}/document.pdf`]) {
      const answer = await attempt(stack.apiUrl, anonymous, 'GET', path);
      expect(answer.headers.get('content-disposition'), path).not.toContain(id.slice(0, 8));
    }
  });

  it('opens no command, wherever its token is tried', async () => {
    const g = `/api/generations/${id}`;
    const asBearer = bearer(token);
    // [what, method, path, headers, body, expected]
    const table: [string, string, string, Record<string, string>, unknown, number][] = [
      ['cancel under the link', 'POST', `${url}/cancel`, {}, {}, 404],
      ['pause under the link', 'POST', `${url}/pause`, {}, {}, 404],
      ['continue under the link', 'POST', `${url}/continue`, {}, {}, 404],
      ['regenerate under the link', 'POST', `${url}/sections/1/regenerate`, {}, {}, 404],
      ['share under the link', 'POST', `${url}/share`, {}, {}, 404],
      ['restore under the link', 'POST', `${url}/sections/1/versions/1/restore`, {}, {}, 404],
      ['versions under the link', 'GET', `${url}/sections/1/versions`, {}, undefined, 404],
      ['edit under the link', 'PUT', `${url}/sections/1`, {}, { content: 'Mine', baseVersion: 1 }, 404],
      ['token as a bearer: edit', 'PUT', `${g}/sections/1`, asBearer, { content: 'Mine', baseVersion: 1 }, 401],
      [
        'token as a session cookie: edit',
        'PUT',
        `${g}/sections/1`,
        { cookie: `cg_session=${token}`, origin: stack.apiUrl },
        { content: 'Mine', baseVersion: 1 },
        401,
      ],
      ['token as a bearer: restore', 'POST', `${g}/sections/1/versions/1/restore`, asBearer, {}, 401],
      [
        'token as a session cookie: restore',
        'POST',
        `${g}/sections/1/versions/1/restore`,
        { cookie: `cg_session=${token}`, origin: stack.apiUrl },
        {},
        401,
      ],
      ['revoke under the link', 'DELETE', `${url}/share`, {}, undefined, 404],
      ['token as a bearer: read', 'GET', g, asBearer, undefined, 401],
      ['token as a bearer: cancel', 'POST', `${g}/cancel`, asBearer, {}, 401],
      ['token as a bearer: regenerate', 'POST', `${g}/sections/1/regenerate`, asBearer, {}, 401],
      ['token as a bearer: revoke', 'DELETE', `${g}/share`, asBearer, undefined, 401],
      ['token as a bearer: list', 'GET', '/api/generations', asBearer, undefined, 401],
      ['token as access_token', 'GET', `${g}/events?after=0&access_token=${token}`, {}, undefined, 401],
      [
        'token as a session cookie',
        'POST',
        `${g}/cancel`,
        { cookie: `cg_session=${token}`, origin: stack.apiUrl },
        {},
        401,
      ],
      ['the owner page with the token', 'GET', `/generations/${id}?token=${token}`, {}, undefined, 303],
    ];
    const answers = [];
    for (const [what, method, path, headers, body] of table) {
      answers.push([
        what,
        method,
        path,
        headers,
        body,
        (await attempt(stack.apiUrl, headers, method, path, body)).status,
      ]);
    }
    expect(answers).toEqual(table);
    expect(JSON.parse((await attempt(stack.apiUrl, bearer(KEY), 'GET', g)).text).status).toBe('completed');
  });

  it('refuses a forged or altered token', async () => {
    const [shareId, mac] = token.split('.') as [string, string];
    const forged = [
      `${shareId}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`,
      `${'A'.repeat(22)}.${mac}`,
      shareId,
      `${shareId}.${mac}.x`,
    ];
    for (const t of forged) expect((await attempt(stack.apiUrl, anonymous, 'GET', `/s/${t}`)).status, t).toBe(404);
  });

  it('is closed at once when revoked, and a new link is a new token', async () => {
    const revoked = await attempt(stack.apiUrl, bearer(KEY), 'DELETE', `/api/generations/${id}/share`);
    expect(revoked.status).toBe(204);
    for (const path of [url, `${url}/events?after=0`, `${url}/document.md`, `${url}/generation`, `${url}/sections/1`]) {
      expect((await attempt(stack.apiUrl, anonymous, 'GET', path)).status, path).toBe(404);
    }
    const fresh = await postJson(`${stack.apiUrl}/api/generations/${id}/share`, {}, bearer(KEY));
    expect(fresh.body.url).not.toBe(url);
    expect((await attempt(stack.apiUrl, anonymous, 'GET', fresh.body.url)).status).toBe(200);
  });
});

describe('share links without keys', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ tokensPerSec: 400 });
  });
  afterAll(() => stack.close());

  it('give a browser’s draft to read, and no way to change it, even to someone who learns its id', async () => {
    const owner = await anonymousBrowser(stack.apiUrl);
    const started = await fetch(`${stack.apiUrl}/generations`, {
      method: 'POST',
      headers: { ...owner, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'A browser’s draft [[sim:tps=400]]' }),
      redirect: 'manual',
    });
    const id = (started.headers.get('location') ?? '').split('/').pop() ?? '';
    await waitFor('the draft completed', async () => {
      const state = await attempt(stack.apiUrl, owner, 'GET', `/api/generations/${id}`);
      return JSON.parse(state.text).status === 'completed' ? true : undefined;
    });
    const shared = await attempt(stack.apiUrl, owner, 'POST', `/api/generations/${id}/share`, {});
    expect(shared.status).toBe(201);
    const url = JSON.parse(shared.text).url as string;

    // What the link serves names no id.
    const page = await attempt(stack.apiUrl, anonymous, 'GET', url);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(id);
    expect((await attempt(stack.apiUrl, anonymous, 'GET', `${url}/generation`)).text).not.toContain(id);

    // Someone holding the id all the same (another browser, a curl) opens nothing with it.
    const holder = await anonymousBrowser(stack.apiUrl);
    const g = `/api/generations/${id}`;
    const table: [string, string, unknown, number][] = [
      ['PUT', `${g}/sections/1`, { content: 'Changed by the link holder', baseVersion: 1 }, 404],
      ['DELETE', `${g}/share`, undefined, 404],
      ['POST', `${g}/suggestions`, {}, 404],
      ['POST', `${g}/sections/1/regenerate`, {}, 404],
      ['POST', `${g}/sections/1/versions/1/restore`, {}, 404],
      ['GET', g, undefined, 404],
    ];
    for (const party of [anonymous, holder]) {
      const answers = [];
      for (const [method, path, body] of table)
        answers.push([method, path, body, (await attempt(stack.apiUrl, party, method, path, body)).status]);
      expect(answers).toEqual(table);
    }
    // Nothing changed: the link still works, the text is the model's.
    expect((await attempt(stack.apiUrl, anonymous, 'GET', url)).status).toBe(200);
    const draft = await attempt(stack.apiUrl, owner, 'GET', g);
    expect(draft.text).not.toContain('Changed by the link holder');
  });
});
