import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EventLog } from '../../src/bus/event-log.js';
import type { Generation } from '../../src/db/generation-store.js';
import { EventWriter } from '../../src/generations/event-writer.js';
import { orderedSections, replayLog } from '../../src/views/document-state.js';
import { uniquePrefix } from '../support/stack.js';

// The page's first render replays the log; a log rebuilt after a loss starts past seq 1, with `resync`.

let redis: Redis;
let log: EventLog;
beforeAll(() => {
  redis = new Redis(inject('redisUrl'));
  log = new EventLog(redis, { prefix: uniquePrefix(), ttlSec: 60 });
});
afterAll(() => redis.disconnect());

const generation = (id: string) => ({ id, status: 'streaming', mode: 'stream' }) as Generation;

describe('document state', () => {
  it('renders a log rebuilt after a loss (opening with resync past seq 1) from the log, at its newest seq', async () => {
    const id = randomUUID();
    const { seq } = await log.claim(id, 3, 2000);
    const writer = new EventWriter(log, id, 3, seq);
    writer.push({ type: 'resync', reason: 'rebuilt' });
    writer.push({ type: 'section_start', index: 1, title: 'One' });
    writer.push({ type: 'section_end', index: 1, title: 'One', content: 'First.' });
    writer.push({ type: 'status', status: 'streaming', mode: 'stream' });
    writer.push({ type: 'section_start', index: 2, title: 'Two' });
    writer.push({ type: 'token', section: 2, text: 'Sec' });
    await writer.drain();
    const state = await replayLog(log, generation(id));
    expect(state?.seq).toBe(2006);
    expect(orderedSections(state!).map((s) => [s.index, s.content, s.text])).toEqual([
      [1, 'First.', ''],
      [2, undefined, 'Sec'],
    ]);
  });

  it('still refuses a log that starts past seq 1 without a resync (its start expired)', async () => {
    const id = randomUUID();
    const { seq } = await log.claim(id, 1, 40);
    const writer = new EventWriter(log, id, 1, seq);
    writer.push({ type: 'status', status: 'queued', mode: 'stream' });
    await writer.drain();
    expect(await replayLog(log, generation(id))).toBeUndefined();
  });
});
