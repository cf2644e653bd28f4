import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyEvent,
  emptyDocument,
  orderedSections,
  type AppliedEvent,
  type DocumentState,
} from '../../src/domain/document-reducer.js';
import type { EventType } from '../../src/domain/events.js';
import { domainScript } from '../../src/views/assets.js';
import { launchBrowser } from '../browser/support/browser.js';

// One suite, run against the one reducer as each side runs it: imported by Node (the server's first
// render), and as the browser loads it (the module the server serves under /static/domain/, evaluated in
// Chromium), so the page and the server cannot disagree about what a run of events makes of a document.

type Event = [type: EventType, data: Record<string, unknown>];

interface Outcome {
  seq: number;
  status: string;
  mode: string;
  reason: string | undefined;
  error: string | undefined;
  ended: boolean;
  /** [index, title, content, text] in document order. */
  sections: [number, string, string | undefined, string][];
  /** What each event changed, in order (undefined: already applied). */
  applied: (AppliedEvent | undefined)[];
}

type Run = (events: Event[]) => Promise<Outcome>;

/** The events numbered from seq 1, the way the log numbers them. */
const numbered = (events: [EventType, object][]): Event[] =>
  events.map(([type, data], i) => [type, { seq: i + 1, ...data }]);

function outcomeOf(state: DocumentState, applied: (AppliedEvent | undefined)[]): Outcome {
  const { seq, status, mode, reason, error, ended } = state;
  const sections = orderedSections(state).map(
    (s) => [s.index, s.title, s.content, s.text] as [number, string, string | undefined, string],
  );
  return { seq, status, mode, reason, error, ended, sections, applied };
}

const inNode: Run = async (events) => {
  const state = emptyDocument('queued', 'stream');
  const applied = events.map(([type, data]) => applyEvent(state, type, { seq: 0, ...data }));
  return outcomeOf(state, applied);
};

let browser: Browser | undefined;
let page: Page | undefined;

const inBrowser: Run = async (events) => {
  const source = await domainScript('document-reducer');
  if (!page || source === undefined) throw new Error('the browser or the served module is missing');
  // A string, not a function: vitest would rewrite the function's import() for Node.
  const raw = (await page.evaluate(`(async () => {
    const url = URL.createObjectURL(new Blob([${JSON.stringify(source)}], { type: 'text/javascript' }));
    const reducer = await import(url);
    const state = reducer.emptyDocument('queued', 'stream');
    const applied = ${JSON.stringify(events)}.map(([type, data]) => reducer.applyEvent(state, type, data));
    const sections = reducer.orderedSections(state).map((s) => [s.index, s.title, s.content, s.text]);
    const { seq, status, mode, reason, error, ended } = state;
    const outcome = { seq, status, mode, reason, error, ended, sections, applied };
    return JSON.stringify(outcome, (_key, value) => (value === undefined ? ${JSON.stringify(UNDEFINED)} : value));
  })()`)) as string;
  return withUndefined(JSON.parse(raw)) as Outcome;
};

/** JSON has no undefined: the browser side writes this instead, and it is put back here. */
const UNDEFINED = '\u0000undefined';

function withUndefined(value: unknown): unknown {
  if (value === UNDEFINED) return undefined;
  if (Array.isArray(value)) return value.map(withUndefined);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withUndefined(v)]));
  return value;
}

const backends: [string, Run][] = [
  ['in Node (the server)', inNode],
  ['as served to the browser (Chromium)', inBrowser],
];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(backends)('the document reducer, %s', (_name, run) => {
  it('builds a section from its start, tokens and end; the end says what was streamed', async () => {
    const out = await run(
      numbered([
        ['status', { status: 'streaming', mode: 'stream' }],
        ['section_start', { index: 1, title: 'Scope' }],
        ['token', { section: 1, text: 'These ' }],
        ['token', { section: 1, text: 'terms.' }],
        ['section_end', { index: 1, title: 'Scope', content: 'These terms.' }],
        ['section_start', { index: 2, title: 'Fees' }],
        ['token', { section: 2, text: 'None' }],
      ]),
    );
    expect(out.seq).toBe(7);
    expect(out.status).toBe('streaming');
    expect(out.sections).toEqual([
      [1, 'Scope', 'These terms.', ''],
      [2, 'Fees', undefined, 'None'],
    ]);
    expect(out.applied[4]).toMatchObject({ index: 1, streamed: 'These terms.', statusChanged: false });
    expect(out.applied[0]).toMatchObject({ statusChanged: true });
  });

  it('drops a section’s unfinished text at its reset (invariant 2: tokens since the reset make the content)', async () => {
    const out = await run(
      numbered([
        ['section_start', { index: 1, title: 'Scope' }],
        ['token', { section: 1, text: 'Half a sen' }],
        ['reset', { section: 1 }],
        ['section_start', { index: 1, title: 'Scope' }],
        ['token', { section: 1, text: 'Whole.' }],
        ['section_end', { index: 1, title: 'Scope', content: 'Whole.' }],
      ]),
    );
    expect(out.sections).toEqual([[1, 'Scope', 'Whole.', '']]);
    expect(out.applied[5]?.streamed).toBe('Whole.');
  });

  it('writes a finished section again when tokens come for it, and takes a section never started', async () => {
    const out = await run(
      numbered([
        ['section_end', { index: 1, title: 'Scope', content: 'Old.' }],
        ['token', { section: 1, text: 'New' }],
        ['token', { section: 3, text: 'Orphan' }],
      ]),
    );
    expect(out.sections).toEqual([
      [1, 'Scope', undefined, 'New'],
      [3, '', undefined, 'Orphan'],
    ]);
  });

  it('applies each event once: a replayed seq changes nothing', async () => {
    const out = await run([
      ['section_start', { seq: 1, index: 1, title: 'Scope' }],
      ['token', { seq: 2, section: 1, text: 'Once' }],
      ['token', { seq: 2, section: 1, text: 'Once' }],
      ['token', { seq: 1, section: 1, text: 'Again' }],
    ]);
    expect(out.sections).toEqual([[1, 'Scope', undefined, 'Once']]);
    expect(out.applied.map((a) => a !== undefined)).toEqual([true, true, false, false]);
    expect(out.seq).toBe(2);
  });

  it('keeps the error of a failed run, and forgets it when the run goes on', async () => {
    const failed = await run(
      numbered([
        ['error', { message: 'model unavailable' }],
        ['status', { status: 'failed', mode: 'chunked', reason: 'stall' }],
        ['done', { status: 'failed' }],
      ]),
    );
    expect(failed).toMatchObject({ status: 'failed', mode: 'chunked', reason: 'stall', error: 'model unavailable' });
    expect(failed.ended).toBe(true);
    const resumed = await run(
      numbered([
        ['error', { message: 'model unavailable' }],
        ['done', { status: 'failed' }],
        ['status', { status: 'streaming', mode: 'stream' }],
      ]),
    );
    expect(resumed).toMatchObject({ status: 'streaming', error: undefined, ended: false });
  });

  it('starts over at a resync, and lets events it does not draw move only the seq', async () => {
    const out = await run(
      numbered([
        ['section_end', { index: 1, title: 'Scope', content: 'Lost.' }],
        ['error', { message: 'old' }],
        ['resync', { reason: 'rebuilt' }],
        ['section_end', { index: 2, title: 'Fees', content: 'Kept.' }],
        ['suggestion', { id: 'x', section: 2, summary: 's', instruction: 'i' }],
      ]),
    );
    expect(out.sections).toEqual([[2, 'Fees', 'Kept.', '']]);
    expect(out.error).toBeUndefined();
    expect(out.seq).toBe(5);
    expect(out.applied[4]).toMatchObject({ statusChanged: false, index: undefined });
  });
});
