import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';
import { rawExchange } from './support.js';

// DNS rebinding: a page on another site re-points its own name at 127.0.0.1 and, being same-origin
// with it, reads and drives a local deployment (no keys) through the user's browser. The browser
// then sends that name as Host. ALLOWED_HOSTS (default without keys: the loopback names) answers
// any other Host 421, in the error envelope, before a route runs; the probes and /metrics answer
// whatever the Host (an orchestrator and Prometheus reach them by address).

const KEY = `hosts-key-${randomBytes(12).toString('hex')}`;

/** One request with the given Host header (fetch would send the URL's). */
async function withHost(stack: Stack, host: string, method: string, path: string, body?: string) {
  const length =
    body === undefined ? '' : `\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}`;
  const answer = await rawExchange(
    stack.apiUrl,
    `${method} ${path} HTTP/1.1\r\nhost: ${host}\r\nconnection: close${length}`,
    body ?? '',
    20_000,
  );
  if (answer.status === undefined) throw new Error(`no answer to ${method} ${path} (Host ${host}) within 20 s`);
  return answer;
}

describe('without keys: only the loopback names', () => {
  let stack: Stack;
  let port = '';
  beforeAll(async () => {
    stack = await startStack({ workers: 0 });
    port = new URL(stack.apiUrl).port;
  });
  afterAll(() => stack.close());

  it('answers a foreign Host 421 in the error envelope, whatever the route, and creates nothing', async () => {
    const body = JSON.stringify({ prompt: 'Rebound [[sim:tps=0]]' });
    const table: [string, string, string, string | undefined, number][] = [
      ['rebound.example', 'GET', '/', undefined, 421],
      [`rebound.example:${port}`, 'GET', '/api/generations', undefined, 421],
      [`rebound.example:${port}`, 'POST', '/api/generations', body, 421],
      [`attacker.localhost.example:${port}`, 'GET', '/login', undefined, 421],
      ['192.168.1.20', 'GET', '/api/templates', undefined, 421],
      [`rebound.example:${port}`, 'GET', '/s/AAAAAAAAAAAAAAAAAAAAAA.x', undefined, 421],
      [`rebound.example:${port}`, 'POST', '/api/webhooks/generations', '{}', 421],
      [`rebound.example:${port}`, 'GET', '/openapi.json', undefined, 421],
      // Ours: the loopback names, any port.
      [`localhost:${port}`, 'GET', '/api/templates', undefined, 200],
      [`127.0.0.1:${port}`, 'GET', '/api/generations', undefined, 200],
      [`LOCALHOST:${port}`, 'GET', '/', undefined, 200],
      ['[::1]:8080', 'GET', '/api/templates', undefined, 200],
      // Probes and metrics answer whatever the Host.
      ['rebound.example', 'GET', '/healthz', undefined, 200],
      ['10.0.0.5:3000', 'GET', '/readyz', undefined, 200],
      ['api:3000', 'GET', '/metrics', undefined, 200],
    ];
    const answers = [];
    for (const [host, method, path, sent] of table)
      answers.push([host, method, path, sent, (await withHost(stack, host, method, path, sent)).status]);
    expect(answers).toEqual(table);

    const refused = await withHost(stack, 'rebound.example', 'GET', '/api/generations');
    expect(refused.head).toMatch(/content-type: application\/json/i);
    expect(JSON.parse(refused.body).error.code).toBe('misdirected_request');
    // The refused create made no draft: nothing was queued.
    const waiting = await stack.api[0]!.queue.getJobCounts('waiting');
    expect(waiting.waiting).toBe(0);
  });
});

describe('with keys', () => {
  it('answers any Host by default (every draft needs a key), and only ALLOWED_HOSTS when set', async () => {
    const open = await startStack({
      workers: 0,
      env: { API_KEYS: KEY, SESSION_SECRET: 'hosts-session-secret-0123456789abcdef' },
    });
    try {
      expect((await withHost(open, 'contracts.example.com', 'GET', '/api/generations')).status).toBe(401);
    } finally {
      await open.close();
    }
    const env = { API_KEYS: KEY, SESSION_SECRET: 'hosts-session-secret-0123456789abcdef' };
    const named = await startStack({
      workers: 0,
      env: { ...env, ALLOWED_HOSTS: 'contracts.example.com,*.internal.example' },
    });
    try {
      const table: [string, number][] = [
        ['contracts.example.com', 401],
        ['contracts.example.com:443', 401],
        ['eu.internal.example', 401],
        ['internal.example', 421],
        ['contracts.example.com.evil.example', 421],
        [`127.0.0.1:${new URL(named.apiUrl).port}`, 421],
      ];
      const answers = [];
      for (const [host] of table) answers.push([host, (await withHost(named, host, 'GET', '/api/generations')).status]);
      expect(answers).toEqual(table);
    } finally {
      await named.close();
    }
  });
});
