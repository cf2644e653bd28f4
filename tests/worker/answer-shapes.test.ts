import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, startStack, type Stack } from '../support/stack.js';
import { readEvents, reconstruct, type ReceivedEvent } from '../support/sse-client.js';
import { servedRequests } from '../support/model-requests.js';

// Each family of answer shapes (src/sim/answer-shapes.ts) through the real API, worker, simulator and
// SSE stream: the stored draft is exactly what the model meant (every outline section, under its own
// title, holding the text written for it and nothing else), viewers saw the same, and it took as
// many model calls as the shape needs. The simulator's prose does not depend on the directive, so a
// draft without one, from the same prompt, is what every one-call shape must store.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ workers: 1, tokensPerSec: 0, env: { STREAM_STALL_MS: '2000' } });
});
afterAll(() => stack.close());

const PROMPT = 'A contract drafting service for small law firms, billed monthly.';

interface Section {
  index: number;
  title: string;
  content: string;
}

interface Drafted {
  status: string;
  error: string | undefined;
  sections: Section[];
  events: ReceivedEvent[];
  calls: number;
}

async function draft(directive: string, language: 'en' | 'fr', mode?: 'chunked'): Promise<Drafted> {
  // Ends with a dot: no key is a part of another (the ledger finds requests by a part of their directive).
  const key = `id=${language}.${mode ?? 'stream'}.${directive.replace(/\W/g, '-') || 'reference'}.`;
  const created = await postJson(`${stack.apiUrl}/api/generations`, {
    prompt: `${PROMPT} [[sim:${directive ? `${directive};` : ''}${key}]]`,
    template: 'terms-of-service',
    language,
    ...(mode && { mode }),
  });
  expect(created.status).toBe(202);
  const { events } = await readEvents(`${stack.apiUrl}/api/generations/${created.body.id}/events`);
  const generation = (await getJson(`${stack.apiUrl}/api/generations/${created.body.id}`)).body;
  const sections = generation.sections.map(({ index, title, content }: Section) => ({ index, title, content }));
  return {
    status: generation.status,
    error: generation.error ?? undefined,
    sections,
    events,
    calls: (await servedRequests(stack.simUrl, key)).length,
  };
}

const references = new Map<string, Promise<Drafted>>();
function reference(language: 'en' | 'fr'): Promise<Drafted> {
  let drafted = references.get(language);
  if (!drafted) {
    drafted = draft('', language);
    references.set(language, drafted);
  }
  return drafted;
}

/** What viewers were streamed is what was stored, section by section. */
function expectSeenAsStored(drafted: Drafted) {
  const seen = reconstruct(drafted.events).sections;
  for (const stored of drafted.sections) {
    expect(seen.get(stored.index)?.title).toBe(stored.title);
    expect(seen.get(stored.index)?.text.trim()).toBe(stored.content);
  }
}

/** No heading of any shape, no remark to the user, no fence left in a section's text. */
function expectNoStrayText(drafted: Drafted) {
  for (const { content } of drafted.sections) {
    expect(content).not.toMatch(
      /^#{1,6} \d|^\*\*(Art\.|\d)|^Article \d|^```|Let me know|N'hésitez|continuing from where|Voici la suite|Preliminary Remarks|Remarques préliminaires|^---$/m,
    );
  }
}

describe('answers that parse in one call', () => {
  it.each([
    ['en', 'shape=h1'],
    ['en', 'shape=h3'],
    ['en', 'shape=h6'],
    ['en', 'shape=bold'],
    ['en', 'shape=bold-title'],
    ['en', 'shape=bold-number'],
    ['en', 'shape=no-dot'],
    ['en', 'shape=paren'],
    ['en', 'shape=colon'],
    ['en', 'shape=dash'],
    ['en', 'shape=article'],
    ['en', 'shape=section'],
    ['en', 'shape=art'],
    ['en', 'shape=title-only'],
    ['en', 'shape=title-plain'],
    ['en', 'shape=title-bold'],
    ['en', 'shape=plain-numbered'],
    ['en', 'shape=upper'],
    ['en', 'shape=roman'],
    ['en', 'shape=setext'],
    ['en', 'shape=run-in'],
    ['en', 'shape=html'],
    ['en', 'shape=preamble+closing'],
    ['en', 'shape=notes'],
    ['en', 'shape=fenced'],
    ['en', 'shape=unasked'],
    ['en', 'shape=shuffled'],
    ['en', 'shape=h3+preamble+fenced+closing'],
    ['en', 'extra=2'],
    ['fr', 'shape=article-plain'],
    ['fr', 'shape=bold-title+notes'],
    ['fr', 'shape=title-only+preamble+closing'],
  ] as const)('(%s) %s: the draft an unshaped answer gives, in 1 call', async (language, directive) => {
    const [shaped, plain] = await Promise.all([draft(directive, language), reference(language)]);
    expect(shaped.status).toBe('completed');
    expect(plain.calls).toBe(1);
    expect(shaped.calls).toBe(1);
    expect(shaped.sections).toEqual(plain.sections);
    expectSeenAsStored(shaped);
    expectNoStrayText(shaped);
  });
});

describe('answers that need a continuation', () => {
  it.each(['en', 'fr'] as const)('(%s) a skipped section is asked again on its own: 2 calls', async (language) => {
    const [shaped, plain] = await Promise.all([draft('shape=skip', language), reference(language)]);
    expect(shaped.status).toBe('completed');
    expect(shaped.calls).toBe(2);
    expect(shaped.sections.map((s) => [s.index, s.title])).toEqual(plain.sections.map((s) => [s.index, s.title]));
    // Every section but the skipped one is the unshaped draft's; the skipped one was written on its own.
    expect(shaped.sections.filter((s) => s.index !== 2)).toEqual(plain.sections.filter((s) => s.index !== 2));
    expect(shaped.sections[1]?.content.length).toBeGreaterThan(100);
    expectSeenAsStored(shaped);
    expectNoStrayText(shaped);
  });

  it.each([
    ['en', 'shape=cut'],
    ['fr', 'shape=cut+fenced'],
    ['en', 'shape=cut+resume-remark'],
    ['fr', 'shape=cut+resume-remark'],
  ] as const)(
    '(%s) %s: a reply cut by the token limit goes on in the section it cut: 2 calls',
    async (language, directive) => {
      const [shaped, plain] = await Promise.all([draft(directive, language), reference(language)]);
      expect(shaped.status).toBe('completed');
      expect(shaped.calls).toBe(2);
      expect(shaped.sections.map((s) => [s.index, s.title])).toEqual(plain.sections.map((s) => [s.index, s.title]));
      expect(shaped.sections[0]).toEqual(plain.sections[0]);
      // The cut fell before the first space past the middle of section 2: that much is the first
      // reply's, kept (never reset), and the continuation's text follows it in the same section.
      const whole = plain.sections[1]?.content ?? '';
      const written = whole.slice(0, whole.indexOf(' ', Math.floor(whole.length / 2)));
      const cut = shaped.sections[1]?.content ?? '';
      expect(cut.slice(0, written.length + 1)).toBe(`${written} `);
      expect(cut.length).toBeGreaterThan(written.length + 100);
      expect(shaped.events.filter((e) => e.event === 'reset')).toEqual([]);
      expectSeenAsStored(shaped);
      expectNoStrayText(shaped);
    },
  );

  it('(en) shape=cut+restart: a continuation that starts the cut section over replaces it: 2 calls', async () => {
    const [shaped, plain] = await Promise.all([draft('shape=cut+restart', 'en'), reference('en')]);
    expect(shaped.status).toBe('completed');
    expect(shaped.calls).toBe(2);
    expect(shaped.sections.map((s) => [s.index, s.title])).toEqual(plain.sections.map((s) => [s.index, s.title]));
    expect(shaped.sections[0]).toEqual(plain.sections[0]);
    // Viewers were told to drop the first reply's part of section 2, once, and were streamed it again.
    expect(shaped.events.filter((e) => e.event === 'reset').map((e) => e.data.section)).toEqual([2]);
    expect(shaped.sections[1]?.content.length).toBeGreaterThan(100);
    expectSeenAsStored(shaped);
    expectNoStrayText(shaped);
  });

  it('(en) in chunked mode, a reply cut by the token limit goes on in the section it cut: 2 calls per cut', async () => {
    const [shaped, plain] = await Promise.all([draft('shape=cut', 'en', 'chunked'), reference('en')]);
    expect(shaped.status).toBe('completed');
    expect(shaped.sections.map((s) => [s.index, s.title])).toEqual(plain.sections.map((s) => [s.index, s.title]));
    // Each call of 4 sections is cut once in its second, and that section is continued by the next call.
    const calls = Math.ceil(plain.sections.length / 3);
    expect(shaped.calls).toBeLessThanOrEqual(calls + 1);
    for (const section of shaped.sections) expect(section.content.length).toBeGreaterThan(100);
    expectNoStrayText(shaped);
  });
});

describe('an answer without any structure', () => {
  it('fails the draft after MODEL_CALLS_PER_DRAFT (8) calls, saying it had no headings we could read', async () => {
    const shapeless = await draft('headings=none', 'en');
    expect(shapeless).toMatchObject({ status: 'failed', calls: 8, sections: [] });
    expect(shapeless.error).toMatch(/the model's answer had no section headings we could read/);
  });
});
