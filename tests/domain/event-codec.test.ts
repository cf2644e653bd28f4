import { createParser, type EventSourceMessage } from 'eventsource-parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countFrames,
  dataOnlyFrame,
  decodeEntry,
  encodeFrame,
  framesAfter,
  lastEventType,
  parseFrames,
} from '../../src/domain/event-codec.js';
import type { EventBody } from '../../src/domain/events.js';

/** What a standard SSE client (eventsource-parser, as browsers parse) makes of a stream. */
function asBrowserReads(stream: string): EventSourceMessage[] {
  const messages: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (message) => messages.push(message) });
  parser.feed(stream);
  return messages;
}

const text = fc.string({ unit: 'binary', maxLength: 40 });
const event: fc.Arbitrary<EventBody> = fc.oneof(
  fc.record({ type: fc.constant('token' as const), section: fc.nat(40), text }),
  fc.record({ type: fc.constant('section_start' as const), index: fc.nat(40), title: text }),
  fc.record({ type: fc.constant('error' as const), message: text }),
  fc.record({ type: fc.constant('resync' as const), reason: text }),
);

describe('event codec', () => {
  it('encodes frames a standard SSE parser reads back as the same events, and parses them back itself', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 20 }), (events) => {
        const frames = events.map((e, i) => encodeFrame(e, i + 1)).join('');
        const read = asBrowserReads(frames);
        expect(read.map((m) => [Number(m.id), m.event])).toEqual(events.map((e, i) => [i + 1, e.type]));
        const decoded = parseFrames(frames).map(decodeEntry);
        expect(decoded).toEqual(events.map((e, i) => ({ ...e, seq: i + 1 })));
        expect(read.map((m) => JSON.parse(m.data) as unknown)).toEqual(decoded.map(({ type: _type, ...data }) => data));
        expect(lastEventType(frames)).toBe(events.at(-1)!.type);
      }),
    );
  });

  it('puts seq first in the data and leaves the id out when asked (a snapshot)', () => {
    const frame = encodeFrame({ type: 'error', message: 'x' }, 7, false);
    expect(frame).toBe('event: error\ndata: {"seq":7,"message":"x"}\n\n');
    expect(parseFrames(frame)).toEqual([{ seq: 0, type: 'error', data: '{"seq":7,"message":"x"}' }]);
  });

  it('skips data-only frames (the older format) when parsing named events', () => {
    expect(
      parseFrames(dataOnlyFrame({ type: 'content' }) + encodeFrame({ type: 'error', message: '' }, 2)),
    ).toHaveLength(1);
    expect(asBrowserReads(dataOnlyFrame({ type: 'content', content: 'a' }))[0]!.data).toBe(
      '{"type":"content","content":"a"}',
    );
  });

  it('keeps the frames after a cursor and counts frames of one type', () => {
    const events: EventBody[] = [1, 2, 3, 4].map((section) => ({ type: 'token', section, text: `t${section}` }));
    const frames = events.map((e, i) => encodeFrame(e, i + 10)).join('');
    expect(parseFrames(framesAfter(frames, 10, 11)).map((e) => e.seq)).toEqual([12, 13]);
    expect(framesAfter(frames, 10, 5)).toBe(frames);
    expect(framesAfter(frames, 10, 13)).toBe('');
    expect(countFrames(`\n${frames}`, 'token')).toBe(4);
    expect(countFrames(`\n${frames}`, 'done')).toBe(0);
  });
});
