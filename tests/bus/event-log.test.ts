import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseFrames, useEventLog } from '../support/event-log-fixture.js';
import { EventLog, FencedError } from '../../src/bus/event-log.js';
import { logKeys } from '../../src/bus/keys.js';
import { OFFSET_STRIDE } from '../../src/bus/scripts.js';
import { EventWriter } from '../../src/generations/event-writer.js';

const fixture = useEventLog();
const { claimed } = fixture;

describe('event log', () => {
  it('gives contiguous seqs from 1, sends at once when idle, and coalesces tokens pushed during an append', async () => {
    const { id, seq } = await claimed();
    const writer = new EventWriter(fixture.log, id, 1, seq);
    writer.push({ type: 'section_start', index: 1, title: 'One' });
    const idle = ['a ', 'b ', 'c '];
    for (const text of idle) {
      writer.push({ type: 'token', section: 1, text });
      await writer.drain();
    }
    const burst = Array.from({ length: 400 }, (_, i) => `w${i} `);
    for (const text of burst) writer.push({ type: 'token', section: 1, text });
    const content = [...idle, ...burst].join('').trim();
    writer.push({ type: 'section_end', index: 1, title: 'One', content });
    await writer.drain();

    const entries = await fixture.log.read(id, 0);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    const tokens = entries.filter((e) => e.type === 'token').map((e) => JSON.parse(e.data).text as string);
    // One event per token while idle; the burst rides in at most two appends.
    expect(tokens.slice(0, 3)).toEqual(idle);
    expect(tokens.length).toBeLessThanOrEqual(5);
    expect(tokens.join('').trim()).toBe(content);
    expect(writer.lastSeq).toBe(entries.length);
  });

  it('refuses a fenced-out writer, in the fixture.log and in the writer', async () => {
    const { id, seq } = await claimed(1);
    await fixture.log.append(id, 1, seq, [{ type: 'section_start', index: 1, title: 'A' }]);
    const takeover = await fixture.log.claim(id, 2, 0);
    expect(takeover.openSection).toBe(1);
    await expect(fixture.log.append(id, 1, 1, [{ type: 'token', section: 1, text: 'late' }])).rejects.toBeInstanceOf(
      FencedError,
    );
    // A lower token can never be installed again.
    await expect(fixture.log.claim(id, 1, 0)).rejects.toBeInstanceOf(FencedError);

    let fenced = false;
    const stale = new EventWriter(fixture.log, id, 1, 1, { onFenced: () => (fenced = true) });
    stale.push({ type: 'token', section: 1, text: 'late' });
    await expect(stale.drain()).rejects.toBeInstanceOf(FencedError);
    expect(fenced).toBe(true);
    expect(() => stale.push({ type: 'token', section: 1, text: 'later' })).toThrow(FencedError);

    expect((await fixture.log.read(id, 0)).map((e) => e.type)).toEqual(['section_start']);
  });

  it('applies a retried append once (a reply lost to a dropped connection)', async () => {
    const { id, seq } = await claimed();
    const events = [{ type: 'status', status: 'streaming', mode: 'stream' } as const];
    const first = await fixture.log.append(id, 1, seq, events);
    const again = await fixture.log.append(id, 1, seq, events);
    expect(again).toBe(first);
    expect(await fixture.log.read(id, 0)).toHaveLength(1);
  });

  it('keeps seq contiguous when holders race: each append lands whole or not at all', async () => {
    const id = randomUUID();
    await fixture.log.claim(id, 1, 0);
    const writers = [1, 2, 3].map((token) => ({ token, writer: undefined as EventWriter | undefined }));
    // Three holders take over one after another while each keeps pushing.
    await Promise.all(
      writers.map(async (w, i) => {
        await new Promise((r) => setTimeout(r, i * 15));
        const { seq } = await fixture.log.claim(id, w.token, 0);
        w.writer = new EventWriter(fixture.log, id, w.token, seq);
        for (let k = 0; k < 50; k++) {
          try {
            w.writer.push({ type: 'token', section: 1, text: `${w.token}:${k} ` });
          } catch {
            return;
          }
          await new Promise((r) => setTimeout(r, 1));
        }
        await w.writer.drain().catch(() => {});
      }),
    );
    const entries = await fixture.log.read(id, 0);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    // Once the newest holder wrote, no older one did.
    const tokens = entries.map((e) => Number(JSON.parse(e.data).text.split(':')[0]));
    expect(tokens).toEqual([...tokens].sort());
    expect(tokens.at(-1)).toBe(3);
  });

  it('expires the fixture.log after done and keeps seq going from Postgres when it is recreated', async () => {
    const { id, seq } = await claimed();
    await fixture.log.append(id, 1, seq, [{ type: 'done', status: 'completed' }]);
    expect(await fixture.redis.ttl(fixture.log.keys(id).frames)).toBeGreaterThan(0);
    await fixture.redis.del(...logKeys(fixture.log.keys(id)));
    expect(await fixture.log.currentSeq(id)).toBeUndefined();
    const resumed = await fixture.log.claim(id, 2, 7);
    expect(resumed.seq).toBe(7);
    expect(await fixture.log.append(id, 2, 7, [{ type: 'status', status: 'queued', mode: 'stream' }])).toBe(8);
    expect(await fixture.redis.ttl(fixture.log.keys(id).frames)).toBe(-1);
  });
});

describe('ready frames for replay', () => {
  it('gives exactly the frames after any cursor, in one read, also once a fixture.log is recreated', async () => {
    const { id, seq } = await claimed();
    const writer = new EventWriter(fixture.log, id, 1, seq);
    writer.push({ type: 'section_start', index: 1, title: 'Ünïcode title' });
    // Past several strides of the sparse index, in batches that straddle them, with text that looks
    // like the frame line a replay searches for.
    for (let i = 0; i < 140; i++) {
      writer.push({ type: 'token', section: 1, text: i % 5 === 0 ? `\nid: ${i + 3}\n` : `é${i} ` });
      if (i % 3 === 0) await writer.drain();
    }
    await writer.drain();
    const entries = await fixture.log.read(id, 0);
    expect(entries.length).toBeGreaterThanOrEqual(3 * OFFSET_STRIDE);
    for (let after = 0; after <= entries.length; after++) {
      const read = await fixture.log.readFrames(id, after);
      expect(read.seq).toBe(entries.length);
      expect(parseFrames(read.frames).map((e) => Number(e.id))).toEqual(entries.slice(after).map((e) => e.seq));
      expect(parseFrames(read.frames).map((e) => JSON.stringify(e.data))).toEqual(
        entries.slice(after).map((e) => e.data),
      );
    }
    // Expired, then written again from seq 40: a cursor before what remains reads all that remains.
    await fixture.log.discard(id);
    const again = await fixture.log.claim(id, 2, 40);
    await fixture.log.append(id, 2, again.seq, [{ type: 'status', status: 'queued', mode: 'stream' }]);
    expect(parseFrames((await fixture.log.readFrames(id, 12)).frames).map((e) => Number(e.id))).toEqual([41]);
    expect((await fixture.log.readFrames(id, 41)).frames).toBe('');
  });
});

describe('compaction and lifetime', () => {
  const ids = (frames: string) => parseFrames(frames).map((e) => Number(e.id));

  it('replaces a log by shorter events ending at its seq; a cursor below that end reads them all', async () => {
    const { id, seq } = await claimed();
    const writer = new EventWriter(fixture.log, id, 1, seq);
    writer.push({ type: 'section_start', index: 1, title: 'One' });
    for (let i = 0; i < 40; i++) {
      writer.push({ type: 'token', section: 1, text: `t${i} ` });
      await writer.drain();
    }
    writer.push({ type: 'section_end', index: 1, title: 'One', content: 'whole' });
    writer.push({ type: 'done', status: 'completed' });
    await writer.drain();
    const at = writer.lastSeq;
    const snapshot = [
      { type: 'resync', reason: 'compacted' },
      { type: 'section_start', index: 1, title: 'One' },
      { type: 'token', section: 1, text: 'whole' },
      { type: 'section_end', index: 1, title: 'One', content: 'whole' },
      { type: 'done', status: 'completed' },
    ] as const;
    // Not for a writer that lost the token, nor over a log that moved on, nor more events than seqs.
    expect(await fixture.log.compact(id, 2, at, snapshot)).toBe(false);
    expect(await fixture.log.compact(id, 1, at - 1, snapshot)).toBe(false);
    expect(await fixture.log.compact(id, 1, 3, snapshot)).toBe(false);
    expect(await fixture.log.compact(id, 1, at, snapshot)).toBe(true);
    expect(await fixture.redis.ttl(fixture.log.keys(id).frames)).toBeGreaterThan(0);

    const compacted = Array.from({ length: 5 }, (_, i) => at - 4 + i);
    for (let after = 0; after < at; after++)
      expect(ids((await fixture.log.readFrames(id, after)).frames)).toEqual(compacted);
    expect((await fixture.log.readFrames(id, at)).frames).toBe('');
    expect(parseFrames((await fixture.log.readFrames(id, 0)).frames).map((e) => e.event)).toEqual(
      snapshot.map((e) => e.type),
    );

    // Appends go on after it, across strides of the index (whose old slots are gone).
    const more = new EventWriter(fixture.log, id, 1, at);
    for (let i = 0; i < 3 * OFFSET_STRIDE; i++) {
      more.push({ type: 'status', status: 'streaming', mode: 'stream' });
      await more.drain();
    }
    const last = more.lastSeq;
    for (let after = 0; after <= last; after++) {
      const expected = after < at ? [...compacted, ...range(at + 1, last)] : range(after + 1, last);
      expect(ids((await fixture.log.readFrames(id, after)).frames), `after ${after}`).toEqual(expected);
    }
  });

  it('leaves a section a paused run left open when another one is rewritten at rest', async () => {
    const { id, seq } = await claimed();
    const open = await fixture.log.append(id, 1, seq, [
      { type: 'section_start', index: 5, title: 'Five' },
      { type: 'token', section: 5, text: 'half' },
      { type: 'status', status: 'paused', mode: 'stream' },
      { type: 'done', status: 'paused' },
    ]);
    await fixture.log.claim(id, 2, 0);
    await fixture.log.append(id, 2, open, [
      { type: 'reset', section: 2 },
      { type: 'section_start', index: 2, title: 'Two' },
      { type: 'token', section: 2, text: 'edited' },
      { type: 'section_end', index: 2, title: 'Two', content: 'edited' },
    ]);
    expect((await fixture.log.claim(id, 3, 0)).openSection).toBe(5);
  });

  it('never keeps a log at rest past its deadline, however often a run ends again', async () => {
    const log = new EventLog(fixture.redis, { prefix: fixture.prefix, ttlSec: 3600, maxAgeSec: 120 });
    const id = randomUUID();
    const done = async (token: number) => {
      const { seq } = await log.claim(id, token, 0);
      await log.append(id, token, seq, [{ type: 'done', status: 'completed' }]);
      return fixture.redis.ttl(log.keys(id).frames);
    };
    const first = await done(1);
    expect(first).toBeGreaterThan(100);
    expect(first).toBeLessThanOrEqual(120);
    // Past its deadline: the next end of a run lets it go at once; the next change rebuilds it.
    await fixture.redis.hset(log.keys(id).head, 'deadline', Date.now() - 1000);
    expect(await done(2)).toBe(1);
    // A log from before deadlines were kept gets one at its next claim.
    await fixture.redis.hdel(log.keys(id).head, 'deadline');
    expect(await done(3)).toBeLessThanOrEqual(120);
  });
});

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
