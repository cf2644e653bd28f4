import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';
import { attempt, browserSignedIn, completedDraft, bearer, type Party } from './support.js';

// Signing out ends the session on the server: the old cookie, replayed (a shared computer, a stolen
// cookie), answers as signed out on every API process at once, not until it would have expired.
// A session lasts SESSION_TTL_HOURS from its sign-in, which its cookie says too.

const KEY_A = `sessions-key-a-${randomBytes(12).toString('hex')}`;
const KEY_B = `sessions-key-b-${randomBytes(12).toString('hex')}`;
const SESSION_SECRET = 'sessions-session-secret-0123456789abcdef-0123';

/** Signs out through the page's form, as the browser whose cookie `party` holds. */
async function signOut(baseUrl: string, party: Party): Promise<number> {
  const response = await fetch(`${baseUrl}/logout`, {
    method: 'POST',
    headers: { ...party, 'content-type': 'application/x-www-form-urlencoded' },
    body: '',
    redirect: 'manual',
  });
  await response.arrayBuffer();
  return response.status;
}

describe('sessions end at sign-out, on every API process', () => {
  let stack: Stack;
  let id = '';
  beforeAll(async () => {
    stack = await startStack({
      apis: 2,
      tokensPerSec: 400,
      env: { API_KEYS: `${KEY_A},${KEY_B}`, SESSION_SECRET, SESSION_TTL_HOURS: '12' },
    });
    id = await completedDraft(stack.apiUrl, bearer(KEY_A), { prompt: 'Plans of A [[sim:tps=400]]', template: 'nda' });
  });
  afterAll(() => stack.close());

  const [one, two] = [() => stack.apiUrls[0]!, () => stack.apiUrls[1]!];
  const table = (party: Party) =>
    [
      ['read', two(), party, 'GET', `/api/generations/${id}`],
      ['list', two(), party, 'GET', '/api/generations'],
      ['events', two(), party, 'GET', `/api/generations/${id}/events?after=0`],
      ['command', two(), { ...party, origin: two() }, 'POST', `/api/generations/${id}/cancel`],
      ['page', one(), party, 'GET', `/generations/${id}`],
      ['home', two(), party, 'GET', '/'],
    ] as const;
  const answers = async (party: Party) => {
    const out = [];
    for (const [what, base, headers, method, path] of table(party))
      out.push([what, (await attempt(base, headers, method, path, method === 'POST' ? {} : undefined)).status]);
    return out;
  };

  it('serves a signed-in cookie on either process, then nothing once signed out on one', async () => {
    const browser = await browserSignedIn(one(), KEY_A);
    expect(await answers(browser)).toEqual([
      ['read', 200],
      ['list', 200],
      ['events', 200],
      ['command', 409], // completed: hers to ask, too late to cancel
      ['page', 200],
      ['home', 200],
    ]);
    expect(await signOut(one(), browser)).toBe(303);
    // The same cookie, replayed after the sign-out, on the other process as on this one.
    expect(await answers(browser)).toEqual([
      ['read', 401],
      ['list', 401],
      ['events', 401],
      ['command', 401],
      ['page', 303],
      ['home', 303],
    ]);
    const page = await attempt(two(), browser, 'GET', `/generations/${id}`);
    expect(page.headers.get('location')).toMatch(/^\/login/);
    // Other sessions of the same key are not touched.
    const other = await browserSignedIn(two(), KEY_A);
    expect((await attempt(one(), other, 'GET', `/api/generations/${id}`)).status).toBe(200);
  });

  it('ends the session a new sign-in replaces, and says how long a session lasts', async () => {
    const first = await browserSignedIn(one(), KEY_A);
    const response = await fetch(`${two()}/login`, {
      method: 'POST',
      headers: { ...first, origin: two(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key: KEY_B }),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/Max-Age=43200/);
    expect(cookie).toMatch(/HttpOnly/);
    expect((await attempt(one(), first, 'GET', '/api/generations')).status).toBe(401);
    const second = { cookie: cookie.split(';')[0] ?? '', origin: two() };
    expect((await attempt(one(), second, 'GET', `/api/generations/${id}`)).status).toBe(404); // B's session
  });

  it('refuses forged and altered session cookies', async () => {
    const browser = await browserSignedIn(one(), KEY_A);
    const token = (browser.cookie ?? '').replace(/^cg_session=/, '');
    const [version, kind, subject, expires, mac] = token.split('.') as [string, string, string, string, string];
    const forged = [
      `${version}.${kind}.${'A'.repeat(22)}.${expires}.${mac}`,
      `${version}.${kind}.${subject}.${Number(expires) + 3600}.${mac}`,
      `${version}.a.${subject}.${expires}.${mac}`,
      `${version}.${kind}.${subject}.${expires}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`,
    ];
    for (const t of forged) {
      expect((await attempt(two(), { cookie: `cg_session=${t}` }, 'GET', '/api/generations')).status, t).toBe(401);
    }
  });
});

describe('a removed key ends its sessions', () => {
  it('answers its old cookie as signed out once the key is no longer configured', async () => {
    const before = await startStack({ workers: 0, env: { API_KEYS: `${KEY_A},${KEY_B}`, SESSION_SECRET } });
    let browser: Party;
    try {
      browser = await browserSignedIn(before.apiUrl, KEY_B);
      expect((await attempt(before.apiUrl, browser, 'GET', '/api/generations')).status).toBe(200);
    } finally {
      await before.close();
    }
    const after = await startStack({ workers: 0, env: { API_KEYS: KEY_A, SESSION_SECRET } });
    try {
      expect((await attempt(after.apiUrl, browser, 'GET', '/api/generations')).status).toBe(401);
    } finally {
      await after.close();
    }
  });
});
