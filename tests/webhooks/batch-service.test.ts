import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { getJson, postJson, startStack, waitForStatus, type Stack } from '../support/stack.js';
import {
  batchBody,
  newSecret,
  sendWebhook,
  signedHeaders,
  startReceiver,
  waitFor,
  WEBHOOK_ENV,
  type Receiver,
} from './support.js';

// POST /api/webhooks/generations: Standard Webhooks verification on the raw body, size and shape
// checks that store nothing, and idempotency on webhook-id, against a real stack.

let stack: Stack;
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
  stack = await startStack({
    batchWorkers: true,
    // The callback receiver of these tests lives on 127.0.0.1.
    env: WEBHOOK_ENV,
  });
});
afterAll(async () => {
  await stack?.close();
  await receiver?.close();
});

const storedBatch = (webhookId: string) => stack.api[0]!.batches.store.findByWebhookId(webhookId);
const generationsWithPrompt = async (marker: string) => {
  const rows = await stack.api[0]!.database.sql<
    { n: number }[]
  >`select count(*)::int as n from generations where prompt like ${`%${marker}%`}`;
  return rows[0]?.n ?? 0;
};

describe('signature vector', () => {
  it('accepts a valid signature and runs the batch as ordinary chunked generations', async () => {
    const body = batchBody(`${receiver.url}/hook`, ['A hiking app', 'A bakery'], {});
    const headers = signedHeaders(body);
    const answer = await sendWebhook(stack.apiUrl, body, headers);
    expect(answer.status).toBe(202);
    expect(answer.body.batchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.body.generations).toHaveLength(2);
    expect(answer.headers.get('location')).toBe(`/api/batches/${answer.body.batchId}`);

    for (const id of answer.body.generations as string[]) {
      const generation = await waitForStatus(stack.apiUrl, id, ['completed', 'failed']);
      expect(generation).toMatchObject({ status: 'completed', mode: 'chunked', template: 'terms-of-service' });
      expect(generation.sections).toHaveLength(10);
    }
    const batch = await waitFor('batch completed', async () => {
      const { body: b } = await getJson(`${stack.apiUrl}/api/batches/${answer.body.batchId}`);
      return b.status === 'completed' ? b : undefined;
    });
    expect(batch.generations.map((g: { id: string }) => g.id)).toEqual(answer.body.generations);
    expect(batch.generations.map((g: { metadata: unknown }) => g.metadata)).toEqual([{ ref: 'r0' }, { ref: 'r1' }]);
    expect(batch.generations.every((g: { status: string }) => g.status === 'completed')).toBe(true);
    await waitFor('callback', () => receiver.requests.some((r) => r.body.includes(answer.body.batchId)));
  });

  it("carries each request's language and details into its generation, as POST /api/generations does", async () => {
    const details = { legalName: 'Boulangerie Dupont SARL', governingCountry: 'France' };
    const body = JSON.stringify({
      callbackUrl: `${receiver.url}/hook`,
      requests: [{ template: 'privacy-policy', language: 'fr', details }],
    });
    const answer = await sendWebhook(stack.apiUrl, body, signedHeaders(body));
    expect(answer.status).toBe(202);
    const [id] = answer.body.generations as string[];
    const { body: generation } = await getJson(`${stack.apiUrl}/api/generations/${id}`);
    expect(generation).toMatchObject({ template: 'privacy-policy', language: 'fr', details, prompt: '' });
    const direct = await postJson(`${stack.apiUrl}/api/generations`, {
      template: 'privacy-policy',
      language: 'fr',
      details,
    });
    const { body: same } = await getJson(`${stack.apiUrl}/api/generations/${direct.body.id}`);
    expect(generation.outline).toEqual(same.outline);
  });

  it('accepts one valid signature among several (secret rotation)', async () => {
    const body = batchBody(`${receiver.url}/hook`, ['Rotation test']);
    const oldSecretSignature = new Webhook(newSecret()).sign('ignored', new Date(), body);
    const headers = signedHeaders(body, {
      extraSignatures: ['v1,bm90IGEgc2lnbmF0dXJl', 'v2,whatever', oldSecretSignature],
    });
    expect(headers['webhook-signature']?.split(' ')).toHaveLength(4);
    const answer = await sendWebhook(stack.apiUrl, body, headers);
    expect(answer.status).toBe(202);
    expect(answer.body.generations).toHaveLength(1);
  });

  it('refuses a tampered body, a wrong secret, a stale or future timestamp and missing headers, storing nothing', async () => {
    const marker = `refused-${randomUUID()}`;
    const body = batchBody(`${receiver.url}/hook`, [`${marker} one`]);
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, Record<string, string>, string, string][] = [];
    const tampered = signedHeaders(body);
    cases.push(['tampered body', tampered, body.replace('one', 'two'), 'invalid_signature']);
    const wrong = signedHeaders(body, { secret: newSecret() });
    cases.push(['wrong secret', wrong, body, 'invalid_signature']);
    const old = signedHeaders(body, { timestamp: now - 6 * 60 });
    cases.push(['old timestamp', old, body, 'stale_timestamp']);
    const future = signedHeaders(body, { timestamp: now + 6 * 60 });
    cases.push(['future timestamp', future, body, 'stale_timestamp']);
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      const headers = signedHeaders(body);
      delete headers[name];
      cases.push([`missing ${name}`, headers, body, 'missing_signature']);
    }
    for (const [name, headers, sent, code] of cases) {
      const answer = await sendWebhook(stack.apiUrl, sent, headers);
      expect({ name, status: answer.status, code: answer.body?.error?.code }).toEqual({ name, status: 401, code });
      if (headers['webhook-id']) expect(await storedBatch(headers['webhook-id'])).toBeUndefined();
    }
    expect(await generationsWithPrompt(marker)).toBe(0);
  });
});

describe('body checks (after the signature), storing nothing', () => {
  it('answers 413 past WEBHOOK_BODY_LIMIT_BYTES, while a body above the general 64 KB limit is still read', async () => {
    const huge = batchBody(`${receiver.url}/hook`, ['x'], {
      padding: 'p'.repeat(stack.config.WEBHOOK_BODY_LIMIT_BYTES),
    });
    const tooLarge = await sendWebhook(stack.apiUrl, huge, signedHeaders(huge));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.code).toBe('payload_too_large');

    // 100 KB: over BODY_LIMIT_BYTES, under the webhook limit: it reaches the signature check.
    const big = batchBody(`${receiver.url}/hook`, ['x'], { padding: 'p'.repeat(100 * 1024) });
    const forged = await sendWebhook(stack.apiUrl, big, signedHeaders(big, { secret: newSecret() }));
    expect(forged.status).toBe(401);
  });

  it('answers 400 with a precise message for malformed JSON and fields', async () => {
    const marker = `malformed-${randomUUID()}`;
    const url = `${receiver.url}/hook`;
    const cases: [string, string, RegExp][] = [
      ['{"callbackUrl": ', 'invalid_json', /not valid JSON/],
      [
        JSON.stringify({ callbackUrl: url, requests: [] }),
        'invalid_request',
        /^requests: requests must hold at least one request$/,
      ],
      [
        JSON.stringify({ callbackUrl: url, requests: Array.from({ length: 101 }, () => ({ prompt: marker })) }),
        'invalid_request',
        /requests: requests must hold at most 100/,
      ],
      [JSON.stringify({ requests: [{ prompt: marker }] }), 'invalid_request', /^callbackUrl: /],
      [
        JSON.stringify({ callbackUrl: 'ftp://example.com/x', requests: [{ prompt: marker }] }),
        'invalid_request',
        /callbackUrl must be an absolute http\(s\) URL/,
      ],
      [
        JSON.stringify({ callbackUrl: url, requests: [{ prompt: '  ' }] }),
        'invalid_request',
        /^requests\.0\.prompt: prompt must not be empty$/,
      ],
      [
        JSON.stringify({ callbackUrl: url, requests: [{ prompt: marker, template: 'lease' }] }),
        'invalid_request',
        /^requests\.0\.template: /,
      ],
      [
        JSON.stringify({ callbackUrl: url, requests: [{ prompt: marker }], mode: 'fast' }),
        'invalid_request',
        /^mode: /,
      ],
      [
        JSON.stringify({ callbackUrl: url, requests: [{ prompt: marker, metadata: 'x' }] }),
        'invalid_request',
        /^requests\.0\.metadata: /,
      ],
      [JSON.stringify({ callbackUrl: url, requests: [{ prompt: marker }], extra: 1 }), 'invalid_request', /extra/],
      [
        JSON.stringify({ callbackUrl: url, requests: [{ prompt: marker, details: { contactEmail: 'nope' } }] }),
        'invalid_request',
        /^requests\.0\.details\.contactEmail: /,
      ],
      [
        JSON.stringify({ callbackUrl: url, requests: [{ prompt: marker, language: 'de' }] }),
        'invalid_request',
        /^requests\.0\.language: /,
      ],
    ];
    for (const [body, code, message] of cases) {
      const headers = signedHeaders(body);
      const answer = await sendWebhook(stack.apiUrl, body, headers);
      expect(answer.status, body.slice(0, 80)).toBe(400);
      expect(answer.body.error.code).toBe(code);
      expect(answer.body.error.message).toMatch(message);
      expect(await storedBatch(headers['webhook-id']!)).toBeUndefined();
    }
    const longId = batchBody(url, [marker]);
    const tooLong = await sendWebhook(stack.apiUrl, longId, signedHeaders(longId, { id: `msg_${'x'.repeat(300)}` }));
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toMatch(/webhook-id must be at most 256 characters/);
    expect(await generationsWithPrompt(marker)).toBe(0);
  });

  it('answers 503 when WEBHOOK_SECRET is not configured', async () => {
    const deps = stack.api[0]!;
    const app = createApp({ ...deps, config: { ...deps.config, WEBHOOK_SECRET: undefined } });
    const body = batchBody(`${receiver.url}/hook`, ['x']);
    const response = await app.request('/api/webhooks/generations', {
      method: 'POST',
      headers: signedHeaders(body),
      body,
    });
    expect(response.status).toBe(503);
    expect(((await response.json()) as any).error.code).toBe('not_configured');
  });
});

describe('idempotency on webhook-id', () => {
  it('creates one batch when the same message arrives twice at once, and answers a later redelivery the same', async () => {
    const marker = `race-${randomUUID()}`;
    const body = batchBody(`${receiver.url}/hook`, [`${marker} a`, `${marker} b`, `${marker} c`]);
    const headers = signedHeaders(body);
    const [first, second] = await Promise.all([
      sendWebhook(stack.apiUrl, body, headers),
      sendWebhook(stack.apiUrl, body, headers),
    ]);
    expect(first?.status).toBe(202);
    expect(second?.status).toBe(202);
    expect(second?.body).toEqual(first?.body);
    expect([first?.headers.get('idempotent-replayed'), second?.headers.get('idempotent-replayed')].sort()).toEqual([
      null,
      'true',
    ]);

    // A redelivery later on: same webhook-id, fresh timestamp and signature (as senders retry).
    const again = await sendWebhook(stack.apiUrl, body, signedHeaders(body, { id: headers['webhook-id'] }));
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first?.body);

    expect(await generationsWithPrompt(marker)).toBe(3);
    const batches = await stack.api[0]!.database.sql<
      { n: number }[]
    >`select count(*)::int as n from batches where webhook_id = ${headers['webhook-id']!}`;
    expect(batches[0]?.n).toBe(1);

    // The batch runs once: one callback for it.
    const batchId = first?.body.batchId as string;
    await waitFor('callback', () => receiver.requests.some((r) => r.body.includes(batchId)));
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.requests.filter((r) => r.body.includes(batchId))).toHaveLength(1);
  });

  it('refuses the same webhook-id with another body (409), creating nothing', async () => {
    const body = batchBody(`${receiver.url}/hook`, ['Original']);
    const headers = signedHeaders(body);
    expect((await sendWebhook(stack.apiUrl, body, headers)).status).toBe(202);
    const marker = `reuse-${randomUUID()}`;
    const other = batchBody(`${receiver.url}/hook`, [marker]);
    const answer = await sendWebhook(stack.apiUrl, other, signedHeaders(other, { id: headers['webhook-id'] }));
    expect(answer.status).toBe(409);
    expect(await generationsWithPrompt(marker)).toBe(0);
  });
});
