import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents, reconstruct, REPLACED_SECTION_EVENTS } from '../../support/sse-client.js';
import { getJson, postJson, putJson, startStack, waitForStatus, type Stack } from '../../support/stack.js';
import { waitFor } from '../../webhooks/support.js';
import { SECTION_EDIT_MAX_CHARS } from '../../../src/domain/versions.js';
import { logKeys } from '../../../src/bus/keys.js';
import { versionsWithText } from '../../support/versions.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ apis: 2, tokensPerSec: 2000, env: { STREAM_FRAME_MS: '0' } });
});
afterAll(async () => {
  await stack.close();
});

const sectionUrl = (id: string, index: number | string) => `${stack.apiUrl}/api/generations/${id}/sections/${index}`;
const versionsOf = (id: string, index: number) => versionsWithText(stack.apiUrl, id, index);
const logEnd = async (id: string) =>
  Number((await readEvents(`${stack.apiUrl}/api/generations/${id}/events`)).events.at(-1)?.id);

async function completed(prompt = 'A bike shop') {
  const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt, template: 'nda' });
  const id = created.body.id as string;
  return { id, generation: await waitForStatus(stack.apiUrl, id, ['completed']) };
}

describe('PUT /api/generations/:id/sections/:index (live edits)', () => {
  it('stores the text as an edited version, sent to every viewer through the log with its version and source', async () => {
    const { id, generation } = await completed();
    const before = await logEnd(id);
    const content = '**Edited** by the owner.\n\n- one\n- two';
    const saved = await putJson(sectionUrl(id, 2), {
      content: `${content.replace(/\n/g, '\r\n')}  \n`,
      baseVersion: 1,
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ id, status: 'completed', section: 2, version: 2, unchanged: false });

    const after = (await getJson(`${stack.apiUrl}/api/generations/${id}`)).body;
    expect(after.sections[1].content).toBe(content); // CRLF made LF, trimmed
    expect(after.sections[1].title).toBe(generation.sections[1].title);
    expect((await versionsOf(id, 2)).map((v) => [v.version, v.source])).toEqual([
      [1, 'generated'],
      [2, 'edited'],
    ]);

    const rest = await readEvents(`${stack.apiUrl}/api/generations/${id}/events`, {
      headers: { 'last-event-id': String(before) },
    });
    expect(rest.events.map((e) => e.event)).toEqual(REPLACED_SECTION_EVENTS);
    expect(rest.events[2]?.data.text).toBe(content);
    expect(rest.events[3]?.data).toMatchObject({ index: 2, content, version: 2, source: 'edited' });
    // A whole replay ends with the edited text (invariant 2 holds through the edit).
    const replay = reconstruct((await readEvents(`${stack.apiUrl}/api/generations/${id}/events`)).events);
    expect(replay.sections.get(2)?.content).toBe(content);

    // A restore is the same operation: its section_end names its version and source too.
    const mark = await logEnd(id);
    expect((await postJson(`${sectionUrl(id, 2)}/versions/1/restore`, {})).status).toBe(200);
    const restored = await readEvents(`${stack.apiUrl}/api/generations/${id}/events`, {
      headers: { 'last-event-id': String(mark) },
    });
    expect(restored.events.find((e) => e.event === 'section_end')?.data).toMatchObject({
      version: 3,
      source: 'restored',
      content: generation.sections[1].content,
    });
  });

  it('reaches a viewer of the draft at rest on another API process, which follows the log past done (?follow=1)', async () => {
    const { id } = await completed();
    const end = await logEnd(id);
    const viewerUrl = `${stack.apiUrls[1]}/api/generations/${id}/events?after=${end}`;
    // Without follow, a cursor at the end of a finished run is answered 204.
    expect((await readEvents(viewerUrl)).status).toBe(204);
    expect((await readEvents(`${viewerUrl}&follow=yes`)).status).toBe(400);

    const seen: string[] = [];
    let connected!: () => void;
    const open = new Promise<void>((resolve) => (connected = resolve));
    const controller = new AbortController();
    const watching = readEvents(`${viewerUrl}&follow=1`, {
      signal: controller.signal,
      onEvent: (e) => seen.push(e.event),
      stopAfter: 6,
    });
    // The stream is open (nothing to send yet): wait until the hub has the channel subscribed.
    void waitFor('viewer subscribed', async () => stack.api[1]!.hub.channelCount > 0, 10_000).then(connected);
    await open;
    expect((await putJson(sectionUrl(id, 1), { content: 'Seen elsewhere.', baseVersion: 1 })).status).toBe(200);
    const result = await watching;
    expect(result.status).toBe(200);
    expect(seen).toEqual(['reset', 'section_start', 'token', 'section_end', 'status', 'done']);
    expect(result.events[3]?.data).toMatchObject({ content: 'Seen elsewhere.', version: 2, source: 'edited' });
    expect(result.ended).toBe(false); // still open after done: we stopped reading
    controller.abort();
  });

  it('reaches a follower after the log expired: the edit starts a rebuilt log, opened with resync', async () => {
    const { id, generation } = await completed();
    const end = await logEnd(id);
    const deps = stack.api[0]!;
    await deps.redis.del(...logKeys(deps.log.keys(id)));
    const controller = new AbortController();
    const events: string[] = [];
    const watching = readEvents(`${stack.apiUrls[1]}/api/generations/${id}/events?after=${end}&follow=1`, {
      signal: controller.signal,
      onEvent: (e) => events.push(e.event),
    });
    await waitFor('viewer subscribed', async () => stack.api[1]!.hub.channelCount > 0, 10_000);
    expect((await putJson(sectionUrl(id, 2), { content: 'After expiry.', baseVersion: 1 })).status).toBe(200);
    await waitFor('edit seen', async () => events.at(-1) === 'done', 10_000);
    controller.abort();
    const result = await watching;
    expect(result.events[0]).toMatchObject({ event: 'resync' });
    expect(Number(result.events[0]?.id)).toBeGreaterThan(end);
    const shown = reconstruct(result.events);
    expect(shown.sections.get(2)?.content).toBe('After expiry.');
    expect(shown.sections.get(1)?.content).toBe(generation.sections[0].content);
  });

  it('answers 409 stale_version with the newest version when the base is not the newest; the same text is a no-op', async () => {
    const { id } = await completed();
    expect((await putJson(sectionUrl(id, 1), { content: 'First save.', baseVersion: 1 })).status).toBe(200);
    const stale = await putJson(sectionUrl(id, 1), { content: 'Second save, on the old base.', baseVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_version');
    expect(stale.body.latest).toMatchObject({ version: 2, source: 'edited', content: 'First save.' });

    const end = await logEnd(id);
    const same = await putJson(sectionUrl(id, 1), { content: 'First save.\n', baseVersion: 2 });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ version: 2, unchanged: true });
    expect(await versionsOf(id, 1)).toHaveLength(2);
    expect(await logEnd(id)).toBe(end); // nothing appended
  });

  it('stores exactly one of two concurrent saves on the same base; every viewer ends with that one', async () => {
    const { id } = await completed();
    for (let round = 0; round < 4; round += 1) {
      const base = round + 1;
      const texts = [`Tab A, round ${round}.`, `Tab B, round ${round}.`];
      const replies = await Promise.all(
        texts.map((content) => putJson(sectionUrl(id, 3), { content, baseVersion: base })),
      );
      const statuses = replies.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409]);
      const winner = texts[replies.findIndex((r) => r.status === 200)];
      const loser = replies.find((r) => r.status === 409);
      expect(['stale_version', 'conflict']).toContain(loser?.body.error.code);
      const versions = await versionsOf(id, 3);
      expect(versions).toHaveLength(base + 1);
      expect(versions.at(-1)).toMatchObject({ version: base + 1, source: 'edited', content: winner });
      expect((await getJson(`${stack.apiUrl}/api/generations/${id}`)).body.sections[2].content).toBe(winner);
      const replay = reconstruct((await readEvents(`${stack.apiUrl}/api/generations/${id}/events`)).events);
      expect(replay.sections.get(3)?.content).toBe(winner);
      expect(replay.finalStatus).toBe('completed');
    }
  });

  it('refuses bad input with a precise 4xx that changes nothing', async () => {
    const { id } = await completed();
    const end = await logEnd(id);
    const cases: [unknown, number, string][] = [
      [{ content: 'x'.repeat(SECTION_EDIT_MAX_CHARS + 1), baseVersion: 1 }, 400, 'invalid_request'],
      [{ content: 'bad \u0000 text', baseVersion: 1 }, 400, 'invalid_request'],
      [{ content: 'bell \u0007', baseVersion: 1 }, 400, 'invalid_request'],
      [{ content: '   \n ', baseVersion: 1 }, 400, 'invalid_request'],
      [{ content: 'no base' }, 400, 'invalid_request'],
      [{ baseVersion: 1 }, 400, 'invalid_request'],
      [{ content: 'x', baseVersion: 1.5 }, 400, 'invalid_request'],
      [{ content: 'x', baseVersion: '1' }, 400, 'invalid_request'],
      [{ content: 'x', baseVersion: 0 }, 400, 'invalid_request'],
      [{ content: 'x', baseVersion: 1, title: 'extra' }, 400, 'invalid_request'],
      ['{"content":', 400, 'invalid_json'],
      [{ content: 'x'.repeat(70_000), baseVersion: 1 }, 413, 'payload_too_large'],
    ];
    for (const [body, status, code] of cases) {
      const reply = await putJson(sectionUrl(id, 1), body);
      expect([reply.status, reply.body?.error?.code]).toEqual([status, code]);
    }
    for (const index of ['0', '99', 'x', '1.5']) {
      const reply = await putJson(sectionUrl(id, index), { content: 'x', baseVersion: 1 });
      expect([reply.status, reply.body.error.code]).toEqual([400, 'invalid_section']);
    }
    expect((await putJson(sectionUrl('not-an-id', 1), { content: 'x', baseVersion: 1 })).status).toBe(400);
    expect(
      (await putJson(sectionUrl('00000000-0000-4000-8000-000000000000', 1), { content: 'x', baseVersion: 1 })).status,
    ).toBe(404);
    expect(await versionsOf(id, 1)).toHaveLength(1);
    expect(await logEnd(id)).toBe(end);
  });

  it('answers 409 while a run is going on, and for a section not written yet', async () => {
    const created = await postJson(`${stack.apiUrl}/api/generations`, {
      prompt: 'A slow one [[sim:tps=40]]',
      template: 'nda',
    });
    const id = created.body.id as string;
    await waitFor('section 1 checkpointed', async () => (await versionsOf(id, 1)).length === 1, 60_000);
    const busy = await putJson(sectionUrl(id, 1), { content: 'Mine now.', baseVersion: 1 });
    expect([busy.status, busy.body.error.code]).toEqual([409, 'conflict']);
    await postJson(`${stack.apiUrl}/api/generations/${id}/cancel`, {});
    const stopped = await waitForStatus(stack.apiUrl, id, ['cancelled']);
    const missing = stopped.outline.length as number;
    expect(stopped.sections.length).toBeLessThan(missing);
    const unwritten = await putJson(sectionUrl(id, missing), { content: 'Text.', baseVersion: 1 });
    expect([unwritten.status, unwritten.body.error.code]).toEqual([409, 'conflict']);
    // At rest (cancelled), a finished section can be edited.
    expect((await putJson(sectionUrl(id, 1), { content: 'Mine now.', baseVersion: 1 })).status).toBe(200);
    expect((await getJson(`${stack.apiUrl}/api/generations/${id}`)).body.status).toBe('cancelled');
  });
});
