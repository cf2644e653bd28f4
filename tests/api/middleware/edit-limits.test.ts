import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, startStack, waitForStatus, type Stack } from '../../support/stack.js';
import { bearer, completedDraft } from '../../security/support.js';

// The quota of live edits and restores (EDITS_PER_MIN, EDITS_PER_DAY): per caller quota, in Redis, so
// it holds across API processes; a refusal stores and appends nothing.

const KEY_A = `edit-limit-key-a-${randomBytes(8).toString('hex')}`;
const KEY_B = `edit-limit-key-b-${randomBytes(8).toString('hex')}`;

async function put(url: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** A completed draft of `key`'s, and how to save texts over its section 1 (each on the newest version). */
async function draftOf(stack: Stack, key: string) {
  const id = await completedDraft(stack.apiUrl, bearer(key), { prompt: 'A quota bakery' });
  const section = `${stack.apiUrls.at(-1)}/api/generations/${id}/sections/1`;
  let base = 1;
  return {
    id,
    section,
    save: async (content: string, api = 0) => {
      const url = `${stack.apiUrls[api % stack.apiUrls.length]}/api/generations/${id}/sections/1`;
      const saved = await put(url, { content, baseVersion: base }, bearer(key));
      if (saved.status === 200) base = saved.body.version;
      return saved;
    },
  };
}

const versionCount = async (stack: Stack, id: string) =>
  (
    await stack.api[0]!.database.sql<{ n: number }[]>`
      select count(*)::int as n from section_versions where generation_id = ${id} and section_index = 1`
  )[0]?.n;

describe('edits and restores per minute', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      apis: 2,
      env: {
        API_KEYS: `${KEY_A},${KEY_B}`,
        SESSION_SECRET: 'edit-limits-session-secret-0123456789abcdef',
        EDITS_PER_MIN: '3',
        EDITS_PER_DAY: '0',
      },
    });
  });
  afterAll(() => stack.close());

  it('allows EDITS_PER_MIN saves per owner across API processes, then 429 with Retry-After, storing nothing', async () => {
    const draft = await draftOf(stack, KEY_A);
    const remaining: string[] = [];
    for (let n = 1; n <= 2; n++) {
      const saved = await draft.save(`Edit ${n}.`, n);
      expect(saved.status).toBe(200);
      expect(saved.headers.get('ratelimit-policy')).toBe('3;w=60');
      remaining.push(saved.headers.get('ratelimit-remaining') ?? '');
    }
    // A restore counts as an edit.
    const restored = await postJson(`${draft.section}/versions/1/restore`, {}, bearer(KEY_A));
    expect(restored.status).toBe(200);
    expect(remaining).toEqual(['2', '1']);
    const versions = await versionCount(stack, draft.id);

    const refused = await put(`${draft.section}`, { content: 'One too many.', baseVersion: 4 }, bearer(KEY_A));
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('3 edits') });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await postJson(`${draft.section}/versions/2/restore`, {}, bearer(KEY_A))).status).toBe(429);
    expect(await versionCount(stack, draft.id)).toBe(versions);
    // Reading is not limited, and another owner has a quota of its own.
    expect((await fetch(`${draft.section}/versions`, { headers: bearer(KEY_A) })).status).toBe(200);
    expect((await (await draftOf(stack, KEY_B)).save('B edits.')).status).toBe(200);
    const refusals = async (api: number) =>
      (await stack.api[api]!.metrics.rateLimited.get()).values.find((v) => v.labels.limit === 'edits_per_minute')
        ?.value;
    expect((await refusals(0)) ?? 0).toBe(0);
    expect(await refusals(1)).toBe(2);
  });

  it('spends nothing on a refused request (400)', async () => {
    const draft = await draftOf(stack, KEY_B);
    for (let i = 0; i < 4; i++) expect((await draft.save('')).status).toBe(400);
    expect((await draft.save('Still allowed.')).status).toBe(200);
  });
});

describe('edits and restores per day', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { EDITS_PER_MIN: '0', EDITS_PER_DAY: '2' } });
  });
  afterAll(() => stack.close());

  it('allows EDITS_PER_DAY saves, then 429 telling when the day’s window ends', async () => {
    const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'A daily bakery' });
    const id = created.body.id as string;
    await waitForStatus(stack.apiUrl, id, ['completed']);
    const url = `${stack.apiUrl}/api/generations/${id}/sections/1`;
    expect((await put(url, { content: 'One.', baseVersion: 1 }, {})).status).toBe(200);
    expect((await put(url, { content: 'Two.', baseVersion: 2 }, {})).status).toBe(200);
    const refused = await put(url, { content: 'Three.', baseVersion: 3 }, {});
    expect(refused.status).toBe(429);
    expect(refused.headers.get('ratelimit-policy')).toBe('2;w=86400');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(86_000);
    expect((await getJson(`${stack.apiUrl}/api/generations/${id}`)).body.sections[0].content).toBe('Two.');
  });
});
