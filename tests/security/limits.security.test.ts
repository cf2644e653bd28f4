import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientKey } from '../../src/api/middleware/client-identity.js';
import { readEvents, readWithin } from '../support/sse-client.js';
import { postJson, startStack, type Stack } from '../support/stack.js';
import {
  batchBody,
  CALLBACK_SECRET,
  sendWebhook,
  signedHeaders,
  startReceiver,
  waitFor,
  WEBHOOK_SECRET,
  type Receiver,
} from '../webhooks/support.js';
import { attempt, bearer } from './support.js';

// Limits on what costs: model calls (every route that starts one, webhook batches included), event
// streams per client and per owner, and time to send a request.

const KEY_A = 'limits-key-a-0123456789abcdef';
const KEY_B = 'limits-key-b-0123456789abcdef';
const SESSION_SECRET = 'limits-session-secret-0123456789abcdef-01';
const randomIpv4 = () => `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0]! % 250)}`;
const randomPrefix = () => `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;

describe('event streams, request timeouts and finished logs', () => {
  let stack: Stack;
  let live = '';
  let liveB = '';
  beforeAll(async () => {
    stack = await startStack({
      tokensPerSec: 0,
      env: {
        API_KEYS: `${KEY_A},${KEY_B}`,
        SESSION_SECRET,
        TRUST_PROXY: '1',
        REQUEST_TIMEOUT_MS: '1500',
        SSE_HEARTBEAT_MS: '300',
      },
    });
    // A draft written at one token a second: its stream stays open for the whole test.
    live = (await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'Slow [[sim:tps=1]]' }, bearer(KEY_A))).body.id;
    liveB = (await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'Slow B [[sim:tps=1]]' }, bearer(KEY_B))).body
      .id;
  });
  afterAll(async () => {
    await postJson(`${stack.apiUrl}/api/generations/${live}/cancel`, {}, bearer(KEY_A));
    await postJson(`${stack.apiUrl}/api/generations/${liveB}/cancel`, {}, bearer(KEY_B));
    await stack?.close();
  });

  /** Opens `n` event streams at once; their statuses, and a function closing those that opened. */
  async function openStreams(n: number, headers: Record<string, string>, id = live) {
    const controllers = Array.from({ length: n }, () => new AbortController());
    const responses = await Promise.all(
      controllers.map((controller) =>
        fetch(`${stack.apiUrl}/api/generations/${id}/events?after=0`, { headers, signal: controller.signal }),
      ),
    );
    for (const r of responses) if (r.status !== 200) await r.arrayBuffer();
    return {
      statuses: responses.map((r) => r.status),
      close: () => {
        for (const c of controllers) c.abort();
      },
    };
  }
  const countOf = (statuses: number[]) =>
    statuses.reduce<Record<number, number>>((m, s) => {
      m[s] = (m[s] ?? 0) + 1;
      return m;
    }, {});
  const streamsGauge = async () => stack.api[0]!.streams.size;

  it('answers 429 past MAX_STREAMS_PER_CLIENT (50) to 200 streams from one client, and frees the slots when they close', async () => {
    const client = { 'x-forwarded-for': randomIpv4(), ...bearer(KEY_A) };
    const { statuses, close } = await openStreams(200, client);
    try {
      expect(countOf(statuses)).toEqual({ 200: 50, 429: 150 });
      const refused = await attempt(stack.apiUrl, client, 'GET', `/api/generations/${live}/events?after=0`);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(JSON.parse(refused.text).error.code).toBe('rate_limited');
    } finally {
      close();
    }
    await waitFor('the slots freed', async () => ((await streamsGauge()) === 0 ? true : undefined));
    const again = await attempt(stack.apiUrl, client, 'GET', `/api/generations/${live}/events?after=0`);
    expect(again.status).toBe(200);
  });

  it('caps an owner across clients, and keys IPv6 clients on their /64', async () => {
    const prefix = randomPrefix();
    const table: [string, Record<string, string>, number, Record<number, number>][] = [
      // 30 + 30 streams of key A from two addresses: 50 in all for the owner.
      ['key A, first address', { 'x-forwarded-for': randomIpv4(), ...bearer(KEY_A) }, 30, { 200: 30 }],
      ['key A, second address', { 'x-forwarded-for': randomIpv4(), ...bearer(KEY_A) }, 30, { 200: 20, 429: 10 }],
      // Key B from one /64: 50, then another address of the same /64 is the same client.
      ['key B, ::1 of a /64', { 'x-forwarded-for': `${prefix}::1`, ...bearer(KEY_B) }, 50, { 200: 50 }],
      ['key B, ::ffff of the same /64', { 'x-forwarded-for': `${prefix}::ffff`, ...bearer(KEY_B) }, 1, { 429: 1 }],
    ];
    const closers: (() => void)[] = [];
    const answers = [];
    try {
      for (const [what, headers, n] of table) {
        const { statuses, close } = await openStreams(n, headers, what.startsWith('key B') ? liveB : live);
        closers.push(close);
        answers.push([what, headers, n, countOf(statuses)]);
      }
      expect(answers).toEqual(table);
    } finally {
      for (const close of closers) close();
    }
    await waitFor('the slots freed', async () => ((await streamsGauge()) === 0 ? true : undefined));
    expect(clientKey(`${prefix}::1`)).toBe(clientKey(`${prefix}:0:ab:cd:ef`));
    expect(clientKey(`${prefix}::1`)).not.toBe(clientKey('2001:db8:ffff:ffff::1'));
    expect(clientKey('::ffff:10.1.2.3')).toBe('ip:10.1.2.3');
  });

  it('cuts off a body that does not arrive in time (408, connection closed), and leaves event streams open', async () => {
    const socket = connect(new URL(stack.apiUrl).port ? Number(new URL(stack.apiUrl).port) : 80, '127.0.0.1');
    let answer = '';
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', () => {});
    socket.write(
      `POST /api/generations HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${KEY_A}\r\n` +
        'content-type: application/json\r\ncontent-length: 100\r\n\r\n{"prompt":',
    );
    // One byte a second, as in the report, until the server gives up on it.
    const drip = setInterval(() => socket.writable && socket.write(' '), 1000);
    await closed;
    clearInterval(drip);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);

    // A stream open for longer than the request timeout still gets its heartbeats.
    const stream = await fetch(`${stack.apiUrl}/api/generations/${live}/events?after=0`, { headers: bearer(KEY_A) });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    const started = Date.now();
    let pings = 0;
    while (Date.now() - started < 3000 || pings < 3) {
      const { value, done } = await readWithin(reader, `a live stream, after ${pings} pings`);
      if (done) break;
      pings += (new TextDecoder().decode(value).match(/: ping/g) ?? []).length;
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
    expect(pings).toBeGreaterThanOrEqual(3);
    await reader.cancel();
  });

  it('closes at once a cursor at the end of a finished log, sends what remains before it, and restarts one past it', async () => {
    const created = await postJson(
      `${stack.apiUrl}/api/generations`,
      { prompt: 'Short', template: 'nda' },
      bearer(KEY_A),
    );
    const whole = await readEvents(`${stack.apiUrl}/api/generations/${created.body.id}/events?after=0`, {
      headers: bearer(KEY_A),
    });
    const last = whole.events.at(-1)!;
    expect(last.event).toBe('done');
    const end = Number(last.id);
    const events = `/api/generations/${created.body.id}/events`;
    // [cursor, expected status, events received]
    const table: [string, Record<string, string>, number, string[]][] = [
      [`?after=${end}`, {}, 204, []],
      // Past the end: seqs this log never had (a lost log's), so start over from the whole log.
      [`?after=${end + 1000}`, {}, 200, ['resync', ...whole.events.map((e) => e.event)]],
      // A standard EventSource reconnecting after `done` sends its Last-Event-ID.
      ['', { 'last-event-id': String(end) }, 204, []],
      [`?after=${end - 1}`, {}, 200, ['done']],
    ];
    const answers = [];
    for (const [query, headers] of table) {
      const read = await readEvents(`${stack.apiUrl}${events}${query}`, { headers: { ...bearer(KEY_A), ...headers } });
      answers.push([query, headers, read.status, read.events.map((e) => e.event)]);
    }
    expect(answers).toEqual(table);
  });
});

describe('every model call counts against its owner', () => {
  let stack: Stack;
  let receiver: Receiver;
  // The webhook sender's key id, fresh per run: open generations are counted in the shared Postgres.
  const senderKeyId = randomBytes(6).toString('hex');
  beforeAll(async () => {
    receiver = await startReceiver();
    stack = await startStack({
      workers: 0,
      env: {
        RATE_LIMIT_PER_MIN: '3',
        MAX_OPEN_GENERATIONS: '100',
        TRUST_PROXY: '1',
        WEBHOOK_SECRET,
        CALLBACK_SIGNING_SECRET: CALLBACK_SECRET,
        CALLBACK_ALLOW_PRIVATE: 'true',
        WEBHOOK_OWNER_KEY_ID: senderKeyId,
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
    await receiver?.close();
  });

  it('spends one run per generation of a webhook batch, and nothing on a redelivery', async () => {
    const send = async (prompts: string[], headers?: Record<string, string>) => {
      const body = batchBody(`${receiver.url}/hook`, prompts);
      const signed = headers ?? signedHeaders(body);
      return { answer: await sendWebhook(stack.apiUrl, body, signed), signed, body };
    };
    const tooMany = await send(['a', 'b', 'c', 'd']);
    expect(tooMany.answer.status).toBe(429);
    const first = await send(['a', 'b']);
    expect(first.answer.status).toBe(202);
    // The same message again (a redelivery): the same answer, no run spent.
    const redelivered = await sendWebhook(stack.apiUrl, first.body, first.signed);
    expect(redelivered.status).toBe(202);
    expect(redelivered.body.batchId).toBe(first.answer.body.batchId);
    expect((await send(['c'])).answer.status).toBe(202);
    const spent = await send(['d']);
    expect(spent.answer.status).toBe(429);
    expect(Number(spent.answer.headers.get('retry-after'))).toBeGreaterThan(0);
    // Nothing was stored for the refused ones.
    const rows = await stack.api[0]!.database.sql<{ n: number }[]>`
      select count(*)::int as n from batches where owner = ${`key:${senderKeyId}`}`;
    expect(rows[0]?.n).toBe(2);
  });

  it('limits IPv6 clients by their /64, whatever address of it they use', async () => {
    const prefix = randomPrefix();
    const table: [string, number][] = [
      [`${prefix}::1`, 202],
      [`${prefix}::2`, 202],
      [`${prefix}:1:2:3:4`, 202],
      [`${prefix}::ffff`, 429],
      [`${randomPrefix()}::1`, 202],
    ];
    const answers = [];
    for (const [address] of table) {
      answers.push([
        address,
        (await postJson(`${stack.apiUrl}/api/generations`, { prompt: address }, { 'x-forwarded-for': address })).status,
      ]);
    }
    expect(answers).toEqual(table);
  });
});
