import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamEvents } from '../../src/api/sse/stream-events.js';
import { keyId } from '../../src/domain/owners.js';
import type { Generation } from '../../src/db/generation-store.js';
import { startStack, type Stack } from '../support/stack.js';
import { CALLBACK_SECRET, sendWebhook, signedHeaders, waitFor, WEBHOOK_SECRET } from '../webhooks/support.js';
import { anonymous, attempt, bearer } from './support.js';

// The smaller holes: /metrics behind its token, the dashboard's headers, the callback SSRF guard and
// what its refusals say, the webhook body limit against the documented largest batch, and viewers
// that never read.

// A fresh key each run: it owns the batches below, whose rows stay in the shared Postgres.
const KEY = `surface-key-${randomBytes(12).toString('hex')}`;
const METRICS_TOKEN = 'metrics-token-0123456789';
const ADMIN_TOKEN = 'surface-admin-token-0123456789';

describe('the smaller holes, closed', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      workers: 0,
      env: {
        API_KEYS: KEY,
        SESSION_SECRET: 'surface-session-secret-0123456789abcdef',
        METRICS_TOKEN,
        ADMIN_TOKEN,
        WEBHOOK_SECRET,
        CALLBACK_SIGNING_SECRET: CALLBACK_SECRET,
        CALLBACK_ALLOW_PRIVATE: 'false',
        WEBHOOK_OWNER_KEY_ID: keyId(KEY),
      },
    });
  });
  afterAll(() => stack.close());

  it('serves /metrics to its token only', async () => {
    const table: [string, Record<string, string>, number][] = [
      ['nothing', anonymous, 401],
      ['a wrong token', bearer('nope'), 401],
      ['an API key', bearer(KEY), 401],
      ['the admin token', bearer(ADMIN_TOKEN), 401],
      ['the metrics token', bearer(METRICS_TOKEN), 200],
    ];
    const answers = [];
    for (const [what, headers] of table)
      answers.push([what, headers, (await attempt(stack.apiUrl, headers, 'GET', '/metrics')).status]);
    expect(answers).toEqual(table);
  });

  it('sends the queue dashboard with a CSP and frame headers', async () => {
    const page = await attempt(stack.apiUrl, bearer(ADMIN_TOKEN), 'GET', '/admin/queues');
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"])
      expect(csp).toContain(directive);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });

  it('refuses internal callbacks and other ports at intake, without saying what a name resolves to', async () => {
    const table: [string, string][] = [
      ['http://[::127.0.0.1]/hook', 'the callback host is not a public address'],
      ['http://[::7f00:1]/hook', 'the callback host is not a public address'],
      ['http://[::ffff:7f00:1]/hook', 'the callback host is not a public address'],
      ['http://localhost/hook', 'the callback host is not a public address'],
      ['http://93.184.216.34:8080/hook', 'the callback port is not allowed (80 and 443 only)'],
      ['http://93.184.216.34:22/hook', 'the callback port is not allowed (80 and 443 only)'],
      [
        `http://no-such-host-${randomUUID()}.invalid/hook`,
        'the callback host could not be resolved to a public address',
      ],
    ];
    const answers = [];
    for (const [url] of table) {
      const body = JSON.stringify({ callbackUrl: url, requests: [{ prompt: 'x' }] });
      const answer = await sendWebhook(stack.apiUrl, body, signedHeaders(body));
      expect(answer.status, url).toBe(400);
      answers.push([url, String(answer.body.error.message).replace(/^callbackUrl: /, '')]);
    }
    expect(answers).toEqual(table);
  });

  it('takes the documented largest batch: 100 prompts of 4,000 characters and their metadata, all escaped', async () => {
    const prompt = '€'.repeat(4000);
    const metadata = { note: '€'.repeat(4080) };
    const raw = JSON.stringify({
      callbackUrl: 'https://93.184.216.34/hook',
      requests: Array.from({ length: 100 }, () => ({ prompt, metadata })),
    });
    // Every non-ASCII character written as \uXXXX: the most bytes a sender may spend on them.
    const body = raw.replace(/[^\x00-\x7f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
    expect(Buffer.byteLength(body)).toBeGreaterThan(4_800_000);
    const answer = await sendWebhook(stack.apiUrl, body, signedHeaders(body));
    expect(answer.status).toBe(202);
    expect(answer.body.generations).toHaveLength(100);
    const tooBig = `${body.slice(0, -1)},"x":"${'p'.repeat(stack.config.WEBHOOK_BODY_LIMIT_BYTES)}"}`;
    expect((await sendWebhook(stack.apiUrl, tooBig, signedHeaders(tooBig))).status).toBe(413);
  });

  it('counts a viewer that never reads in the SSE connections gauge until its connection is gone', async () => {
    const deps = stack.api[0]!;
    // A finished draft whose stored text is far larger than the socket buffers can take.
    const generation = {
      id: randomUUID(),
      status: 'completed',
      mode: 'stream',
      lastSeq: 3,
      error: null,
    } as unknown as Generation;
    const huge = { index: 1, title: 'Huge', content: 'x'.repeat(16 * 1024 * 1024), mode: 'stream' as const };
    const store = { ...deps.store, sections: async () => [huge] } as unknown as typeof deps.store;
    let response: ServerResponse | undefined;
    const server = createServer((_req, res) => {
      response = res;
      void streamEvents(res, { id: generation.id, logExists: false, generation }, 0, {
        ...deps,
        store,
        sse: { ...deps.sse, maxBufferBytes: 64 * 1024 * 1024 },
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const before = deps.streams.size;
    const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
    client.on('error', () => {});
    client.write('GET / HTTP/1.1\r\nhost: x\r\n\r\n');
    client.pause(); // never reads
    await waitFor('the server ended the stream', () => (response?.writableEnded ? true : undefined));
    // Written and ended, but not taken by the client: still a connection, and counted as one.
    expect(deps.streams.size).toBe(before + 1);
    client.destroy();
    await waitFor('the gauge back down', () => (deps.streams.size === before ? true : undefined));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
