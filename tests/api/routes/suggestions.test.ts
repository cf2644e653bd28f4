import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents, type ReceivedEvent } from '../../support/sse-client.js';
import {
  getJson,
  HAND_EDITED_LAW,
  postJson,
  putJson,
  startStack,
  waitForStatus,
  type Stack,
} from '../../support/stack.js';
import { waitFor } from '../../webhooks/support.js';
import { versionsWithText } from '../../support/versions.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ tokensPerSec: 4000, env: { STREAM_FRAME_MS: '0' } });
});
afterAll(async () => {
  await stack.close();
});

interface SuggestionView {
  id: string;
  section: number;
  summary: string;
  instruction: string;
  status: string;
}

const api = (path: string) => `${stack.apiUrl}/api/generations${path}`;
const listOf = async (id: string) => (await getJson(api(`/${id}/suggestions`))).body.suggestions as SuggestionView[];

/**
 * A finished simulated Terms of Service whose governing law was then edited by hand to Delaware: the
 * details (France) call for a suggestion about it, and the draft for a few others.
 */
async function finishedDraft(prompt = 'A photo-sharing app'): Promise<{ id: string; seq: number; sections: any[] }> {
  const created = await postJson(api(''), {
    prompt,
    template: 'terms-of-service',
    details: { tradingName: 'Snapify', governingCountry: 'France', contactEmail: 'legal@snapify.example' },
  });
  expect(created.status).toBe(202);
  const id = created.body.id as string;
  const done = await waitForStatus(stack.apiUrl, id, ['completed']);
  const law = done.sections.find((s: { title: string }) => /Governing Law/.test(s.title)).index as number;
  const edited = await putJson(api(`/${id}/sections/${law}`), { content: HAND_EDITED_LAW, baseVersion: 1 });
  expect(edited.status).toBe(200);
  const log = await readEvents(api(`/${id}/events?after=0`));
  return { id, seq: Number(log.events.at(-1)?.id), sections: (await getJson(api(`/${id}`))).body.sections };
}

/** The events after `seq`, once the log holds an event of `type` past it (the stream ends at its `done`). */
async function eventsAfter(id: string, seq: number, type: string): Promise<ReceivedEvent[]> {
  return waitFor(`a ${type} event`, async () => {
    const read = await readEvents(api(`/${id}/events?after=${seq}`));
    return read.events.some((e) => e.event === type) ? read.events : undefined;
  });
}

describe('suggestions', () => {
  it('are proposed for a finished draft, streamed through its log, stored and listed', async () => {
    const draft = await finishedDraft();
    expect(await listOf(draft.id)).toEqual([]);
    const asked = await postJson(api(`/${draft.id}/suggestions`), {});
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ id: draft.id, status: 'completed' });

    const events = await eventsAfter(draft.id, draft.seq, 'suggestions_end');
    const names = events.map((e) => e.event);
    const count = names.filter((n) => n === 'suggestion').length;
    expect(count).toBeGreaterThanOrEqual(3);
    // The request's start (appended before the 202), each suggestion as its line ended, the request's
    // end, then the run's end again: the status unchanged.
    expect(names).toEqual([
      'suggestions_start',
      ...Array(count).fill('suggestion'),
      'suggestions_end',
      'status',
      'done',
    ]);
    expect(events.at(-3)?.data).toMatchObject({ count });
    expect(events.at(-1)?.data).toMatchObject({ status: 'completed' });

    const listed = await listOf(draft.id);
    expect(listed.map((s) => s.id)).toEqual(events.filter((e) => e.event === 'suggestion').map((e) => e.data.id));
    for (const s of listed) expect(s.status).toBe('open');
    expect(listed.some((s) => s.instruction.includes('France'))).toBe(true);
    const after = (await getJson(api(`/${draft.id}`))).body;
    expect(after.status).toBe('completed');
    expect(after.sections).toEqual(draft.sections);

    // Asked again: the same proposals are not stored twice.
    const lastSeq = Number(events.at(-1)?.id);
    expect((await postJson(api(`/${draft.id}/suggestions`), {})).status).toBe(202);
    const again = await eventsAfter(draft.id, lastSeq, 'suggestions_end');
    expect(again.map((e) => e.event)).toEqual(['suggestions_start', 'suggestions_end', 'status', 'done']);
    expect(again[1]?.data).toMatchObject({ count: 0 });
    expect(await listOf(draft.id)).toHaveLength(listed.length);
  });

  it('can be asked about one section only, with no body at all for the whole draft', async () => {
    const draft = await finishedDraft('A shop for bikes');
    const liability = draft.sections.find((s) => /Liability/.test(s.title)).index as number;
    expect((await postJson(api(`/${draft.id}/suggestions`), { section: liability })).status).toBe(202);
    const events = await eventsAfter(draft.id, draft.seq, 'suggestions_end');
    expect(events[0]).toMatchObject({ event: 'suggestions_start', data: { section: liability } });
    expect(events.find((e) => e.event === 'suggestions_end')?.data).toMatchObject({ section: liability });
    const listed = await listOf(draft.id);
    expect(listed.length).toBeGreaterThan(0);
    expect(new Set(listed.map((s) => s.section))).toEqual(new Set([liability]));
    const bare = await fetch(api(`/${draft.id}/suggestions`), { method: 'POST' });
    expect(bare.status).toBe(202);
    await waitFor('the whole-draft ones', async () =>
      (await listOf(draft.id)).length > listed.length ? true : undefined,
    );
  });

  it('apply: a streamed rewrite of the section as a new run, the old text kept, the version `suggested`', async () => {
    const draft = await finishedDraft();
    await postJson(api(`/${draft.id}/suggestions`), {});
    const proposed = await eventsAfter(draft.id, draft.seq, 'suggestions_end');
    // The governing-law one: the simulator's rewrite then names the business's jurisdiction.
    const suggestion = (await listOf(draft.id)).find((s) => s.instruction.includes('laws of France'));
    const section = suggestion!.section;
    const before = draft.sections.find((s) => s.index === section).content as string;

    const applied = await postJson(api(`/${draft.id}/suggestions/${suggestion!.id}/apply`), {});
    expect(applied.status).toBe(202);
    expect(applied.body).toMatchObject({ id: draft.id, status: 'queued', section, suggestion: suggestion!.id });
    const done = await waitForStatus(stack.apiUrl, draft.id, ['completed']);
    const rewritten = done.sections.find((s: { index: number }) => s.index === section).content as string;
    expect(rewritten).not.toBe(before);
    expect(before).not.toContain('France');
    expect(rewritten).toContain('laws of France');
    // The old wording the instruction named is gone.
    expect(rewritten).not.toMatch(/Delaware|Wilmington|arbitration/);

    const rest = await readEvents(api(`/${draft.id}/events?after=${proposed.at(-1)?.id}`));
    const names = rest.events.map((e) => e.event);
    expect(names.slice(0, 2)).toEqual(['suggestion_closed', 'status']);
    expect(rest.events[0]?.data).toMatchObject({ id: suggestion!.id, outcome: 'applied' });
    expect(names).toContain('token');
    expect(rest.events.find((e) => e.event === 'section_end')?.data).toMatchObject({
      index: section,
      content: rewritten,
    });

    const versions = await versionsWithText(stack.apiUrl, draft.id, section);
    expect(versions).toMatchObject([
      { version: 1, source: 'generated' },
      { version: 2, source: 'edited', content: before },
      { version: 3, source: 'suggested', instruction: suggestion!.instruction, content: rewritten },
    ]);
    expect((await listOf(draft.id)).find((s) => s.id === suggestion!.id)?.status).toBe('applied');
    // Closed: neither applied nor dismissed again.
    expect((await postJson(api(`/${draft.id}/suggestions/${suggestion!.id}/apply`), {})).status).toBe(409);
    expect((await postJson(api(`/${draft.id}/suggestions/${suggestion!.id}/dismiss`), {})).status).toBe(409);
  });

  it('dismiss: closed for every viewer through the log, the draft as it was', async () => {
    const draft = await finishedDraft();
    await postJson(api(`/${draft.id}/suggestions`), {});
    const proposed = await eventsAfter(draft.id, draft.seq, 'suggestions_end');
    const [first, second] = await listOf(draft.id);
    const dismissed = await postJson(api(`/${draft.id}/suggestions/${first!.id}/dismiss`), {});
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toMatchObject({ id: draft.id, status: 'completed', suggestion: first!.id });
    const rest = await readEvents(api(`/${draft.id}/events?after=${proposed.at(-1)?.id}`));
    expect(rest.events.map((e) => e.event)).toEqual(['suggestion_closed', 'status', 'done']);
    expect(rest.events[0]?.data).toMatchObject({ id: first!.id, outcome: 'dismissed' });
    const listed = await listOf(draft.id);
    expect(listed.find((s) => s.id === first!.id)?.status).toBe('dismissed');
    expect(listed.find((s) => s.id === second!.id)?.status).toBe('open');
    expect((await postJson(api(`/${draft.id}/suggestions/${first!.id}/dismiss`), {})).status).toBe(409);
    expect((await getJson(api(`/${draft.id}`))).body.sections).toEqual(draft.sections);
  });

  it('are refused while a run is going on (409), and for unknown ids (404) or bad input (4xx), changing nothing', async () => {
    const created = await postJson(api(''), { prompt: 'A slow one [[sim:tps=30]]', template: 'nda' });
    const id = created.body.id as string;
    const busy = await postJson(api(`/${id}/suggestions`), {});
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('conflict');
    await postJson(api(`/${id}/cancel`), {});

    const draft = await finishedDraft();
    const missing = '00000000-0000-4000-8000-000000000000';
    const table: [string, unknown, number, string][] = [
      [`/${draft.id}/suggestions`, { section: 0 }, 400, 'invalid_request'],
      [`/${draft.id}/suggestions`, { section: 99 }, 400, 'invalid_section'],
      [`/${draft.id}/suggestions`, { section: '1' }, 400, 'invalid_request'],
      [`/${draft.id}/suggestions`, { section: 1, extra: true }, 400, 'invalid_request'],
      [`/${draft.id}/suggestions`, '{"section":', 400, 'invalid_json'],
      [`/${missing}/suggestions`, {}, 404, 'not_found'],
      [`/not-an-id/suggestions`, {}, 400, 'invalid_id'],
      [`/${draft.id}/suggestions/${missing}/apply`, {}, 404, 'not_found'],
      [`/${draft.id}/suggestions/nope/apply`, {}, 404, 'not_found'],
      [`/${draft.id}/suggestions/${missing}/dismiss`, {}, 404, 'not_found'],
    ];
    const answers = [];
    for (const [path, body] of table) {
      const answer = await postJson(api(path), body);
      answers.push([path, body, answer.status, answer.body?.error?.code]);
    }
    expect(answers).toEqual(table);
    const wrongType = await fetch(api(`/${draft.id}/suggestions`), {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(wrongType.status).toBe(415);
    expect(await listOf(draft.id)).toEqual([]);
    expect(Number((await readEvents(api(`/${draft.id}/events?after=0`))).events.at(-1)?.id)).toBe(draft.seq);
  });
});

describe('one request at a time', () => {
  it('a second request while the first is being answered is a 409', async () => {
    const draft = await finishedDraft('A tea room');
    // The next streamed model call (the suggestion job's) sends nothing: the request stays pending.
    await postJson(`${stack.simUrl}/_sim/faults`, { stall: 0, times: 1, streamOnly: true });
    expect((await postJson(api(`/${draft.id}/suggestions`), {})).status).toBe(202);
    const again = await postJson(api(`/${draft.id}/suggestions`), { section: 1 });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/being prepared/);
    // Only the first request's start is in the log.
    const events = await readEvents(api(`/${draft.id}/events?after=${draft.seq}`), { stopAfter: 1 });
    expect(events.events.map((e) => [e.event, e.data.section])).toEqual([['suggestions_start', undefined]]);
  });
});

describe('suggestions count against the model-call limits', () => {
  let limited: Stack;
  beforeAll(async () => {
    limited = await startStack({ env: { RATE_LIMIT_PER_MIN: '3', TRUST_PROXY: '1', STREAM_FRAME_MS: '0' } });
  });
  afterAll(async () => {
    await limited?.close();
  });

  it('a request and an apply each spend a model call', async () => {
    const from = { 'x-forwarded-for': `10.${randomBytes(3).join('.')}` };
    const url = (path: string) => `${limited.apiUrl}/api/generations${path}`;
    const created = await postJson(url(''), { prompt: 'A bakery', template: 'nda' }, from);
    expect(created.status).toBe(202);
    const id = created.body.id as string;
    await waitForStatus(limited.apiUrl, id, ['completed']);
    expect((await postJson(url(`/${id}/suggestions`), {}, from)).status).toBe(202);
    const [suggestion] = await waitFor('a suggestion', async () => {
      const list = (await getJson(url(`/${id}/suggestions`))).body.suggestions;
      return list.length > 0 ? list : undefined;
    });
    await waitFor('the request answered', async () => {
      const log = await readEvents(url(`/${id}/events?after=0`));
      return log.events.at(-1)?.event === 'done' && log.events.some((e) => e.event === 'suggestions_end');
    });
    expect((await postJson(url(`/${id}/suggestions/${suggestion.id}/apply`), {}, from)).status).toBe(202);
    await waitForStatus(limited.apiUrl, id, ['completed']);
    const refused = await postJson(url(`/${id}/suggestions`), {}, from);
    expect(refused.status).toBe(429);
    // Dismissing calls no model: not limited.
    const [, other] = (await getJson(url(`/${id}/suggestions`))).body.suggestions;
    if (other) expect((await postJson(url(`/${id}/suggestions/${other.id}/dismiss`), {}, from)).status).toBe(200);
  });
});
