import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EventLog, LogRolledBackError } from '../../src/bus/event-log.js';
import type { EventBody } from '../../src/domain/events.js';
import { EventWriter } from '../../src/generations/event-writer.js';
import { uniquePrefix } from '../support/stack.js';

/** A real EventLog that counts the appends that reach Redis. */
class CountingLog extends EventLog {
  appends = 0;
  override async append(id: string, token: number, prevSeq: number, events: EventBody[]): Promise<number> {
    this.appends += 1;
    return super.append(id, token, prevSeq, events);
  }
}

let redis: Redis;
let log: CountingLog;

beforeAll(() => {
  redis = new Redis(inject('redisUrl'));
  log = new CountingLog(redis, { prefix: uniquePrefix(), ttlSec: 60 });
});
afterAll(() => redis.disconnect());

async function writer(frameMs: number) {
  const id = randomUUID();
  const { seq } = await log.claim(id, 1, 0);
  return { id, writer: new EventWriter(log, id, 1, seq, { frameMs }) };
}

const waitFor = async (check: () => Promise<boolean>) => {
  while (!(await check())) await new Promise((r) => setTimeout(r, 10));
};

describe('frame pacing', () => {
  it('sends a delta at once when idle, then joins what comes within the interval into the next frame', async () => {
    const { id, writer: w } = await writer(600_000);
    const before = log.appends;
    // A heading does not start the interval: the first token after it goes out at once.
    w.push({ type: 'section_start', index: 1, title: 'One' });
    await waitFor(async () => (await log.currentSeq(id)) === 1);
    w.push({ type: 'token', section: 1, text: 'first ' });
    await waitFor(async () => (await log.currentSeq(id)) === 2);
    for (const text of ['a', 'b', 'c']) w.push({ type: 'token', section: 1, text });
    await new Promise((r) => setTimeout(r, 200));
    // The interval is ten minutes: nothing more went out by itself.
    expect(await log.currentSeq(id)).toBe(2);
    expect(log.appends - before).toBe(2);
    // drain (a checkpoint, the end of a run) does not wait for the interval; the tokens are one event.
    await w.drain();
    expect(log.appends - before).toBe(3);
    const frames = (await log.readFrames(id, 2)).frames;
    expect(frames.match(/event: token/g)).toHaveLength(1);
    expect(frames).toContain('"text":"abc"');
  });

  it('bounds appends by the interval whatever the pace of the deltas', async () => {
    const { writer: w } = await writer(50);
    const before = log.appends;
    const started = performance.now();
    let pushed = 0;
    while (performance.now() - started < 500) {
      w.push({ type: 'token', section: 1, text: `t${pushed++} ` });
      await new Promise((r) => setImmediate(r));
    }
    await w.drain();
    const elapsed = performance.now() - started;
    expect(pushed).toBeGreaterThan(100);
    // One append per started interval, plus the first and the drain.
    expect(log.appends - before).toBeLessThanOrEqual(Math.ceil(elapsed / 50) + 2);
    expect(w.lastSeq).toBe(log.appends - before);
  });

  it('appends each push at once without pacing (frameMs 0)', async () => {
    const { id, writer: w } = await writer(0);
    w.push({ type: 'section_start', index: 1, title: 'One' });
    await waitFor(async () => (await log.currentSeq(id)) === 1);
    w.push({ type: 'token', section: 1, text: 'x' });
    await waitFor(async () => (await log.currentSeq(id)) === 2);
    await w.drain();
    expect(w.lastSeq).toBe(2);
  });
});

describe('a log that lost its newest events', () => {
  it('stops the writer as fenced out and discards the log, so the next holder rebuilds it past every seq seen', async () => {
    const { id, writer: w } = await writer(0);
    let fenced: unknown;
    const stopped = new EventWriter(log, id, 1, w.lastSeq, { onFenced: (error) => (fenced = error) });
    stopped.push({ type: 'section_start', index: 1, title: 'One' });
    stopped.push({ type: 'token', section: 1, text: 'a' });
    await stopped.drain();
    expect(stopped.lastSeq).toBe(2);
    // What a failover that dropped the last writes leaves: the counter behind what was appended.
    await redis.hset(log.keys(id).head, 'seq', '1');
    stopped.push({ type: 'token', section: 1, text: 'b' });
    await expect(stopped.drain()).rejects.toBeInstanceOf(LogRolledBackError);
    expect(fenced).toBeInstanceOf(LogRolledBackError);
    expect(await log.currentSeq(id)).toBeUndefined();
    // The next holder's claim finds no log and starts from what Postgres reserved (here 1000).
    const next = await log.claim(id, 2, 1000);
    expect(next.seq).toBe(1000);
  });
});
