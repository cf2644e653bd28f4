import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeys, bearerToken, keyId } from '../../../src/api/middleware/api-keys.js';
import { readEvents } from '../../support/sse-client.js';
import { postJson, startStack, type Stack } from '../../support/stack.js';

const KEY_A = 'key-a-0123456789abcdef';
const KEY_B = 'key-b-fedcba9876543210';
const ADMIN = 'admin-token-5f1c2d9e8b7a';

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers, redirect: 'manual' });

describe('API keys', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { API_KEYS: `${KEY_A}, ${KEY_B}` } });
  });
  afterAll(() => stack.close());

  it('refuses /api/* without a key, or with a wrong one, with 401 in the error envelope', async () => {
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer nope' }, { authorization: `Basic ${KEY_A}` }, { authorization: `Bearer ${KEY_A}x` }]) {
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
    const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'with a key' }, { authorization: `Bearer ${KEY_B}` });
    expect(created.status).toBe(202);
  });

  it("lets a generation's page use that generation's routes, and nothing else, with its page token", async () => {
    const created = async () => (await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'paged' }, { authorization: `Bearer ${KEY_A}` })).body.id as string;
    const [id, other] = [await created(), await created()];
    const html = await (await get(`${stack.apiUrl}/generations/${id}`)).text();
    const token = /data-page-token="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(token).toMatch(/^pg_/);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await get(`${stack.apiUrl}/api/generations/${id}`, bearer)).status).toBe(200);
    const events = await readEvents(`${stack.apiUrl}/api/generations/${id}/events?after=0&access_token=${encodeURIComponent(token)}`, { stopAfter: 1 });
    expect(events.status).toBe(200);
    // Only for its own generation, and never for creating or listing.
    expect((await get(`${stack.apiUrl}/api/generations/${other}`, bearer)).status).toBe(401);
    expect((await postJson(`${stack.apiUrl}/api/generations/${other}/cancel`, {}, bearer)).status).toBe(401);
    expect((await get(`${stack.apiUrl}/api/generations`, bearer)).status).toBe(401);
    expect((await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'x' }, bearer)).status).toBe(401);
    expect((await postJson(`${stack.apiUrl}/api/generations/${id}/cancel`, {}, bearer)).status).toBe(200);
  });

  it('takes ?access_token= on the event stream only (EventSource cannot send headers)', async () => {
    const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'watch me' }, { authorization: `Bearer ${KEY_A}` });
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
    for (const path of ['/healthz', '/readyz', '/metrics', '/openapi.json', '/docs', '/']) {
      expect((await get(`${stack.apiUrl}${path}`)).status, path).toBe(200);
    }
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
    stack = await startStack({ workers: 0, env: { ADMIN_TOKEN: ADMIN, API_KEYS: KEY_A } });
  });
  afterAll(() => stack.close());

  it('refuses without the token: JSON for clients, the sign-in form for browsers', async () => {
    const json = await get(`${stack.apiUrl}/admin/queues`);
    expect(json.status).toBe(401);
    expect(await json.json()).toMatchObject({ error: { code: 'unauthorized' } });
    // An API key is not the admin token.
    expect((await get(`${stack.apiUrl}/admin/queues/api/queues`, { authorization: `Bearer ${KEY_A}` })).status).toBe(401);

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
    expect((await get(`${stack.apiUrl}/admin/queues/api/queues`, { cookie: `cg_admin=${Number(expires) + 1000}.${cookie.split('.')[1]}` })).status).toBe(401);
    expect((await get(`${stack.apiUrl}/admin/queues/api/queues`, { cookie: 'cg_admin=9999999999.AAAA' })).status).toBe(401);
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
