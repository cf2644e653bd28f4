import { randomUUID } from 'node:crypto';
import { createParser } from 'eventsource-parser';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, inject } from 'vitest';
import { EventHub } from '../../src/bus/event-hub.js';
import { EventLog } from '../../src/bus/event-log.js';
import { uniquePrefix } from './stack.js';

/** A real EventLog and EventHub on the test Redis, under a prefix of their own, for one test file. */
export function useEventLog() {
  const fixture = { prefix: uniquePrefix() } as {
    prefix: string;
    redis: Redis;
    subscriber: Redis;
    log: EventLog;
    hub: EventHub;
    /** A new generation's log, claimed with `token`. */
    claimed(token?: number): Promise<{ id: string; seq: number }>;
  };
  beforeAll(() => {
    fixture.redis = new Redis(inject('redisUrl'));
    fixture.subscriber = new Redis(inject('redisUrl'));
    fixture.log = new EventLog(fixture.redis, { prefix: fixture.prefix, ttlSec: 60 });
    fixture.hub = new EventHub(fixture.subscriber, fixture.prefix).start();
  });
  afterAll(() => {
    fixture.redis.disconnect();
    fixture.subscriber.disconnect();
  });
  fixture.claimed = async (token = 1) => {
    const id = randomUUID();
    const { seq } = await fixture.log.claim(id, token, 0);
    return { id, seq };
  };
  return fixture;
}

/** Parses SSE frames as a client would. */
export function parseFrames(text: string) {
  const events: { id?: string; event?: string; data: any }[] = [];
  const parser = createParser({ onEvent: (m) => events.push({ id: m.id, event: m.event, data: JSON.parse(m.data) }) });
  parser.feed(text);
  return events;
}
