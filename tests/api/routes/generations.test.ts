import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logKeys } from '../../../src/bus/keys.js';
import { getJson, postJson, startStack, waitForStatus, type Stack } from '../../support/stack.js';
import { readEvents, reconstruct, type ReceivedEvent } from '../../support/sse-client.js';

let stack: Stack;
beforeAll(async () => {
  // Pacing off: these tests need one event per delta to drop and resume streams at many points
  // (frame pacing itself: tests/generations/event-writer.test.ts and the browser tests).
  stack = await startStack({ apis: 2, workers: 2, tokensPerSec: 400, env: { STREAM_FRAME_MS: '0' } });
});
afterAll(() => stack.close());

/** Invariants 1–3 of DESIGN for one viewer's events, checked against the stored generation. */
async function expectConsistent(
  events: ReceivedEvent[],
  generation: { sections: { index: number; title: string; content: string }[] },
  from = 1,
) {
  const { sections, seqs } = reconstruct(events);
  expect(seqs).toEqual(seqs.map((_, i) => from + i));
  expect(events.map((e) => Number(e.id))).toEqual(seqs);
  expect([...sections.keys()].sort((a, b) => a - b)).toEqual(generation.sections.map((s) => s.index));
  for (const stored of generation.sections) {
    const seen = sections.get(stored.index);
    expect(seen?.title).toBe(stored.title);
    expect(seen?.content?.trim()).toBe(stored.content.trim());
    expect(seen?.text.trim()).toBe(stored.content.trim());
  }
}

describe('a generation end to end', () => {
  it('streams ten Terms of Service sections token by token, checkpointed in Postgres', async () => {
    const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'A photo sharing app called Snapify' });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({
      status: 'queued',
      links: { events: `/api/generations/${created.body.id}/events` },
    });

    const stream = await readEvents(`${stack.apiUrl}${created.body.links.events}`);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    expect(stream.ended).toBe(true);
    const types = stream.events.map((e) => e.event);
    expect(types[0]).toBe('status');
    expect(types.at(-1)).toBe('done');
    expect(stream.events.at(-1)?.data.status).toBe('completed');
    // Streamed, not delivered in a few lumps: many token events.
    expect(types.filter((t) => t === 'token').length).toBeGreaterThan(100);

    const { body } = await getJson(`${stack.apiUrl}/api/generations/${created.body.id}`);
    expect(body.status).toBe('completed');
    expect(body.sections).toHaveLength(10);
    expect(body.sections.every((s: { mode: string }) => s.mode === 'stream')).toBe(true);
    await expectConsistent(stream.events, body);
  });

  it('resumes with Last-Event-ID mid-stream with no gap and no duplicate, on either API process', async () => {
    const created = await postJson(`${stack.apiUrl}/api/generations`, {
      prompt: 'A bakery delivery service',
      template: 'privacy-policy',
    });
    const url = (i: number) => `${stack.apiUrls[i % 2]}/api/generations/${created.body.id}/events`;
    const events: ReceivedEvent[] = [];
    let drops = 0;
    for (let i = 0; ; i++) {
      const headers: Record<string, string> = events.length ? { 'last-event-id': String(events.at(-1)?.id) } : {};
      const part = await readEvents(url(i), { headers, stopAfter: 7 + ((i * 13) % 40) });
      events.push(...part.events);
      if (part.ended) break;
      drops += 1;
    }
    expect(drops).toBeGreaterThan(3);
    const { body } = await getJson(`${stack.apiUrl}/api/generations/${created.body.id}`);
    await expectConsistent(events, body);
  });

  it('serves two API processes identically, and a late viewer replays the whole log', async () => {
    const created = await postJson(`${stack.apiUrl}/api/generations`, {
      prompt: 'A mutual NDA between two startups',
      template: 'nda',
    });
    // What each client received, without its own arrival times.
    const seen = (events: ReceivedEvent[] = []) => events.map(({ id, event, data }) => ({ id, event, data }));
    const [a, b] = await Promise.all(
      stack.apiUrls.map((u) => readEvents(`${u}/api/generations/${created.body.id}/events`)),
    );
    expect(a?.events.length).toBeGreaterThan(10);
    expect(seen(b?.events)).toEqual(seen(a?.events));
    const late = await readEvents(`${stack.apiUrl}/api/generations/${created.body.id}/events`);
    expect(seen(late.events)).toEqual(seen(a?.events));
    const fromMiddle = await readEvents(`${stack.apiUrl}/api/generations/${created.body.id}/events?after=20`);
    expect(seen(fromMiddle.events)).toEqual(seen(a?.events.slice(20)));
  });

  it('lists the recent generations of a browser session, and none to a client without one', async () => {
    const home = await fetch(`${stack.apiUrl}/`);
    await home.arrayBuffer();
    const cookie = (home.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const made = [];
    for (const prompt of ['First of the session', 'Second of the session', 'Third of the session'])
      made.push(
        (await postJson(`${stack.apiUrl}/api/generations`, { prompt }, { cookie, origin: stack.apiUrl })).body.id,
      );
    const list = await fetch(`${stack.apiUrl}/api/generations?limit=2`, { headers: { cookie } });
    expect(list.status).toBe(200);
    const { generations } = (await list.json()) as { generations: { id: string; status: string }[] };
    expect(generations.map((g) => g.id)).toEqual([made[2], made[1]]);
    expect(generations[0]).toHaveProperty('status');
    expect((await getJson(`${stack.apiUrl}/api/generations?limit=100`)).body.generations).toEqual([]);
  });

  it('keeps the older data-only format working', async () => {
    const stream = await readEvents(`${stack.apiUrl}/api/contract/tos/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'A legacy client' }),
    });
    expect(stream.status).toBe(200);
    const types = stream.events.map((e) => e.data.type);
    expect(stream.events.every((e) => e.event === 'message' && e.id === undefined)).toBe(true);
    expect(types.filter((t) => t === 'section_complete')).toHaveLength(10);
    expect(types.at(-1)).toBe('complete');
    const sessionId = stream.events[0]?.data.sessionId as string;
    const text = stream.events
      .filter((e) => e.data.type === 'content')
      .map((e) => e.data.content)
      .join('');
    const { body } = await getJson(`${stack.apiUrl}/api/generations/${sessionId}`);
    for (const section of body.sections)
      expect(text).toContain(`## ${section.index}. ${section.title}\n\n${section.content}`);
  });
});

describe('control', () => {
  it('pauses, resumes after the last checkpoint, and completes with every section once', async () => {
    const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'Pause me [[sim:tps=150]]' });
    const id = created.body.id as string;
    const first = await readEvents(`${stack.apiUrl}/api/generations/${id}/events`, { stopAfter: 60 });
    const paused = await postJson(`${stack.apiUrls[1]}/api/generations/${id}/pause`, {});
    expect(paused.status).toBe(200);
    expect((await postJson(`${stack.apiUrl}/api/generations/${id}/pause`, {})).status).toBe(200);
    const atPause = await waitForStatus(stack.apiUrl, id, ['paused']);
    expect(atPause.sections.length).toBeLessThan(10);

    expect((await postJson(`${stack.apiUrl}/api/generations/${id}/resume`, {})).status).toBe(200);
    const final = await waitForStatus(stack.apiUrl, id, ['completed']);
    expect(final.sections).toHaveLength(10);
    // A viewer that saw the first part resumes from its cursor and gets the rest, to the newest done.
    const rest = await readEvents(`${stack.apiUrl}/api/generations/${id}/events`, {
      headers: { 'last-event-id': String(first.events.at(-1)?.id) },
    });
    const all = [...first.events, ...rest.events];
    expect(all.filter((e) => e.event === 'done').map((e) => e.data.status)).toEqual(['paused', 'completed']);
    await expectConsistent(all, final);
  });

  it('cancels from any API process; repeating it is harmless; a finished one cannot be resumed', async () => {
    const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'Cancel me [[sim:tps=50]]' });
    const id = created.body.id as string;
    await readEvents(`${stack.apiUrl}/api/generations/${id}/events`, { stopAfter: 5 });
    expect((await postJson(`${stack.apiUrls[1]}/api/generations/${id}/cancel`, {})).body.status).toBe('cancelled');
    expect((await postJson(`${stack.apiUrl}/api/generations/${id}/cancel`, {})).status).toBe(200);
    expect((await postJson(`${stack.apiUrl}/api/generations/${id}/resume`, {})).status).toBe(409);
    const stream = await readEvents(`${stack.apiUrl}/api/generations/${id}/events`);
    expect(stream.ended).toBe(true);
    expect(stream.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'cancelled' } });
    // The worker stopped: nothing is appended after the cancel.
    await new Promise((r) => setTimeout(r, 300));
    const again = await readEvents(`${stack.apiUrl}/api/generations/${id}/events`);
    expect(again.events.length).toBe(stream.events.length);
    expect((await getJson(`${stack.apiUrl}/api/generations/${id}`)).body.status).toBe('cancelled');
  });

  it('continues a stopped generation: the cut section is written again whole, then the rest', async () => {
    const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'Stop and go on [[sim:tps=150]]' });
    const id = created.body.id as string;
    // Stopped in the middle of a section: its tokens are in the log, its section_end is not.
    const first = await readEvents(`${stack.apiUrl}/api/generations/${id}/events`, { stopAfter: 40 });
    expect((await postJson(`${stack.apiUrls[1]}/api/generations/${id}/cancel`, {})).status).toBe(200);
    const atStop = await waitForStatus(stack.apiUrl, id, ['cancelled']);
    expect(atStop.sections.length).toBeLessThan(10);
    const cut = atStop.sections.length + 1;

    const continued = await postJson(`${stack.apiUrl}/api/generations/${id}/continue`, {});
    expect(continued.status).toBe(200);
    expect(['queued', 'streaming']).toContain(continued.body.status);
    const final = await waitForStatus(stack.apiUrl, id, ['completed']);
    expect(final.sections).toHaveLength(10);
    // Nothing written before the stop is written again; the cut section is reset, then written whole.
    for (const s of atStop.sections) expect(final.sections[s.index - 1].content).toBe(s.content);
    const rest = await readEvents(`${stack.apiUrl}/api/generations/${id}/events`, {
      headers: { 'last-event-id': String(first.events.at(-1)?.id) },
    });
    const all = [...first.events, ...rest.events];
    expect(all.filter((e) => e.event === 'done').map((e) => e.data.status)).toEqual(['cancelled', 'completed']);
    const afterStop = all.slice(all.findIndex((e) => e.event === 'done') + 1);
    const resetAt = afterStop.findIndex((e) => e.event === 'reset' && e.data.section === cut);
    expect(resetAt).toBeGreaterThan(-1);
    expect(afterStop.findIndex((e) => e.event === 'section_start' && e.data.index === cut)).toBeGreaterThan(resetAt);
    await expectConsistent(all, final);

    // Only a stopped one continues: a completed one is a conflict, an unknown one not found.
    expect((await postJson(`${stack.apiUrl}/api/generations/${id}/continue`, {})).status).toBe(409);
    const unknown = await postJson(`${stack.apiUrl}/api/generations/${crypto.randomUUID()}/continue`, {});
    expect(unknown.status).toBe(404);
  });

  it('regenerates one section with an instruction through the same log', async () => {
    const created = await postJson(`${stack.apiUrl}/api/generations`, {
      prompt: 'A marketplace for used bikes',
      template: 'nda',
    });
    const id = created.body.id as string;
    const before = await waitForStatus(stack.apiUrl, id, ['completed']);
    const firstRun = await readEvents(`${stack.apiUrl}/api/generations/${id}/events`);

    const running = await postJson(`${stack.apiUrl}/api/generations/${id}/sections/3/regenerate`, {
      instruction: 'Shorter, please',
    });
    expect(running.status).toBe(202);
    expect(running.body).toMatchObject({ id, status: 'queued', section: 3 });
    // While it runs, another regeneration is refused rather than queued behind it.
    expect((await postJson(`${stack.apiUrl}/api/generations/${id}/sections/4/regenerate`, {})).status).toBe(409);

    const rest = await readEvents(`${stack.apiUrl}/api/generations/${id}/events`, {
      headers: { 'last-event-id': String(firstRun.events.at(-1)?.id) },
    });
    const types = rest.events.map((e) => e.event);
    expect(types.slice(0, 4)).toEqual(['status', 'status', 'reset', 'section_start']);
    expect(rest.events.filter((e) => e.event === 'section_end').map((e) => e.data.index)).toEqual([3]);
    const after = await waitForStatus(stack.apiUrl, id, ['completed']);
    // The instruction reaches the model, so the simulated text of section 3 changes; the others stay.
    expect(after.sections[2].content).not.toBe(before.sections[2].content);
    expect(after.sections.filter((s: { index: number }) => s.index !== 3)).toEqual(
      before.sections.filter((s: { index: number }) => s.index !== 3),
    );
    await expectConsistent([...firstRun.events, ...rest.events], after);
  });

  it('serves a finished generation from Postgres once its log has expired', async () => {
    const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'Short-lived log' });
    const id = created.body.id as string;
    const live = await readEvents(`${stack.apiUrl}/api/generations/${id}/events`);
    const deps = stack.api[0]!;
    await deps.redis.del(...logKeys(deps.log.keys(id)));
    const replay = await readEvents(`${stack.apiUrl}/api/generations/${id}/events`);
    expect(replay.ended).toBe(true);
    expect(replay.events.at(-1)).toMatchObject({
      event: 'done',
      id: live.events.at(-1)?.id,
      data: { status: 'completed' },
    });
    const stored = (await getJson(`${stack.apiUrl}/api/generations/${id}`)).body;
    const ends = replay.events.filter((e) => e.event === 'section_end').map((e) => e.data.content);
    expect(ends).toEqual(stored.sections.map((s: { content: string }) => s.content));
  });
});
