import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { eventually } from '../support/logging.js';
import { postJson, startStack, type Stack } from '../support/stack.js';
import { hostAndPort, startTcpProxy, throughProxy, type TcpProxy } from '../support/tcp-proxy.js';

// A request that needs Postgres or Redis while it is down answers 503 `unavailable` with Retry-After,
// never a 500, and never the driver's words. The API reaches both through proxies the tests cut.

let stack: Stack;
let postgres: TcpProxy;
let redis: TcpProxy;
beforeAll(async () => {
  postgres = await startTcpProxy(hostAndPort(inject('databaseUrl'), 5432));
  redis = await startTcpProxy(hostAndPort(inject('redisUrl'), 6379));
  stack = await startStack({
    workers: 0,
    env: {
      DATABASE_URL: throughProxy(inject('databaseUrl'), postgres),
      REDIS_URL: throughProxy(inject('redisUrl'), redis),
    },
  });
});
afterAll(async () => {
  await postgres.restore();
  await redis.restore();
  await stack.close();
  await postgres.close();
  await redis.close();
});

async function call(method: 'GET' | 'POST', path: string, body?: unknown) {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    text,
    body: JSON.parse(text) as any,
  };
}

function expectUnavailable(reply: Awaited<ReturnType<typeof call>>) {
  expect(reply.status).toBe(503);
  expect(reply.body.error).toMatchObject({ code: 'unavailable', message: expect.any(String) });
  expect(Number(reply.retryAfter)).toBeGreaterThan(0);
  expect(reply.text).not.toMatch(/select|insert|ECONNREFUSED|CONNECTION|Command timed out/i);
}

const unknownId = '3b241101-e2bb-4255-8caf-4136c566a962';

describe('when Postgres is down', () => {
  it('answers create, read, commands and events that need it with 503 and Retry-After, then recovers', async () => {
    const created = await call('POST', '/api/generations', { prompt: 'Before the outage', mode: 'chunked' });
    expect(created.status).toBe(202);
    const id = created.body.id as string;

    await postgres.cut();
    expectUnavailable(await call('POST', '/api/generations', { prompt: 'During the outage' }));
    expectUnavailable(await call('GET', `/api/generations/${id}`));
    expectUnavailable(await call('POST', `/api/generations/${id}/cancel`, {}));
    // A stream whose log is gone must ask Postgres: 503 too.
    expectUnavailable(await call('GET', `/api/generations/${unknownId}/events`));

    await postgres.restore();
    const after = await eventually(async () => {
      const reply = await call('POST', '/api/generations', { prompt: 'After the outage', mode: 'chunked' });
      return reply.status === 202 ? reply : undefined;
    }, 'a create to succeed again');
    expect(after.body.status).toBe('queued');
  });
});

describe('when Redis is down', () => {
  it('answers create, commands and events with 503 once its commands time out, and reads from Postgres still work', async () => {
    const created = await call('POST', '/api/generations', { prompt: 'Before the Redis outage', mode: 'chunked' });
    const id = created.body.id as string;

    await redis.cut();
    expectUnavailable(await call('POST', '/api/generations', { prompt: 'During the Redis outage' }));
    expectUnavailable(await call('POST', `/api/generations/${id}/pause`, {}));
    expectUnavailable(await call('GET', `/api/generations/${id}/events`));
    expect((await call('GET', `/api/generations/${id}`)).status).toBe(200);

    await redis.restore();
    await eventually(
      async () =>
        (await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'Back' })).status === 202 ? true : undefined,
      'Redis back',
      30_000,
    );
  });
});
