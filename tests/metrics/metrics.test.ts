import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/metrics/metrics.js';
import { countFrames } from '../../src/domain/event-codec.js';
import { appendedAt, observeRelays } from '../../src/metrics/relay-observer.js';
import { EventHub } from '../../src/bus/event-hub.js';
import { startMetricsServer } from '../../src/metrics/metrics-server.js';
import { readEvents } from '../support/sse-client.js';
import { postJson, uniquePrefix, waitForStatus, startStack, type Stack } from '../support/stack.js';
import { eventually, freePort, sample, scrape } from '../support/logging.js';
import { inject } from 'vitest';

// The named series of the README's metrics table must move during a generation. The API and the worker run on one set
// of connections here, as `npm start` runs them, so one /metrics shows the series of both.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ oneProcess: true, workers: 1, tokensPerSec: 150 });
});
afterAll(() => stack.close());

describe('/metrics during a generation', () => {
  it('serves Prometheus text with the process metrics and every named series', async () => {
    const response = await fetch(`${stack.apiUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    for (const name of [
      'process_cpu_seconds_total',
      'nodejs_eventloop_lag_seconds',
      'cg_generations',
      'cg_queue_jobs',
      'cg_sse_connections',
      'cg_tokens_relayed_total',
      'cg_tokens_appended_total',
      'cg_time_to_first_token_seconds',
      'cg_relay_latency_seconds',
      'cg_fallbacks_total',
      'cg_takeovers_total',
      'cg_webhook_deliveries_total',
      'cg_worker_runs_total',
      'cg_rate_limited_total',
      'cg_http_requests_total',
    ]) {
      expect(text, name).toContain(`# TYPE ${name} `);
    }
    expect(sample(text, 'cg_metrics_source_up', { source: 'postgres' })).toBe(1);
    expect(sample(text, 'cg_metrics_source_up', { source: 'queue' })).toBe(1);
    expect(sample(text, 'cg_webhook_deliveries_total', { outcome: 'delivered' })).toBe(0);
  });

  it('moves tokens, SSE connections, time to first token, generation counts and run outcomes', async () => {
    const before = await scrape(stack.apiUrl);
    const relayedBefore = sample(before, 'cg_tokens_relayed_total') ?? 0;
    const appendedBefore = sample(before, 'cg_tokens_appended_total') ?? 0;
    const ttftBefore = sample(before, 'cg_time_to_first_token_seconds_count') ?? 0;

    const created = await postJson(`${stack.apiUrl}/api/generations`, {
      prompt: 'A metrics test app',
      template: 'nda',
    });
    expect(created.status).toBe(202);
    // A viewer stays connected while we scrape: the gauge counts it.
    const viewer = readEvents(`${stack.apiUrl}/api/generations/${created.body.id}/events`);
    const during = await eventually(async () => {
      const text = await scrape(stack.apiUrl);
      return (sample(text, 'cg_sse_connections') ?? 0) >= 1 &&
        (sample(text, 'cg_tokens_relayed_total') ?? 0) > relayedBefore
        ? text
        : undefined;
    }, 'an open SSE connection and relayed tokens');
    expect(sample(during, 'cg_sse_viewed_generations')).toBeGreaterThanOrEqual(1);
    // Open generations only (a cheap, index-backed count): ours is being written.
    expect(sample(during, 'cg_generations', { status: 'streaming', mode: 'stream' })).toBeGreaterThanOrEqual(1);
    expect(sample(during, 'cg_generations', { status: 'completed', mode: 'stream' })).toBeUndefined();

    const stream = await viewer;
    expect(stream.events.at(-1)?.event).toBe('done');
    const tokenEvents = stream.events.filter((e) => e.event === 'token').length;
    await waitForStatus(stack.apiUrl, created.body.id, ['completed']);

    const after = await eventually(async () => {
      const text = await scrape(stack.apiUrl);
      return sample(text, 'cg_sse_connections') === 0 ? text : undefined;
    }, 'the SSE gauge back to 0');
    // Every token event the viewer got went through this process's subscriber (none came from a
    // replay: the viewer connected before the run started writing) or the log read at connect.
    const relayed = (sample(after, 'cg_tokens_relayed_total') ?? 0) - relayedBefore;
    expect(relayed).toBeGreaterThan(0);
    expect(relayed).toBeLessThanOrEqual(tokenEvents);
    // The worker counts tokens before the writer coalesces them: at least as many as were published.
    expect((sample(after, 'cg_tokens_appended_total') ?? 0) - appendedBefore).toBeGreaterThanOrEqual(tokenEvents);
    expect((sample(after, 'cg_time_to_first_token_seconds_count') ?? 0) - ttftBefore).toBe(1);
    expect(sample(after, 'cg_worker_runs_total', { outcome: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(
      sample(after, 'cg_http_requests_total', { method: 'POST', route: '/api/generations', status: '202' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('counts a fallback to chunked mode', async () => {
    const before = sample(await scrape(stack.apiUrl), 'cg_fallbacks_total') ?? 0;
    // Every streamed call is cut: after its stream attempts the run falls back to chunked calls.
    const created = await postJson(`${stack.apiUrl}/api/generations`, {
      prompt: 'Cut me [[sim:cut=15;tps=0]]',
      template: 'nda',
    });
    const done = await waitForStatus(stack.apiUrl, created.body.id, ['completed', 'failed'], 45_000);
    expect(done.status).toBe('completed');
    expect(done.sections.map((section: { mode: string }) => section.mode)).toContain('chunked');
    expect((sample(await scrape(stack.apiUrl), 'cg_fallbacks_total') ?? 0) - before).toBe(1);
  });

  it('reports queue jobs by state, read from BullMQ at scrape time', async () => {
    // A stack without workers: what is created stays waiting.
    const idle = await startStack({ workers: 0 });
    try {
      for (let i = 0; i < 2; i++)
        expect((await postJson(`${idle.apiUrl}/api/generations`, { prompt: `waiting ${i}` })).status).toBe(202);
      const text = await scrape(idle.apiUrl);
      expect(sample(text, 'cg_queue_jobs', { state: 'waiting' })).toBe(2);
      expect(sample(text, 'cg_queue_jobs', { state: 'active' })).toBe(0);
      expect(sample(text, 'cg_queue_jobs', { state: 'failed' })).toBe(0);
    } finally {
      await idle.close();
    }
  });
});

describe('worker metrics port', () => {
  it('a worker with WORKER_METRICS_PORT serves its own /metrics and /healthz', async () => {
    const port = await freePort();
    const worker = await startStack({ apis: 0, workers: 1, env: { WORKER_METRICS_PORT: String(port) } });
    try {
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(text).toContain('# TYPE cg_tokens_appended_total counter');
      expect(text).toContain('# TYPE process_cpu_seconds_total counter');
      expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);
    } finally {
      await worker.close();
    }
    // Closed with the worker.
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it('startMetricsServer refuses other methods', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const server = await startMetricsServer(metrics.registry, 0, { token: undefined, keysSet: false }, '127.0.0.1');
    try {
      expect((await fetch(`http://127.0.0.1:${server.port}/metrics`, { method: 'POST' })).status).toBe(405);
    } finally {
      await server.close();
    }
  });
});

describe('relay observer', () => {
  it('reads token counts and an optional append time from published batches', () => {
    const frames =
      'id: 5\nevent: token\ndata: {"seq":5}\n\nid: 6\nevent: section_end\ndata: {}\n\nid: 7\nevent: token\ndata: {}\n\n';
    expect(countFrames(`\n${frames}`, 'token')).toBe(2);
    expect(appendedAt(`5 7 token\n${frames}`)).toBeUndefined();
    expect(appendedAt(`5 7 token 1760000000123\n${frames}`)).toBe(1760000000123);
    expect(appendedAt('5 7 token abc\n')).toBeUndefined();
  });

  it('observes relay latency and tokens for batches on real Redis pub/sub', async () => {
    const prefix = uniquePrefix();
    const metrics = createMetrics({ defaultMetrics: false });
    const subscriber = new Redis(inject('redisUrl'));
    const publisher = new Redis(inject('redisUrl'));
    try {
      const hub = new EventHub(subscriber, prefix).start();
      const stop = observeRelays(hub, prefix, metrics);
      const channel = `${prefix}:gen:{00000000-0000-4000-8000-000000000000}:events`;
      await subscriber.subscribe(channel, `${prefix}:control`);
      const received = new Promise<void>((resolve) =>
        subscriber.on('message', (ch: string) => ch === channel && resolve()),
      );
      // Another channel of the same connection (stop requests) is not a batch.
      await publisher.publish(`${prefix}:control`, 'whatever');
      await publisher.publish(
        channel,
        `1 2 token ${Date.now() - 40}\nid: 1\nevent: token\ndata: {}\n\nid: 2\nevent: token\ndata: {}\n\n`,
      );
      await received;
      const text = await metrics.registry.metrics();
      expect(sample(text, 'cg_tokens_relayed_total')).toBe(2);
      expect(sample(text, 'cg_relay_latency_seconds_count')).toBe(1);
      expect(sample(text, 'cg_relay_latency_seconds_sum')).toBeGreaterThanOrEqual(0.04);
      stop();
      hub.close();
    } finally {
      subscriber.disconnect();
      publisher.disconnect();
    }
  });
});

describe('worker run accounting', () => {
  it('counts takeovers by cause when a job attempt follows a stalled or failed one', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.jobStarted({ attemptsMade: 0, stalledCounter: 0 });
    metrics.jobStarted({ attemptsMade: 0, stalledCounter: 1 });
    metrics.jobStarted({ attemptsMade: 1, stalledCounter: 0 });
    const text = await metrics.registry.metrics();
    expect(sample(text, 'cg_takeovers_total', { cause: 'stalled' })).toBe(1);
    expect(sample(text, 'cg_takeovers_total', { cause: 'retry' })).toBe(1);
  });

  it('counts webhook deliveries by outcome', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.recordWebhookDelivery('delivered');
    metrics.recordWebhookDelivery('retry');
    metrics.recordWebhookDelivery('retry');
    const text = await metrics.registry.metrics();
    expect(sample(text, 'cg_webhook_deliveries_total', { outcome: 'retry' })).toBe(2);
    expect(sample(text, 'cg_webhook_deliveries_total', { outcome: 'failed' })).toBe(0);
  });
});
