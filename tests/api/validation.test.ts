import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/views/i18n/en.js';
import { startStack, type Stack } from '../support/stack.js';
import { CALLBACK_SECRET, sendWebhook, signedHeaders, WEBHOOK_SECRET } from '../webhooks/support.js';

// Bad input gets a precise 4xx JSON error and changes nothing: no row, no job, no event.

let stack: Stack;
beforeAll(async () => {
  // No workers: anything enqueued by mistake would stay visible in the queue.
  stack = await startStack({
    workers: 0,
    env: {
      PROMPT_MAX_CHARS: '200',
      BODY_LIMIT_BYTES: '2048',
      WEBHOOK_SECRET,
      CALLBACK_SIGNING_SECRET: CALLBACK_SECRET,
      CALLBACK_ALLOW_PRIVATE: 'true',
    },
  });
});
afterAll(() => stack.close());

async function send(
  path: string,
  init: { method?: string; body?: string; type?: string | null; headers?: Record<string, string> },
) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.type !== null) headers['content-type'] = init.type ?? 'application/json';
  const response = await fetch(`${stack.apiUrl}${path}`, { method: init.method ?? 'POST', headers, body: init.body });
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as any };
}

async function counts() {
  const deps = stack.api[0]!;
  const rows = await deps.database.sql<{ n: number }[]>`select count(*)::int as n from generations`;
  const jobs = await deps.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
  return { rows: rows[0]?.n, jobs: Object.values(jobs).reduce((a, b) => a + b, 0) };
}

const id = '3b241101-e2bb-4255-8caf-4136c566a962';
const cases: [string, string, Parameters<typeof send>[1], number, string][] = [
  ['invalid JSON', '/api/generations', { body: '{"prompt": ' }, 400, 'invalid_json'],
  [
    'wrong content type',
    '/api/generations',
    { body: 'prompt=hi', type: 'application/x-www-form-urlencoded' },
    415,
    'unsupported_media_type',
  ],
  ['no content type', '/api/generations', { body: '{"prompt":"hi"}', type: null }, 415, 'unsupported_media_type'],
  ['missing prompt', '/api/generations', { body: '{}' }, 400, 'invalid_request'],
  ['empty prompt', '/api/generations', { body: '{"prompt":"   "}' }, 400, 'invalid_request'],
  ['prompt not a string', '/api/generations', { body: '{"prompt":42}' }, 400, 'invalid_request'],
  [
    'oversized prompt',
    '/api/generations',
    { body: JSON.stringify({ prompt: 'x'.repeat(201) }) },
    400,
    'invalid_request',
  ],
  [
    'body over the limit',
    '/api/generations',
    { body: JSON.stringify({ prompt: 'x', pad: 'y'.repeat(4000) }) },
    413,
    'payload_too_large',
  ],
  ['unknown template', '/api/generations', { body: '{"prompt":"hi","template":"lease"}' }, 400, 'invalid_request'],
  ['unknown mode', '/api/generations', { body: '{"prompt":"hi","mode":"fast"}' }, 400, 'invalid_request'],
  ['unknown field', '/api/generations', { body: '{"prompt":"hi","temperature":2}' }, 400, 'invalid_request'],
  ['body is an array', '/api/generations', { body: '[]' }, 400, 'invalid_request'],
  ['NUL in the prompt', '/api/generations', { body: JSON.stringify({ prompt: 'a\u0000b' }) }, 400, 'invalid_request'],
  [
    'ESC in the prompt',
    '/api/generations',
    { body: JSON.stringify({ prompt: 'red \u001b[31m' }) },
    400,
    'invalid_request',
  ],
  [
    'NUL at the end of the prompt (not trimmed away)',
    '/api/generations',
    { body: JSON.stringify({ prompt: 'hi\u0000' }) },
    400,
    'invalid_request',
  ],
  ['a body nested 33 deep', '/api/generations', { body: `${'['.repeat(33)}${']'.repeat(33)}` }, 400, 'invalid_request'],
  [
    'legacy: NUL in the prompt',
    '/api/contract/tos/stream',
    { body: JSON.stringify({ prompt: '\u0000' }) },
    400,
    'invalid_request',
  ],
  ['legacy: missing prompt', '/api/contract/tos/stream', { body: '{}' }, 400, 'invalid_request'],
  ['legacy: invalid JSON', '/api/contract/tos/stream', { body: 'nope' }, 400, 'invalid_json'],
  ['malformed id', '/api/generations/not-an-id', { method: 'GET' }, 400, 'invalid_id'],
  ['unknown id', `/api/generations/${id}`, { method: 'GET' }, 404, 'not_found'],
  ['events of a malformed id', '/api/generations/123/events', { method: 'GET' }, 400, 'invalid_id'],
  ['events of an unknown id', `/api/generations/${id}/events`, { method: 'GET' }, 404, 'not_found'],
  [
    'bad Last-Event-ID',
    `/api/generations/${id}/events`,
    { method: 'GET', headers: { 'last-event-id': 'abc' } },
    400,
    'invalid_cursor',
  ],
  ['bad after', `/api/generations/${id}/events?after=-1`, { method: 'GET' }, 400, 'invalid_cursor'],
  ['cancel an unknown id', `/api/generations/${id}/cancel`, { body: '{}' }, 404, 'not_found'],
  ['pause a malformed id', '/api/generations/x/pause', { body: '{}' }, 400, 'invalid_id'],
  ['regenerate an unknown id', `/api/generations/${id}/sections/1/regenerate`, { body: '{}' }, 404, 'not_found'],
  ['list with a bad limit', '/api/generations?limit=0', { method: 'GET' }, 400, 'invalid_request'],
  ['unknown route', '/api/nothing-here', { method: 'GET' }, 404, 'not_found'],
];

describe('bad input', () => {
  it.each(cases)('%s → %i %s, nothing stored or enqueued', async (_name, path, init, status, code) => {
    const before = await counts();
    const response = await send(path, init);
    expect(response.status).toBe(status);
    expect(response.type).toMatch(/^application\/json/);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.message).toEqual(expect.any(String));
    expect(await counts()).toEqual(before);
  });

  it('names the field at fault', async () => {
    const response = await send('/api/generations', { body: '{"prompt":"hi","template":"lease"}' });
    expect(response.body.error.message).toMatch(/^template:/);
  });

  it('says which field holds a control character, and takes tab, newline and CRLF', async () => {
    const refused = await send('/api/generations', { body: JSON.stringify({ prompt: 'line\u0007bell' }) });
    expect(refused.body.error.message).toMatch(/^prompt: must not contain control characters/);
    const deep = await send('/api/generations', {
      body: JSON.stringify({ prompt: 'x', nested: JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`) }),
    });
    expect(deep.body.error.message).toMatch(/nests deeper than 32 levels/);
    // A textarea's line breaks arrive as CRLF: they are text, not controls.
    const typed = await send('/api/generations', { body: JSON.stringify({ prompt: 'First line\r\nSecond\tline\n' }) });
    expect(typed.status).toBe(202);
  });

  it('refuses a rewrite instruction holding a NUL, naming the field', async () => {
    const created = await send('/api/generations', { body: '{"prompt":"hi"}' });
    const before = await counts();
    const bad = await send(`/api/generations/${created.body.id}/sections/1/regenerate`, {
      body: JSON.stringify({ instruction: 'x\u0000' }),
    });
    expect(bad).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_request', message: expect.stringMatching(/^instruction:/) } },
    });
    expect(await counts()).toEqual(before);
  });

  it('answers the page form with a NUL in the prompt with a 400 page that says why', async () => {
    const before = await counts();
    const response = await fetch(`${stack.apiUrl}/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.apiUrl },
      body: 'prompt=a%00b&template=nda',
      redirect: 'manual',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    // Said to a person, next to the field (src/views/form-errors.ts).
    const html = await response.text();
    expect(html).toContain(`<p class="field-error" id="prompt-error">${en.errorCharacters}</p>`);
    expect(html).toMatch(/<textarea id="prompt"[^>]*aria-invalid="true"/);
    expect(await counts()).toEqual(before);
  });

  describe('the signed webhook route', () => {
    const batch = (request: Record<string, unknown>) =>
      JSON.stringify({ callbackUrl: 'http://127.0.0.1:9/results', requests: [{ prompt: 'A bakery', ...request }] });
    const batches = async () =>
      (await stack.api[0]!.database.sql<{ n: number }[]>`select count(*)::int as n from batches`)[0]?.n;

    it.each([
      ['a NUL in a prompt', batch({ prompt: 'bad\u0000' }), /^requests\.0\.prompt: must not contain/],
      [
        'a NUL in a metadata value, deep down',
        batch({ metadata: { order: { lines: [{ note: 'x\u0000' }] } } }),
        /^requests\.0\.metadata\.order\.lines\.0\.note: must not/,
      ],
      [
        'a control character in a metadata key',
        batch({ metadata: { customer: { 'k\u0001': 1 } } }),
        /^requests\.0\.metadata\.customer: its keys must not/,
      ],
      [
        'metadata nested 20,000 deep',
        batch({ metadata: 'DEEP' }).replace('"DEEP"', `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`),
        /nests deeper than 32 levels/,
      ],
    ])('refuses %s with 400 naming the field, storing nothing', async (_name, body, message) => {
      const before = { ...(await counts()), batches: await batches() };
      const response = await sendWebhook(stack.apiUrl, body, signedHeaders(body));
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(message) });
      expect({ ...(await counts()), batches: await batches() }).toEqual(before);
    });
  });

  it('refuses to regenerate a section that does not exist or a generation still running', async () => {
    const created = await send('/api/generations', { body: '{"prompt":"hi","template":"nda"}' });
    expect(created.status).toBe(202);
    const bad = await send(`/api/generations/${created.body.id}/sections/11/regenerate`, { body: '{}' });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'invalid_section' } } });
    const running = await send(`/api/generations/${created.body.id}/sections/1/regenerate`, { body: '{}' });
    expect(running).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
  });
});
