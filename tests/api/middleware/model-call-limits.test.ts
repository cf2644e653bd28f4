import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startStack, waitForStatus, type Stack } from '../../support/stack.js';
import { sample, scrape } from '../../support/logging.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { servedRequests } from '../../support/model-requests.js';
import { keyId } from '../../../src/domain/owners.js';
import {
  batchBody,
  sendWebhook,
  signedHeaders,
  startReceiver,
  WEBHOOK_ENV,
  type Receiver,
} from '../../webhooks/support.js';

/**
 * A client address of its own (behind TRUST_PROXY=1): open generations are counted in the shared
 * Postgres, where every test of every run leaves rows behind, so each test counts for a fresh client.
 */
const freshClient = () => ({
  'x-forwarded-for': `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}::1`,
});

const KEY_A = 'rl-key-a-0123456789-abcdef';
const KEY_B = 'rl-key-b-0123456789-abcdef';
const SESSION_SECRET = 'rl-session-secret-0123456789-abcdef-0123';

// The per-minute limit lives in Redis and the open count in Postgres, so both hold across API
// processes: every test here spreads its requests over two API processes. No workers: created
// generations stay queued (open).

describe('creations per minute', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ apis: 2, workers: 0, env: { RATE_LIMIT_PER_MIN: '3', MAX_OPEN_GENERATIONS: '0' } });
  });
  afterAll(() => stack.close());

  it('allows RATE_LIMIT_PER_MIN creations per client across API processes, then 429 with Retry-After', async () => {
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await postJson(`${stack.apiUrls[i % 2]}/api/generations`, { prompt: `flood ${i}` });
      expect(created.status).toBe(202);
      expect(created.headers.get('ratelimit-limit')).toBe('3');
      expect(created.headers.get('ratelimit-policy')).toBe('3;w=60');
      expect(Number(created.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
      remaining.push(created.headers.get('ratelimit-remaining') ?? '');
    }
    expect(remaining).toEqual(['2', '1', '0']);

    const refused = await postJson(`${stack.apiUrls[1]}/api/generations`, { prompt: 'one too many' });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      error: {
        code: 'rate_limited',
        message: expect.stringContaining('3 model calls per minute'),
        requestId: expect.any(String),
      },
    });
    // The envelope's requestId is the response's X-Request-Id (and the request's log line's).
    expect((refused.body as { error: { requestId: string } }).error.requestId).toBe(
      refused.headers.get('x-request-id'),
    );
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('ratelimit-reset')).toBe(String(retryAfter));

    // The legacy stream and the page's form create generations too: same budget.
    expect((await postJson(`${stack.apiUrls[0]}/api/contract/tos/stream`, { prompt: 'legacy' })).status).toBe(429);
    const form = await fetch(`${stack.apiUrls[0]}/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.apiUrls[0] ?? '' },
      body: new URLSearchParams({ prompt: 'from the page' }),
      redirect: 'manual',
    });
    expect(form.status).toBe(429);
    // Reading is not limited.
    expect((await fetch(`${stack.apiUrls[0]}/api/generations`)).status).toBe(200);

    expect(
      sample(await scrape(stack.apiUrls[1] ?? ''), 'cg_rate_limited_total', { limit: 'per_minute' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('does not trust X-Forwarded-For without TRUST_PROXY', async () => {
    const spoofed = await postJson(
      `${stack.apiUrls[0]}/api/generations`,
      { prompt: 'spoof' },
      { 'x-forwarded-for': '203.0.113.9' },
    );
    expect(spoofed.status).toBe(429);
  });
});

describe('per API key, and per client behind a trusted proxy', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      apis: 2,
      workers: 0,
      env: {
        RATE_LIMIT_PER_MIN: '2',
        MAX_OPEN_GENERATIONS: '0',
        API_KEYS: `${KEY_A},${KEY_B}`,
        SESSION_SECRET,
        TRUST_PROXY: '1',
      },
    });
  });
  afterAll(() => stack.close());

  it('counts each API key on its own', async () => {
    const create = (i: number, key: string) =>
      postJson(`${stack.apiUrls[i % 2]}/api/generations`, { prompt: `keyed ${i}` }, { authorization: `Bearer ${key}` });
    expect((await create(0, KEY_A)).status).toBe(202);
    expect((await create(1, KEY_A)).status).toBe(202);
    expect((await create(2, KEY_A)).status).toBe(429);
    expect((await create(3, KEY_B)).status).toBe(202);
  });

  it('is not tripped by unauthenticated requests (they are refused first)', async () => {
    for (let i = 0; i < 3; i++)
      expect((await postJson(`${stack.apiUrls[0]}/api/generations`, { prompt: 'x' })).status).toBe(401);
    expect(
      (await postJson(`${stack.apiUrls[0]}/api/generations`, { prompt: 'y' }, { authorization: `Bearer ${KEY_B}` }))
        .status,
    ).toBe(202);
  });
});

describe('client IP behind a trusted proxy', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      workers: 0,
      env: { RATE_LIMIT_PER_MIN: '1', MAX_OPEN_GENERATIONS: '0', TRUST_PROXY: '1' },
    });
  });
  afterAll(() => stack.close());

  it('takes the address the proxy appended, not what the client claimed before it', async () => {
    const from = (xff: string) =>
      postJson(`${stack.apiUrl}/api/generations`, { prompt: xff }, { 'x-forwarded-for': xff });
    expect((await from('198.51.100.1')).status).toBe(202);
    expect((await from('198.51.100.2')).status).toBe(202);
    expect((await from('198.51.100.1')).status).toBe(429);
    // A client prepending a fake address is still counted by the address the proxy saw.
    expect((await from('192.0.2.77, 198.51.100.2')).status).toBe(429);
  });
});

describe('open generations per client', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      apis: 2,
      workers: 0,
      env: { RATE_LIMIT_PER_MIN: '1000', MAX_OPEN_GENERATIONS: '2', TRUST_PROXY: '1' },
    });
  });
  afterAll(() => stack.close());

  const mine: string[] = [];
  const client = freshClient();

  it('refuses a third open generation until one ends, and frees nothing for refused or invalid requests', async () => {
    const create = (i: number, body: unknown = { prompt: `open ${i}` }) =>
      postJson(`${stack.apiUrls[i % 2]}/api/generations`, body, client);
    const first = await create(0);
    expect(first.status).toBe(202);
    // An invalid request creates nothing and keeps no slot.
    expect((await create(1, { prompt: '' })).status).toBe(400);
    const second = await create(1);
    expect(second.status).toBe(202);

    const refused = await create(0);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(refused.body.error.message).toMatch(/at most 2 generations/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // The legacy stream counts too.
    expect((await postJson(`${stack.apiUrls[1]}/api/contract/tos/stream`, { prompt: 'legacy' }, client)).status).toBe(
      429,
    );

    // Paused still counts as open; cancelled does not.
    expect((await postJson(`${stack.apiUrls[0]}/api/generations/${first.body.id}/pause`, {}, client)).status).toBe(200);
    expect((await create(1)).status).toBe(429);
    expect((await postJson(`${stack.apiUrls[0]}/api/generations/${first.body.id}/cancel`, {}, client)).status).toBe(
      200,
    );
    const third = await create(1);
    expect(third.status).toBe(202);
    mine.push(second.body.id, third.body.id);
    expect((await create(0)).status).toBe(429);

    expect(
      sample(await scrape(stack.apiUrls[0] ?? ''), 'cg_rate_limited_total', { limit: 'open_generations' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('lets no concurrent creation past the limit', async () => {
    for (const id of mine)
      expect((await postJson(`${stack.apiUrls[0]}/api/generations/${id}/cancel`, {}, client)).status).toBe(200);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        postJson(`${stack.apiUrls[i % 2]}/api/generations`, { prompt: `race ${i}` }, client),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([202, 202, 429, 429, 429, 429]);
  });
});

describe('every model call counts, not only creation', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      apis: 2,
      workers: 0,
      env: { RATE_LIMIT_PER_MIN: '6', MAX_OPEN_GENERATIONS: '1', TRUST_PROXY: '1' },
    });
  });
  afterAll(() => stack.close());

  it('spends the per-minute budget on regenerate and resume, and holds a reopened draft to the open limit', async () => {
    const client = freshClient();
    const at = (i: number, path: string, body: unknown = {}) =>
      postJson(`${stack.apiUrls[i % 2]}${path}`, body, client);
    const first = await at(0, '/api/generations', { prompt: 'budget 1' }); // run 1
    expect(first.status).toBe(202);
    const id = first.body.id as string;
    // Refused by the open limit (1), after spending run 2: a refused request is still a request.
    expect((await at(1, '/api/generations', { prompt: 'budget 2' })).status).toBe(429);
    expect((await at(0, `/api/generations/${id}/pause`)).status).toBe(200);
    const resumed = await at(1, `/api/generations/${id}/resume`); // run 3
    expect(resumed.status).toBe(200);
    expect(resumed.headers.get('ratelimit-remaining')).toBe('3');
    expect((await at(0, `/api/generations/${id}/cancel`)).status).toBe(200);

    // The slot is free again: another draft takes it, so reopening the cancelled one must wait.
    const other = await at(1, '/api/generations', { prompt: 'budget 3' }); // run 4
    expect(other.status).toBe(202);
    const blocked = await at(0, `/api/generations/${id}/sections/1/regenerate`); // run 5
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.message).toMatch(/at most 1 generations/);
    expect((await at(1, `/api/generations/${other.body.id}/cancel`)).status).toBe(200);
    expect((await at(0, `/api/generations/${id}/sections/1/regenerate`)).status).toBe(202); // run 6
    // The per-minute budget is spent now: 429 before anything else is looked at.
    const spent = await at(0, `/api/generations/${id}/sections/1/regenerate`);
    expect(spent.status).toBe(429);
    expect(spent.body.error.message).toMatch(/per minute/);
    expect(Number(spent.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('RATE_LIMIT_PER_MIN counts model calls, not runs', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      workers: 1,
      env: { RATE_LIMIT_PER_MIN: '10', MAX_OPEN_GENERATIONS: '0', TRUST_PROXY: '1', STREAM_STALL_MS: '2000' },
    });
  });
  afterAll(() => stack.close());

  it("takes a run's first call at the door and each further call at the worker, from the same budget", async () => {
    const client = freshClient();
    const create = (prompt: string) => postJson(`${stack.apiUrl}/api/generations`, { prompt, template: 'nda' }, client);
    const failing = await create('Always failing [[sim:status=500;id=rl-calls]]');
    expect(failing.headers.get('ratelimit-remaining')).toBe('9');
    const failed = await waitForStatus(stack.apiUrl, failing.body.id, ['failed'], 60_000);
    // 8 calls (MODEL_CALLS_PER_DRAFT): 1 taken at the door, 7 by the worker.
    expect(failed.usage.calls).toBe(8);
    expect(await servedRequests(stack.simUrl, 'id=rl-calls')).toHaveLength(8);
    const next = await create('Fine');
    expect(next.status).toBe(202);
    expect(next.headers.get('ratelimit-remaining')).toBe('1');
    expect((await create('Fine too')).headers.get('ratelimit-remaining')).toBe('0');
    const refused = await create('One call too many');
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(/10 model calls per minute/),
    });
  });
});

describe('TOKEN_BUDGET_PER_DAY', () => {
  // Keys of their own: the day's tokens of a key are kept in the shared Postgres across test runs.
  const OWNER_A = `tb-key-a-${randomBytes(12).toString('hex')}`;
  const OWNER_B = `tb-key-b-${randomBytes(12).toString('hex')}`;
  let stack: Stack;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
    stack = await startStack({
      workers: 1,
      batchWorkers: true,
      env: {
        ...WEBHOOK_ENV,
        TOKEN_BUDGET_PER_DAY: '1',
        API_KEYS: `${OWNER_A},${OWNER_B}`,
        SESSION_SECRET,
        WEBHOOK_OWNER_KEY_ID: keyId(OWNER_A),
        WORKER_CONCURRENCY: '1',
      },
    });
  });
  afterAll(async () => {
    await stack.close();
    await receiver.close();
  });

  it('refuses new model work of an owner who spent it, until 00:00 UTC, and fails its work still queued', async () => {
    const a = { authorization: `Bearer ${OWNER_A}` };
    const at = (path: string, body: unknown = {}, party = a) => postJson(`${stack.apiUrl}${path}`, body, party);
    // Nothing spent yet: both accepted. The worker takes one at a time, so the second starts after
    // the first has spent the budget.
    const first = await at('/api/generations', { prompt: 'First [[sim:tps=400]]', template: 'nda' });
    const second = await at('/api/generations', { prompt: 'Second', template: 'nda' });
    expect([first.status, second.status]).toEqual([202, 202]);
    const done = await settled(first.body.id, a);
    expect(done.status).toBe('completed');
    expect(done.usage.promptTokens + done.usage.completionTokens).toBeGreaterThan(1);
    const queued = await settled(second.body.id, a);
    expect(queued).toMatchObject({
      status: 'failed',
      error: 'the daily token budget of this account is spent; it starts again at 00:00 UTC',
      usage: { calls: 0 },
    });

    const id = first.body.id as string;
    const { store } = stack.api[0]!.suggestions;
    const generation = await stack.api[0]!.store.find(id);
    const suggestion = randomUUID();
    await store.add(id, generation!.fence, suggestion, { section: 1, summary: 'Vague', instruction: 'Be precise.' });
    const refusals = [
      await at('/api/generations', { prompt: 'Third' }),
      await at(`/api/generations/${id}/sections/1/regenerate`),
      await at(`/api/generations/${id}/suggestions`),
      await at(`/api/generations/${id}/suggestions/${suggestion}/apply`),
      await at('/api/contract/tos/stream', { prompt: 'Legacy' }),
    ];
    const body = batchBody(`${receiver.url}/hook`, ['Batch one', 'Batch two']);
    refusals.push(await sendWebhook(stack.apiUrl, body, signedHeaders(body)));
    const untilMidnight = Math.ceil((Date.UTC(...utcTomorrow()) - Date.now()) / 1000);
    for (const refused of refusals) {
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe('token_budget_exceeded');
      expect(refused.body.error.message).toMatch(/daily budget of 1 model tokens is spent .* resets at 00:00 UTC, in /);
      expect(Math.abs(Number(refused.headers.get('retry-after')) - untilMidnight)).toBeLessThanOrEqual(5);
    }
    // Another owner's budget is its own.
    expect((await at('/api/generations', { prompt: 'B' }, { authorization: `Bearer ${OWNER_B}` })).status).toBe(202);
    const metrics = await stack.api[0]!.metrics.registry.metrics();
    expect(sample(metrics, 'cg_rate_limited_total', { limit: 'tokens_per_day' })).toBe(6);
  });

  /** The generation once completed or failed, read with the owner's key. */
  async function settled(id: string, party: Record<string, string>) {
    const deadline = Date.now() + 45_000;
    for (;;) {
      const body = (await (await fetch(`${stack.apiUrl}/api/generations/${id}`, { headers: party })).json()) as any;
      if (['completed', 'failed'].includes(body.status)) return body;
      if (Date.now() > deadline) throw new Error(`generation ${id} still ${body.status} after 45 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
});

function utcTomorrow(): [number, number, number] {
  const now = new Date();
  return [now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1];
}
