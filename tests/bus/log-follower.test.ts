import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EventHub } from '../../src/bus/event-hub.js';
import { EventLog, FencedError } from '../../src/bus/event-log.js';
import { LogFollower } from '../../src/bus/log-follower.js';
import { EventWriter } from '../../src/generations/event-writer.js';
import { uniquePrefix } from '../support/stack.js';
import { createParser } from 'eventsource-parser';

const prefix = uniquePrefix();
let redis: Redis;
let subscriber: Redis;
let log: EventLog;
let hub: EventHub;

beforeAll(() => {
  redis = new Redis(inject('redisUrl'));
  subscriber = new Redis(inject('redisUrl'));
  log = new EventLog(redis, { prefix, ttlSec: 60 });
  hub = new EventHub(subscriber, prefix).start();
});
afterAll(() => {
  redis.disconnect();
  subscriber.disconnect();
});

async function claimed(token = 1) {
  const id = randomUUID();
  const { seq } = await log.claim(id, token, 0);
  return { id, seq };
}

/** Parses SSE frames as a client would. */
function parseFrames(text: string) {
  const events: { id?: string; event?: string; data: any }[] = [];
  const parser = createParser({ onEvent: (m) => events.push({ id: m.id, event: m.event, data: JSON.parse(m.data) }) });
  parser.feed(text);
  return events;
}

describe('log follower', () => {
  it('delivers backlog then live events, each once and in order, from any cursor', async () => {
    const { id, seq } = await claimed();
    const writer = new EventWriter(log, id, 1, seq);
    writer.push({ type: 'section_start', index: 1, title: 'One' });
    const total = 300;
    const producing = (async () => {
      for (let k = 0; k < total; k++) {
        writer.push({ type: 'token', section: 1, text: `t${k} ` });
        if (k % 7 === 0) await new Promise((r) => setTimeout(r, 1));
      }
      writer.push({ type: 'done', status: 'completed' });
      await writer.drain();
    })();

    const follow = (after: number) =>
      new Promise<{ text: string; ended: boolean }>((resolve, reject) => {
        let text = '';
        const follower = new LogFollower(log, hub, id, after, {
          write: (frames) => (text += frames),
          end: () => resolve({ text, ended: true }),
          fail: reject,
        });
        follower.start().catch(reject);
      });

    // Viewers join at different moments, from different cursors, while events are being written.
    const viewers: Promise<{ text: string; ended: boolean; after: number }>[] = [];
    for (let i = 0; i < 8; i++) {
      await new Promise((r) => setTimeout(r, 5));
      const after = i % 2 === 0 ? 0 : Math.max(0, ((await log.currentSeq(id)) ?? 0) - 3);
      viewers.push(follow(after).then((r) => ({ ...r, after })));
    }
    await producing;
    const last = writer.lastSeq;
    for (const viewer of await Promise.all(viewers)) {
      expect(viewer.ended).toBe(true);
      const seqs = parseFrames(viewer.text).map((e) => Number(e.id));
      expect(seqs).toEqual(Array.from({ length: last - viewer.after }, (_, i) => viewer.after + 1 + i));
    }
    expect(hub.channelCount).toBe(0);
  });

  function follow(followHub: EventHub, id: string, after: number) {
    return new Promise<string>((resolve, reject) => {
      let text = '';
      const follower = new LogFollower(log, followHub, id, after, {
        write: (frames) => (text += frames),
        end: () => resolve(text),
        fail: reject,
      });
      follower.start().catch(reject);
    });
  }

  it('catches up after its subscriber reconnects, even when the run ended during the outage', async () => {
    const sub = new Redis(inject('redisUrl'));
    const ownHub = new EventHub(sub, prefix).start();
    const { id, seq } = await claimed();
    const writer = new EventWriter(log, id, 1, seq);
    writer.push({ type: 'section_start', index: 1, title: 'One' });
    await writer.drain();
    const followed = follow(ownHub, id, 0);
    await new Promise((r) => setTimeout(r, 50));
    sub.disconnect(true);
    // Published while no subscriber listens: only the log has these, `done` included.
    writer.push({ type: 'token', section: 1, text: 'lost ' });
    writer.push({ type: 'done', status: 'completed' });
    await writer.drain();
    const seqs = parseFrames(await followed).map((e) => Number(e.id));
    expect(seqs).toEqual([1, 2, 3]);
    ownHub.close();
    sub.disconnect();
  });

  it('notices a lost publish on a quiet channel by checking the log', async () => {
    const sub = new Redis(inject('redisUrl'));
    const ownHub = new EventHub(sub, prefix, { currentSeq: (gid) => log.currentSeq(gid), quietCheckMs: 100 }).start();
    const { id, seq } = await claimed();
    const followed = follow(ownHub, id, seq);
    await new Promise((r) => setTimeout(r, 50));
    // An event that reached the log but whose publish never arrived (sent to another channel).
    const k = log.keys(id);
    const append = (redis as unknown as { cgAppend(...args: (string | number)[]): Promise<number> }).cgAppend;
    await append.call(
      redis,
      k.seq,
      k.fence,
      k.state,
      k.frames,
      k.offsets,
      1,
      'nowhere',
      60,
      seq,
      'done',
      '{"status":"completed"}',
    );
    expect(parseFrames(await followed).map((e) => e.event)).toEqual(['done']);
    ownHub.close();
    sub.disconnect();
  });

  it('tells a viewer whose cursor is past the end of the log to start over, then replays the log from its start', async () => {
    const { id, seq } = await claimed();
    const writer = new EventWriter(log, id, 1, seq);
    writer.push({ type: 'section_start', index: 1, title: 'One' });
    writer.push({ type: 'done', status: 'completed' });
    await writer.drain();
    // A cursor of a log that was lost: the new one is shorter.
    const events = parseFrames(await follow(hub, id, 40));
    expect(events.map((e) => [e.event, e.id])).toEqual([
      ['resync', undefined],
      ['section_start', '1'],
      ['done', '2'],
    ]);
    expect(events[0]?.data).toMatchObject({ seq: 0 });
  });

  it("serves a cursor from before a log rebuilt past it from the rebuilt log's start", async () => {
    const id = randomUUID();
    // The log was lost and started again at 1000 (the reserved ceiling), opening with `resync`.
    const { seq } = await log.claim(id, 2, 1000);
    expect(seq).toBe(1000);
    const writer = new EventWriter(log, id, 2, seq);
    writer.push({ type: 'resync', reason: 'rebuilt' });
    writer.push({ type: 'section_start', index: 1, title: 'One' });
    writer.push({ type: 'done', status: 'completed' });
    await writer.drain();
    for (const cursor of [0, 37, 1000]) {
      const events = parseFrames(await follow(hub, id, cursor));
      expect(events.map((e) => Number(e.id))).toEqual([1001, 1002, 1003]);
      expect(events[0]?.event).toBe('resync');
    }
  });
});
