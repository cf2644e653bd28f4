import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legacyTranslation } from '../../src/api/sse/legacy-format.js';
import { COMPACT_MIN_BYTES, COMPACTED_REASON } from '../../src/generations/log-compaction.js';
import { readEvents, reconstruct, type ReceivedEvent } from '../support/sse-client.js';
import { getJson, postJson, startStack, waitForStatus, type Stack } from '../support/stack.js';
import { waitFor } from '../webhooks/support.js';

// A draft's log is compacted at rest once its history outgrows its document; every reader must still
// hold DESIGN's invariants 2 (the document a client ends with is the stored one, each section's tokens
// join to its content) and 3 (a resume from any cursor gets what follows it, nothing twice), from a
// cursor before, inside or after what was compacted.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ tokensPerSec: 3000, env: { STREAM_FRAME_MS: '0' } });
});
afterAll(() => stack.close());

const api = (path: string) => `${stack.apiUrl}/api/generations${path}`;
const head = (id: string) => stack.api[0]!.redis.hgetall(stack.api[0]!.log.keys(id).head);
const logBytes = (id: string) => stack.api[0]!.redis.strlen(stack.api[0]!.log.keys(id).frames);
const events = async (id: string, after?: number, how: 'header' | 'query' = 'header') => {
  const cursor =
    after === undefined ? {} : how === 'header' ? { headers: { 'last-event-id': String(after) } } : undefined;
  const url = after !== undefined && how === 'query' ? api(`/${id}/events?after=${after}`) : api(`/${id}/events`);
  return (await readEvents(url, cursor)).events;
};

/** A text of about `chars` characters, different for every `n`. */
const prose = (n: number, chars: number) =>
  Array.from({ length: Math.ceil(chars / 40) }, (_, i) => `Clause ${n}.${i} binds both parties fully.`).join(' ');

async function edit(id: string, index: number, content: string) {
  const latest = (await getJson(api(`/${id}/sections/${index}/versions/latest`))).body.version as number;
  const response = await fetch(api(`/${id}/sections/${index}`), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ content, baseVersion: latest }),
  });
  expect(response.status).toBe(200);
}

/** What a client holding `before` and then reading `after` ends with must be the stored draft, whole. */
async function expectStoredDocument(id: string, received: readonly ReceivedEvent[], why: string) {
  const stored = (await getJson(api(`/${id}`))).body as {
    status: string;
    sections: { index: number; content: string }[];
  };
  const got = reconstruct(received);
  expect(got.finalStatus, why).toBe(stored.status);
  expect(
    [...got.sections.keys()].sort((a, b) => a - b),
    why,
  ).toEqual(stored.sections.map((s) => s.index));
  for (const s of stored.sections) {
    const section = got.sections.get(s.index);
    expect(section?.content, `${why}: section ${s.index}`).toBe(s.content);
    if (section?.text) expect(section.text.trim(), `${why}: tokens of ${s.index}`).toBe(s.content.trim());
  }
  // Contiguous from the last resync (or from the first event), none twice.
  expect(got.seqs, why).toEqual(got.seqs.map((_, i) => got.seqs[0]! + i));
}

describe('a log compacted at rest', () => {
  it('stays the size of its document through many edits, and serves every cursor the stored draft', async () => {
    const created = await postJson(api(''), { prompt: 'A compacting bakery', template: 'nda' });
    const id = created.body.id as string;
    await waitForStatus(stack.apiUrl, id, ['completed']);
    const written = await events(id);

    // Edits of 20,000 characters: a log keeping its history would grow by twice that each time.
    let before: ReceivedEvent[] = written;
    for (let n = 1; (await head(id)).snap === undefined; n++) {
      before = await events(id);
      await edit(id, 1, prose(n, 20_000));
      expect(n, 'edits before the first compaction').toBeLessThan(6);
    }
    const compactedAt = Number((await head(id)).snap);
    expect(compactedAt).toBe(Number(before.at(-1)?.id));
    for (let n = 10; n < 22; n++) await edit(id, 1 + (n % 3), prose(n, 20_000));
    const document = (await getJson(api(`/${id}`))).body.sections.reduce(
      (sum: number, s: { content: string }) => sum + Buffer.byteLength(s.content),
      0,
    );
    // About three times the compacted form (each text twice in it) plus the slack, far below 13 edits of history.
    expect(await logBytes(id)).toBeLessThan(3 * 2.2 * document + COMPACT_MIN_BYTES + 2 * 45_000);

    const now = await events(id);
    expect(now[0]).toMatchObject({ event: 'resync', data: { reason: COMPACTED_REASON } });
    await expectStoredDocument(id, now, 'a replay from the start');
    // Every cursor of the history before the first compaction (held by a client that read that far).
    for (let c = 0; c <= compactedAt; c += c < 20 ? 1 : 7) {
      const held = before.filter((e) => Number(e.id) <= c);
      const how = c % 2 === 0 ? 'header' : 'query';
      await expectStoredDocument(id, [...held, ...(await events(id, c, how))], `resumed at ${c} (${how})`);
    }
    // Every cursor of the log as it is now, the ids of its compacted events included.
    const last = Number(now.at(-1)?.id);
    for (let c = Number(now[0]?.id) - 1; c <= last; c++) {
      const held = now.filter((e) => Number(e.id) <= c);
      const rest = await events(id, c);
      // Below the compacted part's end, a resume starts over from the resync; above it, it reads on.
      if (c < last) expect(rest[0]?.event === 'resync' || Number(rest[0]?.id) === c + 1, `at ${c}`).toBe(true);
      if (rest[0]?.event !== 'resync') expect(rest.every((e) => Number(e.id) > c)).toBe(true);
      await expectStoredDocument(id, [...held, ...rest], `resumed at ${c} of the compacted log`);
    }
  });

  it('is read whole by the page, its share link and the older data-only format', async () => {
    const created = await postJson(api(''), { prompt: 'A rendered bakery', template: 'nda' });
    const id = created.body.id as string;
    await waitForStatus(stack.apiUrl, id, ['completed']);
    type Stored = { sections: { index: number; title: string; content: string }[] };
    let asCompacted: Stored | undefined;
    for (let n = 1; (await head(id)).snap === undefined; n++) {
      asCompacted = (await getJson(api(`/${id}`))).body as Stored;
      await edit(id, 2, prose(n, 20_000));
    }
    await edit(id, 3, 'The last word, after the compaction.');
    const seq = Number((await head(id)).seq);

    const share = (await postJson(api(`/${id}/share`), {})).body.url as string;
    for (const url of [`${stack.apiUrl}/generations/${id}`, `${stack.apiUrl}${share}`]) {
      const html = await (await fetch(url)).text();
      expect(html).toContain('The last word, after the compaction.');
      expect(html).toMatch(/Clause \d+\.0 binds both parties fully\./);
      // At rest: the page opens no stream; its state is the log's newest seq.
      expect(html).not.toContain('?after=');
      expect(html).toContain(`data-seq="${seq}"`);
    }

    // The older format reads a run's log from its start, each section once: the compacted part alone
    // (a run's whole log, as a client of it would see one) gives the document as it was compacted.
    let legacy = '';
    const sink = legacyTranslation(id, { write: (text) => (legacy += text), end: () => {}, fail: () => {} });
    const snap = Number((await head(id)).snap);
    const frames = (await stack.api[0]!.log.readFrames(id, 0)).frames.split('\n\n');
    const compacted = frames.filter((f) => f !== '' && Number(/^id: (\d+)/.exec(f)?.[1]) <= snap);
    expect(compacted.at(-1)).toContain('event: done');
    sink.write(compacted.map((f) => `${f}\n\n`).join(''), snap);
    const contents = legacy
      .split('\n\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)))
      .filter((m) => m.type === 'section_complete');
    expect(contents.map((m) => [m.section, m.content])).toEqual(asCompacted!.sections.map((s) => [s.index, s.content]));
  });

  it('keeps a section a paused run left half written, which the resumed run then writes again', async () => {
    const created = await postJson(api(''), { prompt: 'A paused bakery [[sim:tps=60]]', template: 'nda' });
    const id = created.body.id as string;
    // Read from the log itself: a stream of a running draft would last until it ends.
    await waitFor('section 2 half written', async () => {
      const log = await stack.api[0]!.log.read(id, 0);
      const start = log.findIndex((e) => e.type === 'section_start' && JSON.parse(e.data).index === 2);
      return start >= 0 && log.slice(start).filter((e) => e.type === 'token').length >= 3;
    });
    expect((await postJson(api(`/${id}/pause`), {})).status).toBe(200);
    const paused = reconstruct(await events(id));
    const half = paused.sections.get(2);
    expect(half?.content).toBeUndefined();
    expect(half?.text.length).toBeGreaterThan(0);

    for (let n = 1; (await head(id)).snap === undefined; n++) await edit(id, 1, prose(n, 20_000));
    const compacted = reconstruct(await events(id));
    expect(compacted.sections.get(2)).toEqual(half);
    expect((await head(id)).open).toBe('2');

    expect((await postJson(api(`/${id}/resume`), {})).status).toBe(200);
    await waitForStatus(stack.apiUrl, id, ['completed']);
    await expectStoredDocument(id, await events(id), 'after the resumed run');
  });
});
