import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECTION_CONTENT_MAX_CHARS, SECTION_TITLE_MAX_CHARS } from '../../src/domain/section-limits.js';
import { REVIEW_MAX_CHARS } from '../../src/domain/model-input.js';
import { servedRequests } from '../support/model-requests.js';
import { readEvents, reconstruct } from '../support/sse-client.js';
import { getJson, postJson, startStack, waitForStatus, type Stack } from '../support/stack.js';

// What a failing or hostile model, or a client feeding it, can make the service spend and keep:
// one rate-limit point no longer buys 64 calls, a model's output is
// limited on every call and a section's size capped where it is stored, a review's input is capped
// whatever the draft holds, and the provider's own words never reach a viewer.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { STREAM_STALL_MS: '2000', STREAM_FRAME_MS: '0' } });
});
afterAll(() => stack.close());

async function draft(prompt: string) {
  const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt, template: 'nda' });
  expect(created.status).toBe(202);
  const id = created.body.id as string;
  return { id, generation: await waitForStatus(stack.apiUrl, id, ['completed', 'failed'], 90_000) };
}

describe('model calls of one draft', () => {
  it.each([
    ['answers 500 to every call', 'status=500', 'failed'],
    ['cuts every stream (chunked calls still answer)', 'cut=5', 'completed'],
    ['answers without any heading', 'headings=none', 'failed'],
  ])('stay within 8 when the model %s (64 before)', async (_what, fault, status) => {
    const key = `cost-${fault.replace(/\W/g, '')}`;
    const { generation } = await draft(`Hostile [[sim:${fault};id=${key}]]`);
    expect(generation.status).toBe(status);
    const calls = (await servedRequests(stack.simUrl, `id=${key}`)).length;
    expect(calls).toBe(generation.usage.calls);
    if (status === 'failed') expect(calls).toBe(8);
    else expect(calls).toBeLessThanOrEqual(8);
  });
});

describe("a model's output", () => {
  it('is limited on every call, and a run stops once it wrote its budget of output tokens', async () => {
    // 3,000,000 characters in the first section: more than one call may write.
    const { generation } = await draft('Runaway [[sim:bloat=3000000;id=cost-runaway]]');
    const requests = await servedRequests(stack.simUrl, 'id=cost-runaway');
    expect(requests.every((r) => r.maxCompletionTokens !== null && r.maxCompletionTokens <= 16_384)).toBe(true);
    expect(requests.reduce((sum, r) => sum + (r.usage?.completionTokens ?? 0), 0)).toBeLessThanOrEqual(32_768);
    expect(generation).toMatchObject({ status: 'failed', sections: [] });
    expect(generation.error).toMatch(/the model wrote 32768 tokens, the limit for one draft/);
  });

  it('is capped where a section is stored, streamed and shared: text and title', async () => {
    const { id, generation } = await draft('Long-winded [[sim:bloat=40000;id=cost-long]]');
    expect(generation.status).toBe('completed');
    const [first] = generation.sections as { title: string; content: string }[];
    expect(first!.content.length).toBeLessThanOrEqual(SECTION_CONTENT_MAX_CHARS);
    expect(first!.content.length).toBeGreaterThan(SECTION_CONTENT_MAX_CHARS - 10);
    expect(first!.title.length).toBeLessThanOrEqual(SECTION_TITLE_MAX_CHARS);
    // What viewers were streamed is what was stored.
    const { events } = await readEvents(`${stack.apiUrl}/api/generations/${id}/events?after=0`);
    const seen = reconstruct(events).sections.get(1);
    expect(seen?.text).toBe(first!.content);
    expect(seen?.title).toBe(first!.title);
    const share = await postJson(`${stack.apiUrl}/api/generations/${id}/share`, {});
    const page = await (await fetch(`${stack.apiUrl}${share.body.url}`)).text();
    expect(page.length).toBeLessThan(400_000);
  });
});

describe("a review's input", () => {
  it(`stays under ${REVIEW_MAX_CHARS} characters of draft however long the sections were edited to be`, async () => {
    const { id, generation } = await draft('To review [[sim:id=cost-review]]');
    const filler = 'This clause is long on purpose. '.repeat(1000).slice(0, 32_000);
    for (const section of generation.sections as { index: number }[]) {
      const versions = (await getJson(`${stack.apiUrl}/api/generations/${id}/sections/${section.index}/versions`)).body;
      const baseVersion = Math.max(...versions.versions.map((v: { version: number }) => v.version));
      const response = await fetch(`${stack.apiUrl}/api/generations/${id}/sections/${section.index}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ content: filler, baseVersion }),
      });
      expect(response.status).toBe(200);
    }
    const drafted = 32_000 * generation.sections.length;
    expect((await postJson(`${stack.apiUrl}/api/generations/${id}/suggestions`, {})).status).toBe(202);
    const review = await waitForReview(id);
    // The whole draft was 10 × 32,000 characters; the review saw its share of each, and the brief.
    expect(drafted).toBeGreaterThan(3 * REVIEW_MAX_CHARS);
    expect(review.inputChars).toBeLessThan(REVIEW_MAX_CHARS + 12_000);
  });
});

async function waitForReview(id: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const review = (await servedRequests(stack.simUrl, 'id=cost-review')).find((r) => r.task === 'suggestions');
    if (review) return review;
    if (Date.now() > deadline) throw new Error(`no review request for ${id} after 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
