import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { runSettings } from '../../src/worker/index.js';
import { failAbandoned } from '../../src/worker/processor.js';
import { buildWorkerDeps, openConnections, type Connections } from '../../src/wiring.js';
import { getJson, postJson, startStack, type Stack } from '../support/stack.js';
import { readEvents } from '../support/sse-client.js';

// A job BullMQ gives up on outside the processor (stalled past its limit) must not leave its
// generation "running" forever with no job behind it.

let stack: Stack;
let connections: Connections;
beforeAll(async () => {
  stack = await startStack({ workers: 0 });
  connections = openConnections(stack.config, 'test-abandoned');
});
afterAll(async () => {
  await connections.close();
  await stack.close();
});

it('fails an abandoned generation visibly, once, and leaves other runs alone', async () => {
  const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'Nobody will finish me' });
  const id = created.body.id as string;
  const worker = buildWorkerDeps(stack.config, createLogger('silent', 'test'), connections);
  const deps = { ...worker, log: stack.api[0]!.log, settings: runSettings(stack.config) };

  // A job of an older run is stale: it changes nothing.
  await failAbandoned({ generationId: id, run: 0 }, 'stale', deps);
  expect((await getJson(`${stack.apiUrl}/api/generations/${id}`)).body.status).toBe('queued');

  await failAbandoned(
    { generationId: id, run: 1 },
    'generation abandoned: job stalled more than allowable limit',
    deps,
  );
  const generation = (await getJson(`${stack.apiUrl}/api/generations/${id}`)).body;
  expect(generation).toMatchObject({ status: 'failed', error: expect.stringMatching(/abandoned/) });
  const stream = await readEvents(`${stack.apiUrl}/api/generations/${id}/events`);
  expect(stream.ended).toBe(true);
  expect(stream.events.map((e) => e.event)).toEqual(['status', 'error', 'status', 'done']);
  expect(stream.events.at(-1)?.data.status).toBe('failed');

  // Repeated (another worker saw the same failure): nothing more is written.
  await failAbandoned({ generationId: id, run: 1 }, 'again', deps);
  expect((await readEvents(`${stack.apiUrl}/api/generations/${id}/events`)).events).toHaveLength(4);
});
