import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { BatchQueues, createBatchService } from '../../src/webhooks/index.js';
import {
  AddressRefusedError,
  CallbackGuard,
  refusalOf,
  systemResolver,
  type Resolver,
} from '../../src/webhooks/ssrf-guard.js';
import { getJson, startStack, type Stack } from '../support/stack.js';
import {
  batchBody,
  CALLBACK_SECRET,
  signedHeaders,
  startReceiver,
  waitFor,
  WEBHOOK_SECRET,
  type Receiver,
} from './support.js';

// The SSRF guard with CALLBACK_ALLOW_PRIVATE off. Every refusal below happens before any socket is
// opened: the only addresses these tests ever connect to are 127.0.0.1 listeners of their own, and
// those count connections to prove the guard kept us away from them.

/** A TCP listener on 127.0.0.1 that counts the connections it gets. */
async function countingListener(): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  let count = 0;
  const server: Server = createServer((socket) => {
    count += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A resolver with fixed answers (names under .example.test never reach real DNS); others: the system's. */
const fixed =
  (map: Record<string, string[]>): Resolver =>
  async (hostname) => {
    const addresses = map[hostname];
    if (addresses) return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    if (hostname.endsWith('.example.test'))
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return systemResolver(hostname);
  };

describe('address classification', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.1.2.3', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fd00::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'ipv4Mapped loopback'],
    ['::ffff:169.254.169.254', 'ipv4Mapped linkLocal'],
    ['::ffff:10.0.0.1', 'ipv4Mapped private'],
    ['64:ff9b::a00:1', 'rfc6052'],
    ['2002:7f00:1::', '6to4'],
    // IPv4-compatible IPv6, as a URL writes it ([::127.0.0.1] becomes [::7f00:1]).
    ['::7f00:1', 'ipv4Compatible'],
    ['::127.0.0.1', 'ipv4Mapped loopback'],
    ['::808:808', 'ipv4Compatible'],
  ])('%s is refused (%s)', (address, range) => {
    expect(refusalOf(address)).toBe(range);
  });

  it.each(['8.8.8.8', '93.184.216.34', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('%s is allowed', (address) => {
    expect(refusalOf(address)).toBeUndefined();
  });
});

describe('at connect time, guard on', () => {
  let listener: Awaited<ReturnType<typeof countingListener>>;
  beforeAll(async () => {
    listener = await countingListener();
  });
  afterAll(() => listener.close());

  const refusedBeforeConnecting = async (url: string, resolve?: Resolver) => {
    // The listener's port is allowed: these are refused for their address, not their port.
    const guard = new CallbackGuard({ allowPrivate: false, resolve, allowedPorts: [listener.port] });
    const agent = guard.createAgent({ connectTimeoutMs: 2000 });
    try {
      const error = await request(url, { method: 'POST', body: '{}', dispatcher: agent }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, url).toBeInstanceOf(AddressRefusedError);
      return error as AddressRefusedError;
    } finally {
      await agent.close();
    }
  };

  it('refuses the SSRF table without opening a connection', async () => {
    const port = listener.port;
    const table: [string, Resolver | undefined, string][] = [
      [`http://127.0.0.1:${port}/`, undefined, 'loopback'],
      [`http://localhost:${port}/`, undefined, 'loopback'],
      [`http://[::1]:${port}/`, undefined, 'loopback'],
      [`http://[::ffff:127.0.0.1]:${port}/`, undefined, 'ipv4Mapped loopback'],
      [`http://[::127.0.0.1]:${port}/`, undefined, 'ipv4Compatible'],
      ['http://93.184.216.34:8080/', fixed({}), 'port'],
      [`http://2130706433:${port}/`, undefined, 'loopback'],
      ['http://10.0.0.1/', undefined, 'private'],
      ['http://169.254.169.254/latest/meta-data/', undefined, 'linkLocal'],
      ['https://169.254.169.254/', undefined, 'linkLocal'],
      [`http://internal.example.test:${port}/`, fixed({ 'internal.example.test': ['127.0.0.1'] }), 'loopback'],
      // One bad address among good ones is enough to refuse the name.
      [
        `http://mixed.example.test:${port}/`,
        fixed({ 'mixed.example.test': ['93.184.216.34', '127.0.0.1'] }),
        'loopback',
      ],
      [
        'http://metadata.example.test/',
        fixed({ 'metadata.example.test': ['::ffff:169.254.169.254'] }),
        'ipv4Mapped linkLocal',
      ],
    ];
    for (const [url, resolve, range] of table) {
      const error = await refusedBeforeConnecting(url, resolve);
      expect(error.range, url).toBe(range);
    }
    expect(listener.connections()).toBe(0);
  });

  it('checks the addresses at connect time, so a name rebinding to 127.0.0.1 after the intake check gets nowhere', async () => {
    let calls = 0;
    const rebinding: Resolver = async () => [{ address: calls++ === 0 ? '93.184.216.34' : '127.0.0.1', family: 4 }];
    const guard = new CallbackGuard({ allowPrivate: false, resolve: rebinding, allowedPorts: [listener.port] });
    const url = `http://rebind.example.test:${listener.port}/`;
    expect(await guard.checkUrl(url)).toBeUndefined();
    const agent = guard.createAgent({ connectTimeoutMs: 2000 });
    try {
      await expect(request(url, { method: 'POST', body: '{}', dispatcher: agent })).rejects.toBeInstanceOf(
        AddressRefusedError,
      );
    } finally {
      await agent.close();
    }
    expect(calls).toBe(2);
    expect(listener.connections()).toBe(0);
  });

  it('does not follow a redirect to an internal address', async () => {
    // The receiver stands for a public server: this guard treats exactly 127.0.0.1 as public.
    const inside = await startReceiver();
    const outside = await startReceiver((res, _n, req) =>
      res.writeHead(302, { location: String(req.headers['x-location']) }).end(),
    );
    const guard = new CallbackGuard({
      allowPrivate: false,
      refusal: (a) => (a === '127.0.0.1' ? undefined : refusalOf(a)),
      allowedPorts: [inside.port, outside.port],
    });
    const agent = guard.createAgent({ connectTimeoutMs: 2000 });
    try {
      for (const location of ['http://169.254.169.254/latest/meta-data/', `http://localhost:${inside.port}/admin`]) {
        const response = await request(outside.url, {
          method: 'POST',
          body: '{}',
          dispatcher: agent,
          headers: { 'x-location': location },
        });
        await response.body.dump();
        expect(response.statusCode).toBe(302);
      }
    } finally {
      await agent.close();
      await outside.close();
      await inside.close();
    }
    expect(outside.requests).toHaveLength(2);
    expect(inside.requests).toHaveLength(0);
  });
});

describe('through the service, guard on', () => {
  let stack: Stack;
  let target: Receiver;
  beforeAll(async () => {
    target = await startReceiver();
    stack = await startStack({
      // The worker's resolver: the callback host now points at 127.0.0.1 (DNS rebinding).
      batchWorkers: { resolve: fixed({ 'callbacks.example.test': ['127.0.0.1'] }) },
      // The receiver's port is allowed, as an operator would with CALLBACK_ALLOWED_PORTS.
      env: {
        WEBHOOK_SECRET,
        CALLBACK_SIGNING_SECRET: CALLBACK_SECRET,
        CALLBACK_ALLOW_PRIVATE: 'false',
        CALLBACK_ALLOWED_PORTS: String(target.port),
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
    await target?.close();
  });

  /** The API app of the stack, its intake resolving names with `resolve`. */
  const appResolving = (resolve: Resolver) => {
    const deps = stack.api[0]!;
    const batches = createBatchService({
      config: deps.config,
      logger: deps.logger,
      db: deps.database.db,
      // Queues of its own: the test closes them with the service.
      queues: new BatchQueues(deps.redis, deps.config.REDIS_PREFIX, deps.config.CALLBACK_RETRY_DELAYS_MS),
      log: deps.log,
      resolve,
    });
    return { app: createApp({ ...deps, batches }), batches };
  };

  it('refuses internal callback URLs at intake with 400, storing nothing', async () => {
    const { app, batches } = appResolving(
      fixed({ 'intranet.example.test': ['10.1.2.3'], 'localhost.example.test': ['127.0.0.1'] }),
    );
    const marker = `ssrf-${randomUUID()}`;
    const urls = [
      `http://127.0.0.1:${target.port}/`,
      `http://localhost:${target.port}/`,
      'http://10.0.0.1/',
      'http://169.254.169.254/latest/meta-data/',
      `http://[::1]:${target.port}/`,
      `http://[::ffff:127.0.0.1]:${target.port}/`,
      `http://[::127.0.0.1]:${target.port}/`,
      'http://93.184.216.34:8080/',
      `http://localhost.example.test:${target.port}/`,
      'http://intranet.example.test/',
      'http://0x7f.1/',
      'http://unresolvable.example.test/',
      'http://user:secret@93.184.216.34/',
    ];
    const expected = (url: string) =>
      url.includes('unresolvable')
        ? /could not be resolved/
        : url.includes('user:secret')
          ? /credentials/
          : url.includes(':8080')
            ? /port is not allowed/
            : /^callbackUrl: the callback host is not a public address$/;
    for (const url of urls) {
      const body = batchBody(url, [marker]);
      const headers = signedHeaders(body);
      const response = await app.request('/api/webhooks/generations', { method: 'POST', headers, body });
      const answer = (await response.json()) as any;
      expect({ url, status: response.status, code: answer.error?.code }).toEqual({
        url,
        status: 400,
        code: 'invalid_callback_url',
      });
      expect(answer.error.message, url).toMatch(expected(url));
      // Nothing about what the name resolved to.
      expect(answer.error.message, url).not.toMatch(/10\.1\.2\.3|127\.0\.0\.1|resolves/);
      expect(await batches.store.findByWebhookId(headers['webhook-id']!)).toBeUndefined();
    }
    const rows = await stack.api[0]!.database.sql<
      { n: number }[]
    >`select count(*)::int as n from generations where prompt = ${marker}`;
    expect(rows[0]?.n).toBe(0);
    await batches.close();
  });

  it('refuses at delivery a host that resolved to a public address at intake and to 127.0.0.1 later, and records it', async () => {
    const { app, batches } = appResolving(fixed({ 'callbacks.example.test': ['93.184.216.34'] }));
    const body = batchBody(`http://callbacks.example.test:${target.port}/hook`, ['Rebinding']);
    const response = await app.request('/api/webhooks/generations', {
      method: 'POST',
      headers: signedHeaders(body),
      body,
    });
    expect(response.status).toBe(202);
    const { batchId } = (await response.json()) as { batchId: string };
    const log = await waitFor('callback refused', async () => {
      const { body: b } = await getJson(`${stack.apiUrl}/api/batches/${batchId}/deliveries`);
      return b.callbackStatus !== 'pending' ? b : undefined;
    });
    expect(log.callbackStatus).toBe('refused');
    expect(log.deliveries).toHaveLength(1);
    expect(log.deliveries[0]).toMatchObject({ attempt: 1, outcome: 'refused', statusCode: null });
    expect(log.deliveries[0].error).toBe('the callback host is not a public address');
    expect(target.requests).toHaveLength(0);
    await batches.close();
  });
});
