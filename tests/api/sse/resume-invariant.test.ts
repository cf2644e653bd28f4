import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, startStack, waitForStatus, type Stack } from '../../support/stack.js';
import { lastEventId, readEvents, reconstruct, type ReceivedEvent } from '../../support/sse-client.js';

// The invariant of every event stream: it sends the next event or a heartbeat comment within the
// heartbeat interval, or closes; and a viewer resuming from any seq, on either API process, ends at
// the newest `done` with no gap and no duplicate. Hundreds of resumes at random cut points, live
// (while the run writes) and at rest. Every read is bounded (READ_BOUND_MS), so a stream that
// neither sends nor closes fails at once with its story (cursor, frames received, last seq).
// Runs on single Redis (npm test) and on Redis Cluster (npm run test:cluster).

const HEARTBEAT_MS = 1000;
/** Far past the heartbeat (a loaded machine delays timers by seconds), far below the test's timeout. */
const READ_BOUND_MS = 15_000;

let stack: Stack;
beforeAll(async () => {
  // One event per delta (no frame pacing), so that runs have hundreds of events to cut between.
  stack = await startStack({
    apis: 2,
    workers: 2,
    tokensPerSec: 400,
    env: { STREAM_FRAME_MS: '0', SSE_HEARTBEAT_MS: String(HEARTBEAT_MS) },
  });
});
afterAll(() => stack.close());

const eventsUrl = (api: number, id: string) =>
  `${stack.apiUrls[api % stack.apiUrls.length]}/api/generations/${id}/events`;
const resumeHeaders = (cursor: number): Record<string, string> =>
  cursor > 0 ? { 'last-event-id': String(cursor) } : {};

/** Seqs from `from` on, one each, ending with the run's `done`; the document as stored. */
async function expectWhole(id: string, events: ReceivedEvent[], from: number, story: string) {
  const seqs = events.map((e) => Number(e.id));
  expect(seqs, story).toEqual(seqs.map((_, i) => from + i));
  expect(events.at(-1)?.event, story).toBe('done');
  if (from > 1) return;
  const { body } = await getJson(`${stack.apiUrl}/api/generations/${id}`);
  const { sections } = reconstruct(events);
  for (const stored of body.sections as { index: number; content: string }[])
    expect(sections.get(stored.index)?.text.trim(), story).toBe(stored.content.trim());
}

let resumes = 0;

describe('resuming an event stream', () => {
  it(
    'mid-run, at random cut points on alternating API processes, ends at done with no gap and no duplicate',
    {
      timeout: 300_000,
    },
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 30 }), async (cuts) => {
          const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'A bakery delivery service' });
          const id = created.body.id as string;
          const events: ReceivedEvent[] = [];
          const story: string[] = [];
          for (let i = 0; ; i++) {
            const cursor = Number(lastEventId(events) ?? 0);
            const stopAfter = cuts[i % cuts.length];
            const part = await readEvents(eventsUrl(i, id), {
              headers: resumeHeaders(cursor),
              stopAfter,
              readTimeoutMs: READ_BOUND_MS,
            });
            story.push(`#${i} api ${i % 2} from ${cursor}: ${part.status}, ${part.events.length} events`);
            events.push(...part.events);
            if (i > 0) resumes += 1;
            if (part.ended) break;
            if (i > 2000) throw new Error(`no end after ${i} connections:\n${story.slice(-10).join('\n')}`);
          }
          await expectWhole(id, events, 1, story.slice(-10).join('\n'));
        }),
        { numRuns: 8, endOnFailure: true },
      );
      expect(resumes).toBeGreaterThan(100);
    },
  );

  it(
    'at rest, from any seq (the last one too) on either API process, ends at done with no gap and no duplicate',
    {
      timeout: 300_000,
    },
    async () => {
      const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'A mutual NDA', template: 'nda' });
      const id = created.body.id as string;
      const whole = await readEvents(eventsUrl(0, id), { readTimeoutMs: READ_BOUND_MS });
      await waitForStatus(stack.apiUrl, id, ['completed']);
      const last = Number(lastEventId(whole.events));
      await expectWhole(id, whole.events, 1, 'first viewer');
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: last }), fc.nat(1), async (cursor, api) => {
          const part = await readEvents(eventsUrl(api, id), {
            headers: resumeHeaders(cursor),
            readTimeoutMs: READ_BOUND_MS,
          });
          const story = `api ${api} from ${cursor} of ${last}: ${part.status}, ${part.events.length} events`;
          expect(part.ended, story).toBe(true);
          if (cursor === last) expect(part.status, story).toBe(204);
          else await expectWhole(id, part.events, cursor + 1, story);
        }),
        {
          numRuns: 200,
          endOnFailure: true,
          examples: [
            [last, 0],
            [last, 1],
            [last - 1, 1],
            [0, 1],
          ],
        },
      );
    },
  );

  it('sends heartbeats to a stream with nothing to send', async () => {
    const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'A short quiet one' });
    const id = created.body.id as string;
    const whole = await readEvents(eventsUrl(0, id), { readTimeoutMs: READ_BOUND_MS });
    await waitForStatus(stack.apiUrl, id, ['completed']);
    const at = Number(lastEventId(whole.events));
    // Following a draft at rest: nothing happens, so only heartbeats come, each within the bound.
    const idle = await readEvents(`${eventsUrl(1, id)}?follow=1&after=${at}`, {
      stopAfterPings: 3,
      readTimeoutMs: READ_BOUND_MS,
    });
    expect(idle.status).toBe(200);
    expect(idle.pings).toBe(3);
    expect(idle.events).toEqual([]);
  });
});
