import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, inject, it, vi } from 'vitest';
import { parseFrames, useEventLog } from '../support/event-log-fixture.js';
import { EventHub } from '../../src/bus/event-hub.js';
import { LogFollower } from '../../src/bus/log-follower.js';
import { EventWriter } from '../../src/generations/event-writer.js';

const fixture = useEventLog();
const { claimed } = fixture;

describe('log follower', () => {
  it('delivers backlog then live events, each once and in order, from any cursor', async () => {
    const { id, seq } = await claimed();
    const writer = new EventWriter(fixture.log, id, 1, seq);
    writer.push({ type: 'section_start', index: 1, title: 'One' });
    const total = 300;
    /** Set before `done` is pushed: a head read before it was set is before `done`. */
    let ending = false;
    const producing = (async () => {
      for (let k = 0; k < total; k++) {
        writer.push({ type: 'token', section: 1, text: `t${k} ` });
        if (k % 7 === 0) await new Promise((r) => setTimeout(r, 1));
      }
      ending = true;
      writer.push({ type: 'done', status: 'completed' });
      await writer.drain();
    })();

    const follow = (after: number, logSeq?: number) =>
      new Promise<{ text: string; ended: boolean }>((resolve, reject) => {
        let text = '';
        const follower = new LogFollower(fixture.log, fixture.hub, id, after, {
          write: (frames) => (text += frames),
          end: () => resolve({ text, ended: true }),
          fail: reject,
        });
        follower.start(logSeq).catch(reject);
      });

    // Viewers join at different moments, from different cursors, while events are being written.
    const viewers: Promise<{ text: string; ended: boolean; after: number }>[] = [];
    // Every third joins at the head, as a page load does: told the log's seq, it skips its first read.
    for (let i = 0; i < 12; i++) {
      await new Promise((r) => setTimeout(r, 5));
      const head = (await fixture.log.currentSeq(id)) ?? 0;
      // (At the head after `done` there is nothing to follow: the route answers 204 then.)
      const atHead = i % 3 === 2 && !ending;
      const after = atHead ? head : i % 3 === 0 ? 0 : Math.max(0, head - 3);
      viewers.push(follow(after, atHead ? head : undefined).then((r) => ({ ...r, after })));
    }
    await producing;
    const last = writer.lastSeq;
    for (const viewer of await Promise.all(viewers)) {
      expect(viewer.ended).toBe(true);
      const seqs = parseFrames(viewer.text).map((e) => Number(e.id));
      expect(seqs).toEqual(Array.from({ length: last - viewer.after }, (_, i) => viewer.after + 1 + i));
    }
    expect(fixture.hub.channelCount).toBe(0);
  });

  function follow(followHub: EventHub, id: string, after: number) {
    return new Promise<string>((resolve, reject) => {
      let text = '';
      const follower = new LogFollower(fixture.log, followHub, id, after, {
        write: (frames) => (text += frames),
        end: () => resolve(text),
        fail: reject,
      });
      follower.start().catch(reject);
    });
  }

  it('delivers, once each, events appended after its first read and before its subscription holds', async () => {
    const { id, seq } = await claimed();
    const writer = new EventWriter(fixture.log, id, 1, seq);
    writer.push({ type: 'section_start', index: 1, title: 'One' });
    writer.push({ type: 'token', section: 1, text: 'read ' });
    await writer.drain();
    // The window between reading the log and subscribing, held open: an append lands in it, its
    // publish reaching nobody, and the subscription is asked for only then.
    const windowed = Object.create(fixture.hub) as EventHub;
    windowed.subscribe = async (generationId, listener) => {
      writer.push({ type: 'token', section: 1, text: 'in the window ' });
      await writer.drain();
      return fixture.hub.subscribe(generationId, listener);
    };
    const followed = follow(windowed, id, seq);
    await vi.waitFor(() => expect(fixture.hub.channelCount).toBe(1), { timeout: 10_000 });
    writer.push({ type: 'token', section: 1, text: 'live ' });
    writer.push({ type: 'done', status: 'completed' });
    await writer.drain();
    const seqs = parseFrames(await followed).map((e) => Number(e.id));
    expect(seqs).toEqual(Array.from({ length: writer.lastSeq - seq }, (_, i) => seq + 1 + i));
  });

  it('catches up after its fixture.subscriber reconnects, even when the run ended during the outage', async () => {
    const sub = new Redis(inject('redisUrl'));
    const ownHub = new EventHub(sub, fixture.prefix).start();
    const { id, seq } = await claimed();
    const writer = new EventWriter(fixture.log, id, 1, seq);
    writer.push({ type: 'section_start', index: 1, title: 'One' });
    await writer.drain();
    const followed = follow(ownHub, id, 0);
    await new Promise((r) => setTimeout(r, 50));
    sub.disconnect(true);
    // Published while no fixture.subscriber listens: only the fixture.log has these, `done` included.
    writer.push({ type: 'token', section: 1, text: 'lost ' });
    writer.push({ type: 'done', status: 'completed' });
    await writer.drain();
    const seqs = parseFrames(await followed).map((e) => Number(e.id));
    expect(seqs).toEqual([1, 2, 3]);
    ownHub.close();
    sub.disconnect();
  });

  it('re-reads, paced, a log that lost a batch it had published, until the rebuilt log reaches it', async () => {
    const { id, seq } = await claimed();
    const writer = new EventWriter(fixture.log, id, 1, seq);
    writer.push({ type: 'section_start', index: 1, title: 'One' });
    await writer.drain();
    let reads = 0;
    let text = '';
    let ended = false;
    const following = new Promise<void>((resolve, reject) => {
      const follower = new LogFollower(fixture.log, fixture.hub, id, writer.lastSeq, {
        write: (frames) => (text += frames),
        end: () => {
          ended = true;
          resolve();
        },
        fail: reject,
        trace: (step) => {
          if (step === 'read') reads += 1;
        },
      });
      follower.start(writer.lastSeq).catch(reject);
      // A batch two events past the log's end, as a log rolled back by a failover had published it.
      const first = writer.lastSeq + 2;
      follower.onBatch({ first, last: first, lastType: 'token', frames: `id: ${first}\nevent: token\ndata: {}\n\n` });
    });
    await new Promise((r) => setTimeout(r, 1_000));
    // Paced (25 ms doubling to 1 s): a handful of reads in a second, not one per Redis round trip.
    expect(reads).toBeLessThan(12);
    writer.push({ type: 'token', section: 1, text: 'rebuilt ' });
    writer.push({ type: 'done', status: 'completed' });
    await writer.drain();
    await vi.waitFor(() => expect(ended).toBe(true), { timeout: 10_000 });
    await following;
    expect(parseFrames(text).map((e) => e.event)).toEqual(['token', 'done']);
  });

  it('notices a lost publish on a quiet channel by checking the log', async () => {
    const sub = new Redis(inject('redisUrl'));
    const ownHub = new EventHub(sub, fixture.prefix, {
      currentSeq: (gid) => fixture.log.currentSeq(gid),
      quietCheckMs: 100,
    }).start();
    const { id, seq } = await claimed();
    const followed = follow(ownHub, id, seq);
    await new Promise((r) => setTimeout(r, 50));
    // An event that reached the fixture.log but whose publish never arrived (sent to another channel).
    const k = fixture.log.keys(id);
    const append = (fixture.redis as unknown as { cgAppend(...args: (string | number)[]): Promise<number> }).cgAppend;
    await append.call(
      fixture.redis,
      k.head,
      k.frames,
      k.offsets,
      1,
      'nowhere',
      60,
      seq,
      Date.now(),
      'done',
      '{"status":"completed"}',
    );
    expect(parseFrames(await followed).map((e) => e.event)).toEqual(['done']);
    ownHub.close();
    sub.disconnect();
  });

  it('tells a viewer whose cursor is past the end of the fixture.log to start over, then replays the fixture.log from its start', async () => {
    const { id, seq } = await claimed();
    const writer = new EventWriter(fixture.log, id, 1, seq);
    writer.push({ type: 'section_start', index: 1, title: 'One' });
    writer.push({ type: 'done', status: 'completed' });
    await writer.drain();
    // A cursor of a fixture.log that was lost: the new one is shorter.
    const events = parseFrames(await follow(fixture.hub, id, 40));
    expect(events.map((e) => [e.event, e.id])).toEqual([
      ['resync', undefined],
      ['section_start', '1'],
      ['done', '2'],
    ]);
    expect(events[0]?.data).toMatchObject({ seq: 0 });
  });

  it("serves a cursor from before a fixture.log rebuilt past it from the rebuilt log's start", async () => {
    const id = randomUUID();
    // The fixture.log was lost and started again at 1000 (the reserved ceiling), opening with `resync`.
    const { seq } = await fixture.log.claim(id, 2, 1000);
    expect(seq).toBe(1000);
    const writer = new EventWriter(fixture.log, id, 2, seq);
    writer.push({ type: 'resync', reason: 'rebuilt' });
    writer.push({ type: 'section_start', index: 1, title: 'One' });
    writer.push({ type: 'done', status: 'completed' });
    await writer.drain();
    for (const cursor of [0, 37, 1000]) {
      const events = parseFrames(await follow(fixture.hub, id, cursor));
      expect(events.map((e) => Number(e.id))).toEqual([1001, 1002, 1003]);
      expect(events[0]?.event).toBe('resync');
    }
  });
});
