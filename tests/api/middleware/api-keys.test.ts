import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeys, bearerToken, keyId } from '../../../src/api/middleware/api-keys.js';
import { readEvents } from '../../support/sse-client.js';
import { postJson, startStack, type Stack } from '../../support/stack.js';

const KEY_A = 'key-a-0123456789abcdef-0123';
const KEY_B = 'key-b-fedcba9876543210-3210';
const ADMIN = 'admin-token-5f1c2d9e8b7a';
const SESSION_SECRET = 'session-secret-for-tests-0123456789abcdef';

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers, redirect: 'manual' });

describe('API keys', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { API_KEYS: `${KEY_A}, ${KEY_B}`, SESSION_SECRET } });
  });
  afterAll(() => stack.close());

  it('refuses /api/* without a key, or with a wrong one, with 401 in the error envelope', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Bearer nope' },
      { authorization: `Basic ${KEY_A}` },
      { authorization: `Bearer ${KEY_A}x` },
    ]) {
      const response = await get(`${stack.apiUrl}/api/generations`, headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await response.json()).toMatchObject({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
    const create = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'no key' });
    expect(create.status).toBe(401);
    const legacy = await postJson(`${stack.apiUrl}/api/contract/tos/stream`, { prompt: 'no key' });
    expect(legacy.status).toBe(401);
  });

  it('accepts either configured key as a Bearer token, any scheme case', async () => {
    expect((await get(`${stack.apiUrl}/api/generations`, { authorization: `Bearer ${KEY_A}` })).status).toBe(200);
    expect((await get(`${stack.apiUrl}/api/generations`, { authorization: `bearer ${KEY_B}` })).status).toBe(200);
    const created = await postJson(
      `${stack.apiUrl}/api/generations`,
      { prompt: 'with a key' },
      { authorization: `Bearer ${KEY_B}` },
    );
    expect(created.status).toBe(202);
  });

  it('signs a browser in once: an HttpOnly SameSite session cookie that works on /api/* from our own pages only', async () => {
    const signIn = (key: string) =>
      fetch(`${stack.apiUrl}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.apiUrl },
        body: new URLSearchParams({ key, next: '/generations/x' }),
        redirect: 'manual',
      });
    expect((await signIn('wrong-key-wrong-key-wrong-key')).status).toBe(401);
    const ok = await signIn(KEY_A);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/generations/x');
    const setCookie = ok.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^cg_session=s1\.k\./);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toContain(KEY_A);
    expect(setCookie).not.toContain(keyId(KEY_A));
    const cookie = setCookie.split(';')[0] ?? '';

    expect((await get(`${stack.apiUrl}/api/generations`, { cookie })).status).toBe(200);
    const created = await postJson(
      `${stack.apiUrl}/api/generations`,
      { prompt: 'from the page' },
      { cookie, origin: stack.apiUrl },
    );
    expect(created.status).toBe(202);
    // A command with the cookie from another site, or with no sign of where it came from: refused.
    const foreign = await postJson(
      `${stack.apiUrl}/api/generations/${created.body.id}/cancel`,
      {},
      { cookie, origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('forbidden');
    expect((await postJson(`${stack.apiUrl}/api/generations/${created.body.id}/cancel`, {}, { cookie })).status).toBe(
      403,
    );
    expect(
      (
        await postJson(
          `${stack.apiUrl}/api/generations/${created.body.id}/cancel`,
          {},
          { cookie, 'sec-fetch-site': 'same-origin' },
        )
      ).status,
    ).toBe(200);
    // The draft made in the page belongs to key A, like those made with the key itself.
    expect(
      (await get(`${stack.apiUrl}/api/generations/${created.body.id}`, { authorization: `Bearer ${KEY_A}` })).status,
    ).toBe(200);
    expect(
      (await get(`${stack.apiUrl}/api/generations/${created.body.id}`, { authorization: `Bearer ${KEY_B}` })).status,
    ).toBe(404);
    // A tampered cookie is no session.
    expect((await get(`${stack.apiUrl}/api/generations`, { cookie: `${cookie.slice(0, -2)}xx` })).status).toBe(401);
  });

  it('takes ?access_token= on the event stream only (EventSource cannot send headers)', async () => {
    const created = await postJson(
      `${stack.apiUrl}/api/generations`,
      { prompt: 'watch me' },
      { authorization: `Bearer ${KEY_A}` },
    );
    const events = `${stack.apiUrl}/api/generations/${created.body.id}/events`;
    expect((await readEvents(events)).status).toBe(401);
    expect((await readEvents(`${events}?access_token=wrong`)).status).toBe(401);
    const stream = await readEvents(`${events}?access_token=${encodeURIComponent(KEY_A)}`);
    expect(stream.status).toBe(200);
    expect(stream.events.at(-1)?.event).toBe('done');
    // Not on other routes: a key in a URL ends up in logs and histories, so only where it is needed.
    expect((await get(`${stack.apiUrl}/api/generations/${created.body.id}?access_token=${KEY_A}`)).status).toBe(401);
    expect((await get(`${stack.apiUrl}/api/generations?access_token=${KEY_A}`)).status).toBe(401);
  });

  it('leaves the signed webhook route, probes, metrics, docs and pages to their own rules', async () => {
    // The webhook answers for itself (its signature, or not configured), never with the key check's 401.
    const webhook = await postJson(`${stack.apiUrl}/api/webhooks/generations`, { requests: [] });
    expect(webhook.body?.error?.code).not.toBe('unauthorized');
    for (const path of ['/healthz', '/readyz', '/openapi.json', '/docs', '/login']) {
      expect((await get(`${stack.apiUrl}${path}`)).status, path).toBe(200);
    }
    // The pages want a session: the browser is sent to sign in, and comes back where it was going.
    const home = await get(`${stack.apiUrl}/`);
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/login?next=%2F');
    // With keys and no METRICS_TOKEN, /metrics is off.
    expect((await get(`${stack.apiUrl}/metrics`)).status).toBe(404);
  });

  it('matches keys by hash in constant time and names them by a short id', () => {
    const keys = new ApiKeys([KEY_A, KEY_B]);
    expect(keys.match(KEY_A)).toBe(keyId(KEY_A));
    expect(keys.match(KEY_B)).toBe(keyId(KEY_B));
    expect(keys.match(KEY_A.slice(0, -1))).toBeUndefined();
    expect(keys.match('')).toBeUndefined();
    expect(keyId(KEY_A)).toMatch(/^[0-9a-f]{12}$/);
    expect(keyId(KEY_A)).not.toContain(KEY_A.slice(0, 6));
    expect(new ApiKeys([]).enabled).toBe(false);
    expect(bearerToken(`Bearer  ${KEY_A} `)).toBe(KEY_A);
    expect(bearerToken(`Bearer ${KEY_A} extra`)).toBeUndefined();
  });
});

describe('without API_KEYS', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ workers: 0 });
  });
  afterAll(() => stack.close());

  it('/api/* is open', async () => {
    expect((await get(`${stack.apiUrl}/api/generations`)).status).toBe(200);
  });

  it('the queue dashboard is off: /admin/* is a 404', async () => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues', '/admin/login']) {
      expect((await get(`${stack.apiUrl}${path}`, { authorization: 'Bearer anything' })).status, path).toBe(404);
    }
  });
});

describe('queue dashboard with ADMIN_TOKEN', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ workers: 0, env: { ADMIN_TOKEN: ADMIN, API_KEYS: KEY_A, SESSION_SECRET } });
  });
  afterAll(() => stack.close());

  it('refuses without the token: JSON for clients, the sign-in form for browsers', async () => {
    const json = await get(`${stack.apiUrl}/admin/queues`);
    expect(json.status).toBe(401);
    expect(await json.json()).toMatchObject({ error: { code: 'unauthorized' } });
    // An API key is not the admin token.
    expect((await get(`${stack.apiUrl}/admin/queues/api/queues`, { authorization: `Bearer ${KEY_A}` })).status).toBe(
      401,
    );

    const html = await get(`${stack.apiUrl}/admin/queues`, { accept: 'text/html' });
    expect(html.status).toBe(401);
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await html.text();
    expect(page).toContain('<form method="post" action="/admin/login">');
    expect(page).not.toContain('<script');
  });

  it('serves Bull Board, its API and assets with the token as Bearer', async () => {
    const auth = { authorization: `Bearer ${ADMIN}` };
    const page = await get(`${stack.apiUrl}/admin/queues`, auth);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<base href="/admin/queues/"');
    // Its own scripts only, and never inside a frame.
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const queues = await get(`${stack.apiUrl}/admin/queues/api/queues`, auth);
    expect(queues.status).toBe(200);
    const body = (await queues.json()) as { queues: { name: string }[] };
    expect(body.queues.map((q) => q.name)).toContain('generations');
    const script = /src="(static\/js\/main[^"]+)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await get(`${stack.apiUrl}/admin/queues/${script}`, auth);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    // The same asset without the token: refused like the rest.
    expect((await get(`${stack.apiUrl}/admin/queues/${script}`)).status).toBe(401);
  });

  it('signs a browser in with the form: an HttpOnly, SameSite=Strict session cookie that is not the token', async () => {
    const form = (token: string) =>
      fetch(`${stack.apiUrl}/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }),
        redirect: 'manual',
      });
    expect((await form('wrong')).status).toBe(401);

    const ok = await form(ADMIN);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/admin/queues');
    const setCookie = ok.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^cg_admin=\d+\.[\w-]+;/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\/admin/i);
    expect(setCookie).not.toContain(ADMIN);
    const cookie = setCookie.split(';')[0] ?? '';

    expect((await get(`${stack.apiUrl}/admin/queues/api/queues`, { cookie })).status).toBe(200);
    // A forged or altered cookie is refused.
    const [expires] = cookie.slice('cg_admin='.length).split('.');
    expect(
      (
        await get(`${stack.apiUrl}/admin/queues/api/queues`, {
          cookie: `cg_admin=${Number(expires) + 1000}.${cookie.split('.')[1]}`,
        })
      ).status,
    ).toBe(401);
    expect((await get(`${stack.apiUrl}/admin/queues/api/queues`, { cookie: 'cg_admin=9999999999.AAAA' })).status).toBe(
      401,
    );
  });

  it('limits sign-in attempts', async () => {
    let status = 0;
    for (let i = 0; i < 12 && status !== 429; i++) {
      const response = await fetch(`${stack.apiUrl}/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: `guess-${i}` }),
      });
      status = response.status;
      if (status === 429) expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(status).toBe(429);
  });
});
