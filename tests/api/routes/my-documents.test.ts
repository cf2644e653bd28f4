import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { sql } from 'drizzle-orm';
import { connectDatabase } from '../../../src/db/client.js';
import { readEvents } from '../../support/sse-client.js';
import { getJson, postJson, startStack, testConfig, type Stack } from '../../support/stack.js';
import { waitFor } from '../../webhooks/support.js';

// My documents: the owner's list (names, search by name and by text, pages), renaming, and deleting a
// draft everywhere. Each test makes drafts with keys of its own, so lists hold only its drafts.

const newKey = () => `docs-key-${randomBytes(10).toString('hex')}`;
const KEYS = Array.from({ length: 5 }, newKey);
const [KEY_A, KEY_B, KEY_C, KEY_D, KEY_E] = KEYS as [string, string, string, string, string];
const auth = (key: string) => ({ authorization: `Bearer ${key}` });

let stack: Stack;
const database = connectDatabase(testConfig().DATABASE_URL, { max: 2, name: 'test-my-documents' });
const redis = new Redis(testConfig().REDIS_URL);
beforeAll(async () => {
  stack = await startStack({
    tokensPerSec: 4000,
    env: { API_KEYS: KEYS.join(','), STREAM_FRAME_MS: '0', RATE_LIMIT_PER_MIN: '0', SESSION_SECRET: 's'.repeat(40) },
  });
});
afterAll(async () => {
  await stack.close();
  await database.close();
  redis.disconnect();
});

const api = (path: string) => `${stack.apiUrl}/api/generations${path}`;
const send = async (method: string, path: string, key: string, body?: unknown) => {
  const response = await fetch(api(path), {
    method,
    headers: { ...auth(key), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
};
const create = async (key: string, request: Record<string, unknown>) => {
  const created = await postJson(api(''), request, auth(key));
  expect(created.status).toBe(202);
  return created.body.id as string;
};
const finished = async (key: string, request: Record<string, unknown>) => {
  const id = await create(key, request);
  await waitFor('completed', async () => (await getJson(api(`/${id}`), auth(key))).body.status === 'completed');
  return id;
};
const listed = async (key: string, query = '') =>
  (await getJson(api(`?limit=100${query}`), auth(key))).body as {
    generations: { id: string; name: string }[];
    nextCursor?: string;
  };

describe('my documents', () => {
  it('names a draft after its document and business, and renames it (validated, capped)', async () => {
    const id = await create(KEY_A, {
      template: 'privacy-policy',
      language: 'fr',
      details: { legalName: 'Acme SAS' },
    });
    expect((await getJson(api(`/${id}`), auth(KEY_A))).body.name).toBe('Politique de confidentialité — Acme SAS');
    expect((await listed(KEY_A)).generations.find((g) => g.id === id)?.name).toBe(
      'Politique de confidentialité — Acme SAS',
    );

    const renamed = await send('PATCH', `/${id}`, KEY_A, { name: '  Our\tprivacy \n policy\u202E ' });
    expect(renamed).toEqual({ status: 200, body: { id, name: 'Our privacy policy' } });
    expect((await getJson(api(`/${id}`), auth(KEY_A))).body.name).toBe('Our privacy policy');

    // Refused, and nothing changed: empty, too long, unstorable, not a string, unknown fields, another owner.
    for (const body of [
      { name: ' ' },
      { name: 'x'.repeat(121) },
      { name: 'a\u0000b' },
      { name: 7 },
      { name: 'n', id },
      {},
    ])
      expect((await send('PATCH', `/${id}`, KEY_A, body)).status, JSON.stringify(body)).toBe(400);
    expect((await send('PATCH', `/${id}`, KEY_A, 'not json')).body.error.code).toBe('invalid_json');
    expect((await send('PATCH', `/${id}`, KEY_B, { name: 'Mine now' })).status).toBe(404);
    expect((await send('PATCH', `/${id}`, KEY_A, { name: 'x'.repeat(120) })).status).toBe(200);
  });

  it('searches by name (words or any part) and by the sections’ text, the caller’s own drafts only', async () => {
    const zebra = await finished(KEY_B, { prompt: 'A zoo shop', template: 'nda' });
    const other = await finished(KEY_B, { prompt: 'A bakery', template: 'terms-of-service' });
    const elsewhere = await finished(KEY_A, { prompt: 'A zoo too', template: 'nda' });
    expect((await send('PATCH', `/${zebra}`, KEY_B, { name: 'Zebra crossing project' })).status).toBe(200);
    expect((await send('PATCH', `/${elsewhere}`, KEY_A, { name: 'Zebra crossing project' })).status).toBe(200);
    // A word only one draft's text holds: an edit puts it there.
    const word = `quokka${randomBytes(4).toString('hex')}`;
    const edit = await fetch(api(`/${other}/sections/2`), {
      method: 'PUT',
      headers: { ...auth(KEY_B), 'content-type': 'application/json' },
      body: JSON.stringify({ content: `The **${word}** clause applies.`, baseVersion: 1 }),
    });
    expect(edit.status).toBe(200);

    const ids = async (q: string) => (await listed(KEY_B, `&q=${encodeURIComponent(q)}`)).generations.map((g) => g.id);
    expect(await ids('zebra')).toEqual([zebra]);
    expect(await ids('CROSSING project')).toEqual([zebra]);
    expect(await ids('ebra cross')).toEqual([zebra]);
    expect(await ids(word)).toEqual([other]);
    expect(await ids(`${word} -clause`)).toEqual([]);
    // A word of the generated text: found in the caller's drafts only, never the other owner's.
    const text = (await getJson(api(`/${zebra}`), auth(KEY_B))).body.sections[0].content as string;
    const generated = text.match(/\p{L}{8,}/u)![0];
    expect(await ids(generated)).toContain(zebra);
    expect(await ids(generated)).not.toContain(elsewhere);
    expect(await ids('nothing-like-this-anywhere')).toEqual([]);
    expect(await ids('%')).toEqual([]);
    expect((await listed(KEY_A, `&q=${word}`)).generations).toEqual([]);
    expect((await getJson(api(`?q=${'x'.repeat(201)}`), auth(KEY_B))).body.error.code).toBe('invalid_request');
  });

  it('pages with a cursor, newest first, none twice, none left out', async () => {
    const made: string[] = [];
    for (let n = 0; n < 5; n++) made.push(await create(KEY_C, { prompt: `Paged draft ${n}` }));
    const seen: string[] = [];
    let cursor: string | undefined;
    const sizes: number[] = [];
    do {
      const page = await getJson(api(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`), auth(KEY_C));
      expect(page.status).toBe(200);
      sizes.push(page.body.generations.length);
      seen.push(...page.body.generations.map((g: { id: string }) => g.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual([...made].reverse());
    for (const bad of ['x', 'bm90IG91cnM', 'a'.repeat(300)])
      expect((await getJson(api(`?cursor=${bad}`), auth(KEY_C))).body.error.code, bad).toMatch(
        /^invalid_(cursor|request)$/,
      );
    // A cookie-less caller still lists nothing.
    expect((await getJson(api('?limit=100'))).status).toBe(401);
  });

  it('refuses to delete while a run or a review is going on, and another owner’s (404)', async () => {
    const slow = await create(KEY_D, { prompt: 'A slow one [[sim:tps=40]]', template: 'nda' });
    const busy = await send('DELETE', `/${slow}`, KEY_D);
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('conflict');
    expect((await send('DELETE', `/${slow}`, KEY_E)).status).toBe(404);
    expect((await postJson(api(`/${slow}/cancel`), {}, auth(KEY_D))).status).toBe(200);
    expect((await send('DELETE', `/${slow}`, KEY_E)).status).toBe(404);
    expect((await getJson(api(`/${slow}`), auth(KEY_D))).status).toBe(200);
    expect((await send('DELETE', `/${slow}`, KEY_D)).status).toBe(204);
    expect((await send('DELETE', `/${slow}`, KEY_D)).status).toBe(404);
  });

  it('deletes a draft everywhere: every route answers 404, and Postgres and Redis hold nothing of it', async () => {
    const id = await finished(KEY_E, {
      prompt: 'A photo-sharing app',
      template: 'terms-of-service',
      details: { tradingName: 'Snapify', governingCountry: 'France' },
    });
    const headers = auth(KEY_E);
    // Everything a draft can have: versions (an edit), suggestions, a share link, model-call rows.
    const edit = await fetch(api(`/${id}/sections/1`), {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'Edited text.', baseVersion: 1 }),
    });
    expect(edit.status).toBe(200);
    const share = await postJson(api(`/${id}/share`), {}, headers);
    expect(share.status).toBe(201);
    expect((await postJson(api(`/${id}/suggestions`), {}, headers)).status).toBe(202);
    // A review being written: refused until it is done.
    const during = await send('DELETE', `/${id}`, KEY_E);
    expect([204, 409]).toContain(during.status);
    if (during.status === 409) {
      await waitFor('the review done', async () => {
        const log = await readEvents(api(`/${id}/events?after=0`), { headers });
        return log.events.some((e) => e.event === 'suggestions_end');
      });
      await waitFor('the review job gone', async () => (await send('DELETE', `/${id}`, KEY_E)).status === 204);
    }
    expect((await fetch(`${stack.apiUrl}${share.body.url}/generation`)).status).toBe(404);

    const g = `/api/generations/${id}`;
    const routes: [string, string, unknown?][] = [
      ['GET', g],
      ['GET', `${g}/events?after=0`],
      ['GET', `${g}/events?after=0&follow=1`],
      ['GET', `${g}/document.md`],
      ['GET', `${g}/document.docx`],
      ['GET', `${g}/sections/1/versions`],
      ['GET', `${g}/sections/1/versions/1`],
      ['GET', `${g}/sections/1/versions/latest`],
      ['GET', `${g}/sections/1/versions/1/diff/2`],
      ['GET', `${g}/suggestions`],
      ['POST', `${g}/suggestions`, {}],
      ['POST', `${g}/cancel`, {}],
      ['POST', `${g}/pause`, {}],
      ['POST', `${g}/resume`, {}],
      ['POST', `${g}/continue`, {}],
      ['POST', `${g}/sections/1/regenerate`, {}],
      ['POST', `${g}/sections/1/versions/1/restore`, {}],
      ['PUT', `${g}/sections/1`, { content: 'Back again', baseVersion: 2 }],
      ['POST', `${g}/share`, {}],
      ['DELETE', `${g}/share`],
      ['PATCH', g, { name: 'Back again' }],
      ['DELETE', g],
    ];
    const answers: [string, string, number][] = [];
    for (const [method, path, body] of routes) {
      const response = await fetch(`${stack.apiUrl}${path}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      await response.arrayBuffer();
      answers.push([method, path, response.status]);
    }
    expect(answers).toEqual(routes.map(([method, path]) => [method, path, 404]));
    expect((await listed(KEY_E)).generations.map((x) => x.id)).not.toContain(id);

    const counts = await database.db.execute(sql`
      select
        (select count(*) from generations where id = ${id})::int as generations,
        (select count(*) from sections where generation_id = ${id})::int as sections,
        (select count(*) from section_versions where generation_id = ${id})::int as versions,
        (select count(*) from suggestions where generation_id = ${id})::int as suggestions,
        (select count(*) from shares where generation_id = ${id})::int as shares,
        (select count(*) from model_calls where generation_id = ${id})::int as model_calls,
        (select count(*) from batch_generations where generation_id = ${id})::int as batches`);
    expect(counts[0]).toEqual({
      generations: 0,
      sections: 0,
      versions: 0,
      suggestions: 0,
      shares: 0,
      model_calls: 0,
      batches: 0,
    });
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `*${id}*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    expect(keys).toEqual([]);
  });

  it('makes a deleted draft’s share link answer 404', async () => {
    const id = await finished(KEY_A, { prompt: 'A shared one', template: 'nda' });
    const share = await postJson(api(`/${id}/share`), {}, auth(KEY_A));
    expect(share.status).toBe(201);
    const link = `${stack.apiUrl}${share.body.url}`;
    expect((await fetch(link)).status).toBe(200);
    expect((await send('DELETE', `/${id}`, KEY_A)).status).toBe(204);
    for (const path of ['', '/generation', '/events?after=0', '/document.md', '/document.docx', '/sections/1'])
      expect((await fetch(`${link}${path}`)).status, path).toBe(404);
  });
});

describe('my documents without API keys', () => {
  let open: Stack;
  beforeAll(async () => {
    open = await startStack({ tokensPerSec: 4000, env: { STREAM_FRAME_MS: '0' } });
  });
  afterAll(() => open.close());

  it('deletes a draft made without a credential: its event stream, known to the process, answers 404 after', async () => {
    const created = await postJson(`${open.apiUrl}/api/generations`, { prompt: 'A curl draft', template: 'nda' });
    const id = created.body.id as string;
    await waitFor(
      'completed',
      async () => (await getJson(`${open.apiUrl}/api/generations/${id}`)).body.status === 'completed',
    );
    // Read once, so the process knows the draft's owner (src/api/draft-owners.ts).
    const before = await readEvents(`${open.apiUrl}/api/generations/${id}/events?after=0`);
    expect(before.events.at(-1)?.event).toBe('done');
    // Nobody lists it, whoever may delete it (whoever holds its id, as every command of such a draft).
    expect((await getJson(`${open.apiUrl}/api/generations?limit=100`)).body.generations).toEqual([]);
    expect((await fetch(`${open.apiUrl}/api/generations/${id}`, { method: 'DELETE' })).status).toBe(204);
    for (const path of ['', '/events?after=0', '/events?after=0&follow=1', '/document.md', '/sections/1/versions'])
      expect((await fetch(`${open.apiUrl}/api/generations/${id}${path}`)).status, path).toBe(404);
    expect((await fetch(`${open.apiUrl}/generations/${id}`)).status).toBe(404);
  });
});
