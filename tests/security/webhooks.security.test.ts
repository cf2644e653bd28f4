import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';
import { CALLBACK_SECRET, sendWebhook, signedHeaders, WEBHOOK_SECRET } from '../webhooks/support.js';
import { rawExchange, rawRequest } from './support.js';

// The batch webhook's signature is its only credential, and it covers the body: so the body must not
// be what an unsigned sender gets the server to hold. Whatever the headers alone can refuse (missing,
// stale or malformed signature headers, a declared size past the limit) is refused before a byte of
// the body is read; a fresh signed-looking request gets the full limit, but cut at it, cut at
// WEBHOOK_BODY_TIMEOUT_MS when slow, and only WEBHOOK_BODIES_IN_FLIGHT large ones at a time.
// Before: every body was buffered whole (up to 4.9 MB) first, and a slow one held for 30 s.

const LIMIT = 300_000;
const BODY_TIMEOUT_MS = 1500;
/** Answers expected "at once" must come well before the server's request timeout (30 s). */
const PROMPT_MS = 8000;

/** A request head to the webhook route declaring `length` body bytes. */
const head = (headers: Record<string, string>, length?: number) =>
  [
    'POST /api/webhooks/generations HTTP/1.1',
    'host: 127.0.0.1',
    'content-type: application/json',
    ...(length === undefined ? ['transfer-encoding: chunked'] : [`content-length: ${length}`]),
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ].join('\r\n');

/** Signature headers with a fresh timestamp and a well-formed signature that signs nothing. */
const forged = (timestamp = Math.floor(Date.now() / 1000)) => ({
  'webhook-id': `msg_${randomUUID()}`,
  'webhook-timestamp': String(timestamp),
  'webhook-signature': `v1,${Buffer.alloc(32, 7).toString('base64')}`,
});

describe('webhook bodies are not buffered for unsigned or slow senders', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      workers: 0,
      env: {
        WEBHOOK_SECRET,
        CALLBACK_SIGNING_SECRET: CALLBACK_SECRET,
        WEBHOOK_BODY_LIMIT_BYTES: String(LIMIT),
        WEBHOOK_BODY_TIMEOUT_MS: String(BODY_TIMEOUT_MS),
        WEBHOOK_BODIES_IN_FLIGHT: '2',
      },
    });
  });
  afterAll(() => stack.close());

  it('refuses from the headers alone, at once, without waiting for the declared body', async () => {
    const stale = Math.floor(Date.now() / 1000) - 3600;
    const { 'webhook-signature': _s, ...unsignedButDated } = forged();
    const table: [string, Record<string, string>, number, number, string][] = [
      ['no signature headers', {}, LIMIT - 10, 401, 'missing_signature'],
      ['no signature', unsignedButDated, LIMIT - 10, 401, 'missing_signature'],
      ['a stale timestamp', forged(stale), LIMIT - 10, 401, 'stale_timestamp'],
      ['a timestamp in the future', forged(stale + 7200), LIMIT - 10, 401, 'stale_timestamp'],
      [
        'a timestamp that is no number',
        { ...forged(), 'webhook-timestamp': 'soon' },
        LIMIT - 10,
        401,
        'stale_timestamp',
      ],
      ['a malformed signature', { ...forged(), 'webhook-signature': 'v1,abc' }, LIMIT - 10, 401, 'invalid_signature'],
      ['another scheme only', { ...forged(), 'webhook-signature': 'v1a,abc' }, LIMIT - 10, 401, 'invalid_signature'],
      ['a declared size past the limit', forged(), LIMIT + 1, 413, 'payload_too_large'],
    ];
    const answers = [];
    for (const [what, headers, length] of table) {
      // Only the first kilobyte of the declared body is ever sent.
      const answer = await rawExchange(
        stack.apiUrl,
        head(headers, length),
        '{"callbackUrl":"'.padEnd(1024, 'x'),
        PROMPT_MS,
      );
      const code = answer.status === undefined ? 'no answer' : JSON.parse(answer.body).error.code;
      answers.push([what, headers, length, answer.status, code]);
      if (answer.status !== undefined) expect(answer.head, what).toMatch(/\r\nconnection: close/i);
    }
    expect(answers).toEqual(table);
  });

  it('cuts a slow body at WEBHOOK_BODY_TIMEOUT_MS, and an undeclared one at the limit', async () => {
    const slow = await rawExchange(stack.apiUrl, head(forged(), LIMIT - 10), 'x'.repeat(70_000), PROMPT_MS);
    expect(slow.status).toBe(408);
    expect(JSON.parse(slow.body).error.code).toBe('request_timeout');
    expect(slow.ms).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 100);

    // Chunked, no declared size: read up to the limit, then refused.
    const chunk = 'x'.repeat(100_000);
    const chunked = `${chunk.length.toString(16)}\r\n${chunk}\r\n`.repeat(4);
    const big = await rawExchange(stack.apiUrl, head(forged()), chunked, PROMPT_MS);
    expect(big.status).toBe(413);
  });

  it('receives only WEBHOOK_BODIES_IN_FLIGHT large bodies at once; small and signed ones still pass', async () => {
    const holding = [0, 1].map(() => rawRequest(stack.apiUrl, head(forged(), LIMIT - 10), 'x'.repeat(80_000)));
    try {
      // Once both are being received, a third is refused at once, unread.
      const third = () => rawExchange(stack.apiUrl, head(forged(), LIMIT - 10), 'x'.repeat(1024), PROMPT_MS);
      await expect.poll(async () => (await third()).status, { timeout: 20_000 }).toBe(503);
      expect((await third()).head).toMatch(/\r\nretry-after: \d+/i);
      // A small body needs no place among the large ones: a signed batch is accepted meanwhile.
      const body = JSON.stringify({ callbackUrl: 'https://93.184.216.34/hook', requests: [{ prompt: 'Signed' }] });
      expect((await sendWebhook(stack.apiUrl, body, signedHeaders(body))).status).toBe(202);
    } finally {
      for (const request of holding) request.socket.destroy();
    }
    // Their places are given back once they are cut: a large signed batch is received again.
    const body = JSON.stringify({
      callbackUrl: 'https://93.184.216.34/hook',
      requests: Array.from({ length: 20 }, (_, i) => ({ prompt: `${i} ${'p'.repeat(3990)}` })),
    });
    expect(Buffer.byteLength(body)).toBeGreaterThan(stack.config.BODY_LIMIT_BYTES);
    await expect
      .poll(async () => (await sendWebhook(stack.apiUrl, body, signedHeaders(body))).status, { timeout: 10_000 })
      .toBe(202);
  });
});
