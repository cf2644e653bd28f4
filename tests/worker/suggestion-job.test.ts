import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processSuggestions, type SuggestionJobDeps } from '../../src/worker/suggestion-job.js';
import { buildWorkerDeps, openConnections, type Connections } from '../../src/wiring.js';
import { MALFORMED_LINES } from '../../src/sim/suggestion-writer.js';
import { readEvents } from '../support/sse-client.js';
import { capturingLogger, eventually, sample } from '../support/logging.js';
import {
  getJson,
  HAND_EDITED_LAW,
  postJson,
  putJson,
  startStack,
  waitForStatus,
  type Stack,
} from '../support/stack.js';

// The suggestion job as a plain function, against the simulator over HTTP and the real Redis and
// Postgres: what the model says that is not a valid suggestion is dropped line by line, never fatal.

let stack: Stack;
let connections: Connections;
const capture = capturingLogger('info');
let deps: SuggestionJobDeps;
beforeAll(async () => {
  stack = await startStack({ env: { STREAM_FRAME_MS: '0' } });
  connections = openConnections(stack.config, 'test-suggestion-job');
  const worker = buildWorkerDeps(stack.config, capture.logger, connections);
  deps = {
    ...worker,
    log: stack.api[0]!.log,
    settings: { stallMs: 5_000, frameMs: 0, attempts: 2, backoffMs: () => 10 },
  };
});
afterAll(async () => {
  await connections.close();
  await stack.close();
});

async function finished(prompt: string): Promise<string> {
  const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt, template: 'nda' });
  await waitForStatus(stack.apiUrl, created.body.id, ['completed']);
  return created.body.id as string;
}

const eventsOf = async (id: string) =>
  (await readEvents(`${stack.apiUrl}/api/generations/${id}/events?after=0`)).events;

it('drops malformed model lines and keeps the valid ones, stored then appended', async () => {
  const id = await finished('A cleaning company [[sim:suggest=malformed]]');
  const before = await eventsOf(id);
  expect(await processSuggestions({ generationId: id }, new AbortController().signal, deps)).toBe('completed');
  const events = (await eventsOf(id)).slice(before.length);
  const proposed = events.filter((e) => e.event === 'suggestion');
  expect(proposed.length).toBeGreaterThan(0);
  expect(events.map((e) => e.event)).toEqual([
    ...proposed.map(() => 'suggestion'),
    'suggestions_end',
    'status',
    'done',
  ]);
  expect(events.at(-3)?.data).toEqual({ seq: expect.any(Number), count: proposed.length });
  const stored = (await getJson(`${stack.apiUrl}/api/generations/${id}/suggestions`)).body.suggestions;
  expect(stored.map((s: { id: string }) => s.id)).toEqual(proposed.map((e) => e.data.id));
  for (const s of stored) {
    expect(s.section).toBeGreaterThanOrEqual(1);
    expect(s.section).toBeLessThanOrEqual(10);
    expect(s.summary.length).toBeGreaterThan(0);
  }
  const dropped = capture.lines.find((l) => l.msg === 'model suggestions dropped' && l.generationId === id);
  // Every object that is not a valid suggestion; prose, fences and a list of numbers are no suggestion.
  expect(dropped?.dropped).toBe(MALFORMED_LINES.filter((line) => line.startsWith('{')).length);
  // …and counted in the metrics, by reason: the out-of-range, empty, too long and string sections are
  // invalid; the line cut off is malformed.
  const metrics = await connections.metrics.registry.metrics();
  expect(sample(metrics, 'cg_suggestions_dropped_total', { reason: 'invalid' })).toBe(5);
  expect(sample(metrics, 'cg_suggestions_dropped_total', { reason: 'malformed' })).toBe(1);
  expect((await getJson(`${stack.apiUrl}/api/generations/${id}`)).body.status).toBe('completed');
});

it('tells a model failure in suggestions_end, in fixed words, and leaves the draft as it was', async () => {
  const id = await finished('A florist');
  const before = await eventsOf(id);
  await postJson(`${stack.simUrl}/_sim/faults`, { status: 500, times: 2 });
  expect(await processSuggestions({ generationId: id }, new AbortController().signal, deps)).toBe('completed');
  const events = (await eventsOf(id)).slice(before.length);
  expect(events.map((e) => e.event)).toEqual(['suggestions_end', 'status', 'done']);
  expect(events[0]?.data).toMatchObject({ count: 0, error: 'the model could not be reached; try again' });
  expect(JSON.stringify(events)).not.toMatch(/req_|server had an error/);
  expect((await getJson(`${stack.apiUrl}/api/generations/${id}`)).body).toMatchObject({ status: 'completed' });
});

it('does nothing for a draft that is not at rest, and stores nothing under a stale fence', async () => {
  const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'Slow [[sim:tps=20]]', template: 'nda' });
  const id = created.body.id as string;
  expect(await processSuggestions({ generationId: id }, new AbortController().signal, deps)).toBe('skipped');
  const outcome = await deps.suggestions.add(id, 0, randomUUID(), { section: 1, summary: 's', instruction: 'i' });
  expect(outcome).toBe('fenced');
  expect(await deps.suggestions.list(id)).toEqual([]);
  await postJson(`${stack.apiUrl}/api/generations/${id}/cancel`, {});
});

it('ends the request for the viewers when its last attempt fails (what failed is not told), and only then', async () => {
  const id = await finished('A bicycle repair shop');
  const before = await eventsOf(id);
  // Storage refusing every suggestion: an injected failure of the real store's one write.
  const failing = Object.create(deps.suggestions) as typeof deps.suggestions;
  failing.add = () => Promise.reject(new Error('storage down: secret detail'));
  const failingDeps = { ...deps, suggestions: failing };
  const signal = new AbortController().signal;
  await expect(processSuggestions({ generationId: id }, signal, failingDeps)).rejects.toThrow(/could not be stored/);
  expect((await eventsOf(id)).length).toBe(before.length);
  await expect(processSuggestions({ generationId: id }, signal, failingDeps, { last: true })).rejects.toThrow(
    /could not be stored/,
  );
  const events = (await eventsOf(id)).slice(before.length);
  expect(events.map((e) => e.event)).toEqual(['suggestions_end', 'status', 'done']);
  expect(events[0]?.data).toMatchObject({ count: 0, error: 'the review could not be completed; try again' });
  expect(JSON.stringify(events)).not.toMatch(/secret detail/);
});

describe('suggestions in any JSON shape, through the API, the worker and the simulator', () => {
  const review = async (shape: string) => {
    // A directive either way: the simulator writes the same draft for the same prompt once directives are removed.
    const directive = shape === 'lines' ? '[[sim:id=shape-lines]]' : `[[sim:suggest=${shape}]]`;
    const created = await postJson(`${stack.apiUrl}/api/generations`, {
      prompt: `A ferry company ${directive}`,
      details: { governingCountry: 'France', contactEmail: 'legal@ferry.example' },
    });
    const id = created.body.id as string;
    const done = await waitForStatus(stack.apiUrl, id, ['completed']);
    // The governing law edited by hand away from the details' France: one suggestion more to read.
    const law = done.sections.find((s: { title: string }) => /Governing Law/.test(s.title)).index as number;
    const edit = { content: HAND_EDITED_LAW, baseVersion: 1 };
    expect((await putJson(`${stack.apiUrl}/api/generations/${id}/sections/${law}`, edit)).status).toBe(200);
    expect((await postJson(`${stack.apiUrl}/api/generations/${id}/suggestions`, {})).status).toBe(202);
    const end = await eventually(async () => {
      const events = await eventsOf(id);
      return events.some((e) => e.event === 'suggestions_end') ? events : undefined;
    }, `the review of ${id}`);
    const stored = (await getJson(`${stack.apiUrl}/api/generations/${id}/suggestions`)).body.suggestions;
    return { end: end.find((e) => e.event === 'suggestions_end')!, stored, id };
  };

  it.each(['array', 'fenced', 'object'])('reads a JSON %s as it reads JSON lines, dropping nothing', async (shape) => {
    const [lines, shaped] = await Promise.all([review('lines'), review(shape)]);
    expect(lines.stored.length).toBeGreaterThanOrEqual(2);
    const summaries = (list: { section: number; summary: string }[]) => list.map((s) => [s.section, s.summary]);
    expect(summaries(shaped.stored)).toEqual(summaries(lines.stored));
    expect(shaped.end.data).toMatchObject({ count: lines.stored.length });
    expect(shaped.end.data.error).toBeUndefined();
    expect(capture.lines.some((l) => l.msg === 'model suggestions dropped' && l.generationId === shaped.id)).toBe(
      false,
    );
  });
});
