import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDocumentMarkdown } from '../../src/domain/templates.js';
import type { DeliveryEvent } from '../../src/webhooks/index.js';
import { getJson, startStack, type Stack } from '../support/stack.js';
import {
  batchBody,
  CALLBACK_SECRET,
  sendWebhook,
  signedHeaders,
  startReceiver,
  waitFor,
  WEBHOOK_SECRET,
  type Receiver,
} from './support.js';

// Callback delivery against real HTTP receivers on 127.0.0.1 (CALLBACK_ALLOW_PRIVATE=true), with
// a short retry schedule: signed with Standard Webhooks, retried, stopped by 410, never redirected.

let stack: Stack;
const deliveryEvents: DeliveryEvent[] = [];
const receivers: Receiver[] = [];
beforeAll(async () => {
  stack = await startStack({
    batchWorkers: { onDelivery: (event) => deliveryEvents.push(event) },
    env: {
      WEBHOOK_SECRET,
      CALLBACK_SIGNING_SECRET: CALLBACK_SECRET,
      CALLBACK_ALLOW_PRIVATE: 'true',
      CALLBACK_RETRY_DELAYS_MS: '100,200,400',
      CALLBACK_TIMEOUT_MS: '800',
    },
  });
});
afterAll(async () => {
  await stack?.close();
  for (const r of receivers) await r.close();
});

async function receiver(respond?: Parameters<typeof startReceiver>[0]) {
  const r = await startReceiver(respond);
  receivers.push(r);
  return r;
}

async function submit(callbackUrl: string, prompts: string[]) {
  const body = batchBody(callbackUrl, prompts);
  const answer = await sendWebhook(stack.apiUrl, body, signedHeaders(body));
  expect(answer.status).toBe(202);
  return answer.body as { batchId: string; generations: string[] };
}

async function deliveries(batchId: string) {
  return (await getJson(`${stack.apiUrl}/api/batches/${batchId}/deliveries`)).body;
}

/** Waits until the callback reached a final status (delivered, failed, gone, refused). */
async function settledDeliveries(batchId: string) {
  return waitFor('callback settled', async () => {
    const body = await deliveries(batchId);
    return body.callbackStatus !== 'pending' ? body : undefined;
  });
}

const verify = (r: { headers: Record<string, unknown>; body: string }) =>
  new Webhook(CALLBACK_SECRET).verify(r.body, r.headers as Record<string, string>) as any;

describe('callback delivery', () => {
  it('POSTs the results once, signed so that the standardwebhooks library verifies them', async () => {
    const hook = await receiver();
    const { batchId, generations } = await submit(`${hook.url}/results?token=abc`, ['A hiking app', 'A bakery']);
    const log = await settledDeliveries(batchId);
    expect(log.callbackStatus).toBe('delivered');
    expect(hook.requests).toHaveLength(1);

    const [request] = hook.requests;
    expect(request!.headers['content-type']).toBe('application/json');
    const payload = verify(request!);
    expect(payload.batchId).toBe(batchId);
    expect(payload.status).toBe('completed');
    expect(payload.generations.map((g: { id: string }) => g.id)).toEqual(generations);
    for (const [i, g] of (payload.generations as any[]).entries()) {
      expect(g.status).toBe('completed');
      expect(g.metadata).toEqual({ ref: `r${i}` });
      expect(g.sections).toHaveLength(10);
      const stored = (await getJson(`${stack.apiUrl}/api/generations/${g.id}`)).body;
      expect(g.sections).toEqual(stored.sections.map(({ index, title, content }: any) => ({ index, title, content })));
      expect(g.document).toBe(renderDocumentMarkdown('Terms of Service', g.sections));
    }
    // Anyone else's secret does not verify it.
    expect(() =>
      new Webhook(`whsec_${Buffer.from('someone else').toString('base64')}`).verify(
        request!.body,
        request!.headers as any,
      ),
    ).toThrow();

    expect(log.deliveries).toHaveLength(1);
    expect(log.deliveries[0]).toMatchObject({
      attempt: 1,
      outcome: 'delivered',
      statusCode: 200,
      error: null,
      webhookId: request!.headers['webhook-id'],
    });
    expect(log.deliveries[0].durationMs).toBeGreaterThanOrEqual(0);
    const batch = (await getJson(`${stack.apiUrl}/api/batches/${batchId}`)).body;
    expect(batch).toMatchObject({ status: 'completed', callback: { status: 'delivered' } });
    expect(JSON.stringify(batch)).not.toContain('token=abc');
    expect(deliveryEvents.filter((e) => e.batchId === batchId).map((e) => e.outcome)).toEqual(['delivered']);
  });

  it('retries after a 500, honouring Retry-After, with the same webhook-id and a fresh signature', async () => {
    const hook = await receiver((res, n) => {
      if (n === 0) res.writeHead(500, { 'retry-after': '1' }).end('oops');
      else res.writeHead(204).end();
    });
    const { batchId } = await submit(hook.url, ['Retry me']);
    const log = await settledDeliveries(batchId);
    expect(log.callbackStatus).toBe('delivered');
    expect(log.deliveries.map((d: any) => [d.attempt, d.outcome, d.statusCode])).toEqual([
      [1, 'retry', 500],
      [2, 'delivered', 204],
    ]);
    expect(log.deliveries[0].error).toMatch(/500/);
    expect(log.deliveries[0].nextAttemptAt).not.toBeNull();

    const [first, second] = hook.requests;
    // The schedule says 100 ms; the receiver asked for 1 s.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(Number(second!.headers['webhook-timestamp'])).toBeGreaterThan(Number(first!.headers['webhook-timestamp']));
    expect(second!.headers['webhook-signature']).not.toBe(first!.headers['webhook-signature']);
    expect(verify(second!).batchId).toBe(batchId);
    expect(second!.body).toBe(first!.body);
  });

  it('stops for good on 410 Gone', async () => {
    const hook = await receiver((res) => res.writeHead(410).end());
    const { batchId } = await submit(hook.url, ['Gone']);
    const log = await settledDeliveries(batchId);
    expect(log.callbackStatus).toBe('gone');
    // Longer than the whole schedule (100 + 200 + 400 ms): no other attempt comes.
    await new Promise((r) => setTimeout(r, 1200));
    expect(hook.requests).toHaveLength(1);
    expect((await deliveries(batchId)).deliveries.map((d: any) => [d.outcome, d.statusCode])).toEqual([['gone', 410]]);
  });

  it('does not follow a redirect: 3xx is a failed attempt, retried until the schedule is spent', async () => {
    const target = await receiver();
    const hook = await receiver((res) => res.writeHead(302, { location: `${target.url}/elsewhere` }).end());
    const { batchId } = await submit(hook.url, ['Redirect me']);
    const log = await settledDeliveries(batchId);
    expect(log.callbackStatus).toBe('failed');
    expect(log.deliveries.map((d: any) => [d.attempt, d.outcome, d.statusCode])).toEqual([
      [1, 'retry', 302],
      [2, 'retry', 302],
      [3, 'retry', 302],
      [4, 'failed', 302],
    ]);
    expect(log.deliveries[3].nextAttemptAt).toBeNull();
    expect(hook.requests).toHaveLength(4);
    expect(target.requests).toHaveLength(0);
  });

  it('gives up on an attempt after CALLBACK_TIMEOUT_MS and tries again', async () => {
    const hook = await receiver((res, n) => {
      if (n === 0) setTimeout(() => res.writeHead(200).end(), 3000).unref();
      else res.writeHead(200).end();
    });
    const { batchId } = await submit(hook.url, ['Slow receiver']);
    const log = await settledDeliveries(batchId);
    expect(log.deliveries.map((d: any) => [d.outcome, d.statusCode, d.error])).toEqual([
      ['retry', null, 'timed out'],
      ['delivered', 200, null],
    ]);
    expect(log.deliveries[0].durationMs).toBeGreaterThanOrEqual(700);
  });

  it('reports a partial batch, a failed generation without a document', async () => {
    const hook = await receiver();
    const { batchId, generations } = await submit(hook.url, ['Fine', 'Broken [[sim:status=401;id=partial]]']);
    await settledDeliveries(batchId);
    const payload = verify(hook.requests[0]!);
    expect(payload.status).toBe('partial');
    expect(payload.generations.map((g: any) => [g.id, g.status])).toEqual([
      [generations[0], 'completed'],
      [generations[1], 'failed'],
    ]);
    expect(payload.generations[1].document).toBeNull();
    expect(payload.generations[1].error).toBeTruthy();
    expect((await getJson(`${stack.apiUrl}/api/batches/${batchId}`)).body.status).toBe('partial');
  });

  it('waits for a generation paused mid-batch, and calls back once it is resumed and done', async () => {
    const hook = await receiver();
    const body = batchBody(hook.url, ['Paused in a batch [[sim:tps=500]]'], { mode: 'stream' });
    const answer = await sendWebhook(stack.apiUrl, body, signedHeaders(body));
    const { batchId, generations } = answer.body as { batchId: string; generations: string[] };
    const id = generations[0]!;
    await waitFor(
      'streaming',
      async () => (await getJson(`${stack.apiUrl}/api/generations/${id}`)).body.status === 'streaming',
    );
    const paused = await fetch(`${stack.apiUrl}/api/generations/${id}/pause`, { method: 'POST' });
    expect(paused.status).toBe(200);

    // The flow's child job ended ('stopped'), but the generation is not done: the batch waits.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await getJson(`${stack.apiUrl}/api/batches/${batchId}`)).body).toMatchObject({
      status: 'running',
      callback: { status: 'pending' },
    });
    expect(hook.requests).toHaveLength(0);

    expect((await fetch(`${stack.apiUrl}/api/generations/${id}/resume`, { method: 'POST' })).status).toBe(200);
    const log = await settledDeliveries(batchId);
    expect(log.callbackStatus).toBe('delivered');
    const payload = verify(hook.requests[0]!);
    expect(payload.status).toBe('completed');
    expect(payload.generations[0].sections).toHaveLength(10);
    expect(hook.requests).toHaveLength(1);
  });

  it('answers 404 for an unknown batch and 400 for a malformed id', async () => {
    expect((await getJson(`${stack.apiUrl}/api/batches/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await getJson(`${stack.apiUrl}/api/batches/nope/deliveries`)).status).toBe(400);
  });
});
