import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents } from '../../support/sse-client.js';
import { postJson, startStack, type Stack } from '../../support/stack.js';
import { capturingLogger, eventually } from '../../support/logging.js';

// Logs are pino JSON: one access line per request with its request id, and the generation id where
// there is one; no secret and no prompt at info, from the API or the worker.

const KEY = 'log-test-key-7c1e0b5a93-0123456';
const PROMPT_MARKER = 'Zanzibar-quokka-4417';

let stack: Stack;
const captured = capturingLogger('info');
const access = () => captured.lines.filter((l) => l.msg === 'request');

beforeAll(async () => {
  stack = await startStack({
    logger: captured.logger,
    env: {
      API_KEYS: KEY,
      SESSION_SECRET: 'log-test-session-secret-0123456789abcdef',
      ADMIN_TOKEN: 'log-admin-token-55',
    },
  });
});
afterAll(() => stack.close());

describe('access log', () => {
  it('logs method, path, status, duration, request id and generation id for a creation', async () => {
    const created = await postJson(
      `${stack.apiUrl}/api/generations`,
      { prompt: `A shop selling ${PROMPT_MARKER} [[sim:tps=0]]` },
      { authorization: `Bearer ${KEY}`, 'x-request-id': 'req-test-123' },
    );
    expect(created.status).toBe(202);
    expect(created.headers.get('x-request-id')).toBe('req-test-123');
    const line = await eventually(async () => access().find((l) => l.requestId === 'req-test-123'), 'the access line');
    expect(line).toMatchObject({
      level: 30,
      method: 'POST',
      path: '/api/generations',
      status: 202,
      generationId: created.body.id,
      keyId: expect.stringMatching(/^[0-9a-f]{12}$/),
    });
    expect(typeof line.ms).toBe('number');
  });

  it('logs an event stream once it ends, with how long it stayed open', async () => {
    const created = await postJson(
      `${stack.apiUrl}/api/generations`,
      { prompt: `Stream ${PROMPT_MARKER}` },
      { authorization: `Bearer ${KEY}` },
    );
    const stream = await readEvents(`${stack.apiUrl}/api/generations/${created.body.id}/events?access_token=${KEY}`);
    expect(stream.events.at(-1)?.event).toBe('done');
    const line = await eventually(
      async () =>
        access().find((l) => l.path === `/api/generations/${created.body.id}/events` && l.streamMs !== undefined),
      'the stream access line',
    );
    expect(line).toMatchObject({
      method: 'GET',
      status: 200,
      generationId: created.body.id,
      requestId: expect.any(String),
    });
    // The path is logged without its query string, which held the key.
    expect(JSON.stringify(line)).not.toContain('access_token');
  });

  it('skips probes and scrapes, and logs a refused request', async () => {
    const before = access().length;
    await fetch(`${stack.apiUrl}/healthz`);
    await fetch(`${stack.apiUrl}/metrics`);
    await fetch(`${stack.apiUrl}/readyz`);
    const refused = await fetch(`${stack.apiUrl}/api/generations`, { headers: { 'x-request-id': 'req-refused-1' } });
    expect(refused.status).toBe(401);
    const line = await eventually(async () => access().find((l) => l.requestId === 'req-refused-1'), 'the 401 line');
    expect(line).toMatchObject({ status: 401, path: '/api/generations' });
    expect(
      access()
        .slice(before)
        .map((l) => l.path),
    ).toEqual(['/api/generations']);
  });

  it('never writes a key, the admin token, a session, a share token or a prompt at info', async () => {
    await fetch(`${stack.apiUrl}/admin/queues`, { headers: { authorization: 'Bearer log-admin-token-55' } });
    const created = await postJson(
      `${stack.apiUrl}/api/generations`,
      { prompt: `Shared ${PROMPT_MARKER}` },
      { authorization: `Bearer ${KEY}` },
    );
    const { url } = (
      await postJson(`${stack.apiUrl}/api/generations/${created.body.id}/share`, {}, { authorization: `Bearer ${KEY}` })
    ).body;
    const login = await fetch(`${stack.apiUrl}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.apiUrl },
      body: new URLSearchParams({ key: KEY }),
      redirect: 'manual',
    });
    const session = (login.headers.get('set-cookie') ?? '').split(';')[0]!.split('=')[1]!;
    expect((await fetch(`${stack.apiUrl}${url}/document.md`)).status).toBe(200);
    await fetch(`${stack.apiUrl}/`, { headers: { cookie: `cg_session=${session}` } });
    await eventually(async () => access().find((l) => l.path === '/s/[token]/document.md'), 'the share line');
    // Let the worker finish what it was given, so its logs are in.
    await new Promise((r) => setTimeout(r, 300));
    const all = captured.raw.join('');
    expect(captured.lines.length).toBeGreaterThan(3);
    expect(all).not.toContain(KEY);
    expect(all).not.toContain('log-admin-token-55');
    expect(all).not.toContain(PROMPT_MARKER);
    expect(all).not.toContain(url.split('/').pop());
    expect(all).not.toContain(session.split('.').at(-1));
  });
});
