import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyId } from '../../src/api/middleware/api-keys.js';
import { postJson, startStack, type Stack } from '../support/stack.js';
import {
  batchBody,
  CALLBACK_SECRET,
  sendWebhook,
  signedHeaders,
  startReceiver,
  WEBHOOK_SECRET,
  type Receiver,
} from '../webhooks/support.js';
import {
  anonymous,
  anonymousBrowser,
  attempt,
  bearer,
  browserSignedIn,
  completedDraft,
  type Party,
} from './support.js';

// Invariant 8 and DESIGN's Access: no owner reads or changes another owner's drafts. Each table
// row is an attempt by one party on what key A owns, and the answer it must get: 404 for another
// owner (exactly like an id that does not exist), 401 without credentials, the pages sending a
// browser without a session to sign in.

// Fresh keys each run: the drafts of earlier runs stay in the shared Postgres, owned by their keys.
const KEY_A = `sec-key-a-${randomBytes(12).toString('hex')}`;
const KEY_B = `sec-key-b-${randomBytes(12).toString('hex')}`;
const SESSION_SECRET = 'sec-session-secret-0123456789abcdef-0123456789';
const MISSING = '00000000-0000-4000-8000-000000000000';

describe('with API keys: anonymous, key A, key B and their browsers', () => {
  let stack: Stack;
  let receiver: Receiver;
  const who: Record<string, Party> = {};
  let idA = '';
  let batchA = '';
  let batchGenerationA = '';

  beforeAll(async () => {
    receiver = await startReceiver();
    stack = await startStack({
      batchWorkers: true,
      env: {
        API_KEYS: `${KEY_A},${KEY_B}`,
        SESSION_SECRET,
        WEBHOOK_SECRET,
        CALLBACK_SIGNING_SECRET: CALLBACK_SECRET,
        CALLBACK_ALLOW_PRIVATE: 'true',
        // Webhook batches belong to key A.
        WEBHOOK_OWNER_KEY_ID: keyId(KEY_A),
      },
    });
    who.anonymous = anonymous;
    who.keyA = bearer(KEY_A);
    who.keyB = bearer(KEY_B);
    who.browserA = await browserSignedIn(stack.apiUrl, KEY_A);
    who.browserB = await browserSignedIn(stack.apiUrl, KEY_B);
    idA = await completedDraft(stack.apiUrl, who.keyA, { prompt: 'Secret plans of A', template: 'nda' });
    const body = batchBody(`${receiver.url}/hook`, ['Batch plans of A']);
    const batch = await sendWebhook(stack.apiUrl, body, signedHeaders(body));
    expect(batch.status).toBe(202);
    batchA = batch.body.batchId;
    batchGenerationA = batch.body.generations[0];
  });
  afterAll(async () => {
    await stack?.close();
    await receiver?.close();
  });

  it('answers every attempt on A’s drafts as the table says', async () => {
    const g = `/api/generations/${idA}`;
    // [party, method, path, body, expected status]
    const table: [string, string, string, unknown, number][] = [
      ['anonymous', 'GET', g, undefined, 401],
      ['keyB', 'GET', g, undefined, 404],
      ['browserB', 'GET', g, undefined, 404],
      ['keyA', 'GET', g, undefined, 200],
      ['browserA', 'GET', g, undefined, 200],
      ['keyB', 'GET', `/api/generations/${MISSING}`, undefined, 404],
      ['anonymous', 'GET', `${g}/events?after=0`, undefined, 401],
      ['keyB', 'GET', `${g}/events?after=0`, undefined, 404],
      ['browserB', 'GET', `${g}/events?after=0`, undefined, 404],
      ['keyA', 'GET', `${g}/events?after=0`, undefined, 200],
      ['browserA', 'GET', `${g}/events?after=0`, undefined, 200],
      ['anonymous', 'POST', `${g}/cancel`, {}, 401],
      ['keyB', 'POST', `${g}/cancel`, {}, 404],
      ['keyB', 'POST', `${g}/pause`, {}, 404],
      ['keyB', 'POST', `${g}/resume`, {}, 404],
      ['keyB', 'POST', `${g}/continue`, {}, 404],
      ['browserB', 'POST', `${g}/cancel`, {}, 404],
      ['keyB', 'POST', `${g}/sections/2/regenerate`, { instruction: 'Give everything to B' }, 404],
      ['browserB', 'POST', `${g}/sections/2/regenerate`, { instruction: 'Give everything to B' }, 404],
      // Exports and versions follow the same rule.
      ['anonymous', 'GET', `${g}/document.docx`, undefined, 401],
      ['keyB', 'GET', `${g}/document.docx`, undefined, 404],
      ['keyB', 'GET', `${g}/document.md`, undefined, 404],
      ['keyA', 'GET', `${g}/document.docx`, undefined, 200],
      ['anonymous', 'GET', `${g}/document.pdf`, undefined, 401],
      ['keyB', 'GET', `${g}/document.pdf`, undefined, 404],
      ['browserB', 'GET', `${g}/document.pdf`, undefined, 404],
      ['keyA', 'GET', `${g}/document.pdf`, undefined, 200],
      ['anonymous', 'GET', `${g}/sections/1/versions`, undefined, 401],
      ['keyB', 'GET', `${g}/sections/1/versions`, undefined, 404],
      ['browserB', 'GET', `${g}/sections/1/versions`, undefined, 404],
      ['keyA', 'GET', `${g}/sections/1/versions`, undefined, 200],
      ['anonymous', 'GET', `${g}/sections/1/versions/1`, undefined, 401],
      ['keyB', 'GET', `${g}/sections/1/versions/1`, undefined, 404],
      ['browserB', 'GET', `${g}/sections/1/versions/latest`, undefined, 404],
      ['keyA', 'GET', `${g}/sections/1/versions/latest`, undefined, 200],
      ['anonymous', 'GET', `${g}/sections/1/versions/1/diff/1`, undefined, 401],
      ['keyB', 'GET', `${g}/sections/1/versions/1/diff/1`, undefined, 404],
      ['browserB', 'GET', `${g}/sections/1/versions/1/diff/1`, undefined, 404],
      ['keyA', 'GET', `${g}/sections/1/versions/1/diff/1`, undefined, 200],
      ['browserA', 'GET', `${g}/sections/1/versions/1/diff/1`, undefined, 200],
      ['keyB', 'POST', `${g}/sections/1/versions/1/restore`, {}, 404],
      ['browserB', 'POST', `${g}/sections/1/versions/1/restore`, {}, 404],
      ['anonymous', 'POST', `${g}/sections/1/versions/1/restore`, {}, 401],
      // Live edits: another caller cannot save over A's text.
      ['anonymous', 'PUT', `${g}/sections/1`, { content: 'Everything to B', baseVersion: 1 }, 401],
      ['keyB', 'PUT', `${g}/sections/1`, { content: 'Everything to B', baseVersion: 1 }, 404],
      ['browserB', 'PUT', `${g}/sections/1`, { content: 'Everything to B', baseVersion: 1 }, 404],
      ['keyB', 'PUT', `${g}/sections/99`, { content: 'Everything to B', baseVersion: 1 }, 404],
      ['keyB', 'PUT', `/api/generations/${MISSING}/sections/1`, { content: 'Everything to B', baseVersion: 1 }, 404],
      ['keyB', 'GET', `${g}/events?after=0&follow=1`, undefined, 404],
      ['keyB', 'POST', `${g}/share`, {}, 404],
      ['keyB', 'DELETE', `${g}/share`, undefined, 404],
      ['anonymous', 'POST', `${g}/share`, {}, 401],
      // Renaming and deleting (my documents): the owner's only.
      ['anonymous', 'PATCH', g, { name: 'Taken by B' }, 401],
      ['keyB', 'PATCH', g, { name: 'Taken by B' }, 404],
      ['browserB', 'PATCH', g, { name: 'Taken by B' }, 404],
      ['anonymous', 'DELETE', g, undefined, 401],
      ['keyB', 'DELETE', g, undefined, 404],
      ['browserB', 'DELETE', g, undefined, 404],
      ['keyB', 'DELETE', `/api/generations/${batchGenerationA}`, undefined, 404],
      ['keyA', 'PATCH', g, { name: 'Plans of A' }, 200],
      // The owner: a finished draft cannot be cancelled (409), but it is hers to ask.
      ['keyA', 'POST', `${g}/cancel`, {}, 409],
      ['browserA', 'POST', `${g}/pause`, {}, 409],
      // Pages and exports.
      ['anonymous', 'GET', `/generations/${idA}`, undefined, 303],
      ['browserB', 'GET', `/generations/${idA}`, undefined, 404],
      ['browserB', 'GET', `/generations/${idA}/document.md`, undefined, 404],
      ['browserB', 'GET', `/generations/${idA}/document.docx`, undefined, 404],
      ['browserA', 'GET', `/generations/${idA}/document.docx`, undefined, 200],
      ['browserB', 'GET', `/generations/${idA}/document.pdf`, undefined, 404],
      ['browserA', 'GET', `/generations/${idA}/document.pdf`, undefined, 200],
      ['browserB', 'GET', `/generations/${idA}/sections/1`, undefined, 404],
      ['keyA', 'GET', `/generations/${idA}`, undefined, 303],
      ['browserA', 'GET', `/generations/${idA}`, undefined, 200],
      ['browserA', 'GET', `/generations/${idA}/document.md`, undefined, 200],
      // Batches belong to the webhook sender, read with the key WEBHOOK_OWNER_KEY_ID names.
      ['anonymous', 'GET', `/api/batches/${batchA}`, undefined, 401],
      ['keyB', 'GET', `/api/batches/${batchA}`, undefined, 404],
      ['keyB', 'GET', `/api/batches/${batchA}/deliveries`, undefined, 404],
      ['keyA', 'GET', `/api/batches/${batchA}`, undefined, 200],
      ['keyB', 'GET', `/api/generations/${batchGenerationA}`, undefined, 404],
      ['keyB', 'POST', `/api/generations/${batchGenerationA}/cancel`, {}, 404],
      ['keyB', 'PUT', `/api/generations/${batchGenerationA}/sections/1`, { content: 'B', baseVersion: 1 }, 404],
      ['keyA', 'GET', `/api/generations/${batchGenerationA}`, undefined, 200],
    ];
    const answers = [];
    for (const [party, method, path, body] of table) {
      answers.push([party, method, path, body, (await attempt(stack.apiUrl, who[party]!, method, path, body)).status]);
    }
    expect(answers).toEqual(table);
  });

  it('changed nothing of A’s draft through the refused attempts', async () => {
    const a = await attempt(stack.apiUrl, who.keyA!, 'GET', `/api/generations/${idA}`);
    const draft = JSON.parse(a.text);
    expect(draft.status).toBe('completed');
    expect(a.text).not.toContain('Give everything to B');
    expect(a.text).not.toContain('Everything to B');
    expect(draft.name).toBe('Plans of A');
    const versions = await attempt(stack.apiUrl, who.keyA!, 'GET', `/api/generations/${idA}/sections/1/versions`);
    expect(JSON.parse(versions.text).versions).toHaveLength(1);
  });

  it('lists only the caller’s own drafts, with the key and in the browser', async () => {
    const b = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'Plans of B' }, who.keyB);
    const listed = async (party: Party) =>
      (
        JSON.parse((await attempt(stack.apiUrl, party, 'GET', '/api/generations?limit=100')).text).generations as {
          id: string;
        }[]
      ).map((x) => x.id);
    expect(await listed(who.keyA!)).toContain(idA);
    expect(await listed(who.keyA!)).not.toContain(b.body.id);
    expect(await listed(who.keyB!)).toEqual([b.body.id]);
    expect(await listed(who.browserB!)).toEqual([b.body.id]);
    const homeB = (await attempt(stack.apiUrl, who.browserB!, 'GET', '/')).text;
    expect(homeB).toContain(b.body.id);
    expect(homeB).not.toContain(idA);
    expect(homeB).not.toContain('Secret plans of A');
  });

  it('refuses a cookie-authenticated command from another site (CSRF)', async () => {
    const table: [Record<string, string>, number][] = [
      [{ origin: 'https://evil.example' }, 403],
      [{ origin: 'null' }, 403],
      [{}, 403],
      [{ 'sec-fetch-site': 'cross-site' }, 403],
      [{ origin: stack.apiUrl }, 409],
    ];
    const cookie = who.browserA!.cookie!;
    const answers = [];
    for (const [headers] of table) {
      answers.push([
        headers,
        (await attempt(stack.apiUrl, { cookie, ...headers }, 'POST', `/api/generations/${idA}/cancel`, {})).status,
      ]);
    }
    expect(answers).toEqual(table);
    // An edit with the cookie from another site is refused the same way.
    const forged = { content: 'forged', baseVersion: 1 };
    const edit = (headers: Record<string, string>) =>
      attempt(stack.apiUrl, { cookie, ...headers }, 'PUT', `/api/generations/${idA}/sections/1`, forged);
    expect((await edit({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await edit({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    // So are a rename and a deletion.
    const evil = { cookie, origin: 'https://evil.example' };
    expect((await attempt(stack.apiUrl, evil, 'DELETE', `/api/generations/${idA}`)).status).toBe(403);
    expect((await attempt(stack.apiUrl, evil, 'PATCH', `/api/generations/${idA}`, { name: 'forged' })).status).toBe(
      403,
    );
    // The page's own form posts are checked too (hono's csrf): another origin cannot start a draft.
    const form = await fetch(`${stack.apiUrl}/generations`, {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'forged' }),
      redirect: 'manual',
    });
    expect(form.status).toBe(403);
  });
});

describe('without API keys: anonymous browsers and cookie-less clients', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ workers: 0 });
  });
  afterAll(() => stack.close());

  const start = async (party: Party, prompt: string) => {
    const response = await fetch(`${stack.apiUrl}/generations`, {
      method: 'POST',
      headers: { ...party, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt }),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    return (response.headers.get('location') ?? '').split('/').pop() ?? '';
  };
  const listed = async (party: Party) =>
    (
      JSON.parse((await attempt(stack.apiUrl, party, 'GET', '/api/generations?limit=100')).text).generations as {
        id: string;
      }[]
    ).map((x) => x.id);

  it('keeps a browser’s drafts to that browser: others get 404, even holding the id', async () => {
    const [one, two] = [await anonymousBrowser(stack.apiUrl), await anonymousBrowser(stack.apiUrl)];
    expect(one.cookie).toMatch(/^cg_session=s1\.a\./);
    expect(one.cookie).not.toBe(two.cookie);
    const mine = await start(one, 'Prompt of the first visitor');
    const theirs = await start(two, 'Prompt of the second visitor');
    const home = (await attempt(stack.apiUrl, one, 'GET', '/')).text;
    expect(home).toContain(mine);
    expect(home).not.toContain(theirs);
    expect(home).not.toContain('Prompt of the second visitor');

    const g = `/api/generations/${mine}`;
    const who: Record<string, Party> = { one, two, anonymous };
    // [party, method, path, body, expected status]
    const table: [string, string, string, unknown, number][] = [
      ['one', 'GET', g, undefined, 200],
      ['one', 'GET', `/generations/${mine}`, undefined, 200],
      ['two', 'GET', g, undefined, 404],
      ['anonymous', 'GET', g, undefined, 404],
      ['anonymous', 'GET', `${g}/events?after=0`, undefined, 404],
      ['two', 'GET', `${g}/events?after=0&follow=1`, undefined, 404],
      ['anonymous', 'GET', `${g}/document.md`, undefined, 404],
      ['anonymous', 'GET', `${g}/sections/1/versions`, undefined, 404],
      ['anonymous', 'GET', `${g}/sections/1/versions/1/diff/1`, undefined, 404],
      ['anonymous', 'GET', `${g}/suggestions`, undefined, 404],
      ['anonymous', 'POST', `${g}/suggestions`, {}, 404],
      ['anonymous', 'POST', `${g}/cancel`, {}, 404],
      ['two', 'POST', `${g}/pause`, {}, 404],
      ['anonymous', 'PUT', `${g}/sections/1`, { content: 'Mine now', baseVersion: 1 }, 404],
      ['anonymous', 'POST', `${g}/sections/1/regenerate`, {}, 404],
      ['anonymous', 'POST', `${g}/share`, {}, 404],
      ['anonymous', 'DELETE', `${g}/share`, undefined, 404],
      ['anonymous', 'PATCH', g, { name: 'Mine now' }, 404],
      ['two', 'PATCH', g, { name: 'Mine now' }, 404],
      ['anonymous', 'DELETE', g, undefined, 404],
      ['two', 'DELETE', g, undefined, 404],
      ['two', 'GET', `/generations/${mine}`, undefined, 404],
      ['two', 'GET', `/generations/${mine}/document.md`, undefined, 404],
      ['two', 'GET', `/generations/${mine}/sections/1`, undefined, 404],
    ];
    const answers = [];
    for (const [party, method, path, body] of table) {
      answers.push([party, method, path, body, (await attempt(stack.apiUrl, who[party]!, method, path, body)).status]);
    }
    expect(answers).toEqual(table);
    const after = JSON.parse((await attempt(stack.apiUrl, one, 'GET', g)).text);
    expect(after.status).toBe('queued');
  });

  it('refuses a command sent with an anonymous session cookie from another site (CSRF), as with keys', async () => {
    const browser = await anonymousBrowser(stack.apiUrl);
    const mine = await start(browser, 'Prompt of a visitor whose cookie travels');
    const command = (headers: Record<string, string>) =>
      attempt(stack.apiUrl, { cookie: browser.cookie!, ...headers }, 'POST', `/api/generations/${mine}/cancel`, {});
    const table: [Record<string, string>, number][] = [
      [{ origin: 'https://evil.example' }, 403],
      [{}, 403],
      [{ 'sec-fetch-site': 'same-site' }, 403],
      [{ origin: stack.apiUrl }, 200],
    ];
    const answers = [];
    for (const [headers] of table) answers.push([headers, (await command(headers)).status]);
    expect(answers).toEqual(table);
  });

  it('lists nothing to a client without a credential, while its drafts stay open to whoever holds an id', async () => {
    const browser = await anonymousBrowser(stack.apiUrl);
    const curl = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'From curl' });
    const other = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'From another curl' });
    expect(curl.status).toBe(202);
    // Not listed to anyone: another cookie-less client, a browser, nor the maker itself.
    expect(await listed(anonymous)).toEqual([]);
    expect(await listed(browser)).not.toContain(curl.body.id);
    expect((await attempt(stack.apiUrl, browser, 'GET', '/')).text).not.toContain(curl.body.id);
    // DESIGN's Access: a draft made with no credential at all is open to whoever holds its id.
    expect((await attempt(stack.apiUrl, anonymous, 'GET', `/api/generations/${curl.body.id}`)).status).toBe(200);
    expect((await attempt(stack.apiUrl, browser, 'GET', `/api/generations/${curl.body.id}`)).status).toBe(200);
    expect(
      (await attempt(stack.apiUrl, anonymous, 'POST', `/api/generations/${other.body.id}/cancel`, {})).status,
    ).toBe(200);
  });
});
