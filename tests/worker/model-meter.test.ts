import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents } from '../support/sse-client.js';
import { servedRequests } from '../support/model-requests.js';
import { capturingLogger, eventually, sample, scrape } from '../support/logging.js';
import { getJson, postJson, startStack, uniquePrefix, waitForStatus, type Stack } from '../support/stack.js';
import { ModelMeters, type MeterSettings } from '../../src/worker/model-meter.js';
import { UsageStore } from '../../src/db/usage-store.js';
import { createLlmClient, type LlmClient } from '../../src/llm/llm-client.js';
import { modelCallRate } from '../../src/bus/call-rate.js';
import { ModelBudgetExceeded, OwnerCallsPaced } from '../../src/llm/call-errors.js';

// The budgets of a run, through the real API, worker and simulator: what a model that never gives a
// usable answer costs, counted where it is paid (the simulator's request ledger), and what every
// draft reports it cost (`usage`, /metrics). API and worker share one process here, so one /metrics.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ oneProcess: true, workers: 1, tokensPerSec: 0, env: { STREAM_STALL_MS: '2000' } });
});
afterAll(() => stack.close());

async function draft(prompt: string, extra: Record<string, unknown> = {}) {
  const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt, template: 'nda', ...extra });
  expect(created.status).toBe(202);
  return created.body.id as string;
}

describe('a draft whose model never gives a usable answer', () => {
  it('fails after MODEL_CALLS_PER_DRAFT (8) calls, whatever fails, with a reason a user understands', async () => {
    // Always a 500; always an answer without a single heading.
    const failing = await draft('Failing model [[sim:status=500;id=meter-500]]');
    const shapeless = await draft('Shapeless model [[sim:headings=none;id=meter-prose]]');
    for (const [id, key] of [
      [failing, 'id=meter-500'],
      [shapeless, 'id=meter-prose'],
    ] as const) {
      const generation = await waitForStatus(stack.apiUrl, id, ['failed', 'completed'], 90_000);
      expect(generation.status).toBe('failed');
      const requests = await servedRequests(stack.simUrl, key);
      expect(requests).toHaveLength(8);
      expect(generation.usage.calls).toBe(8);
      // No provider text in what viewers see, and no job attempt after the budget was spent.
      expect(generation.error).not.toMatch(/req_|server had an error/);
      const { events } = await readEvents(`${stack.apiUrl}/api/generations/${id}/events`);
      expect(events.filter((e) => e.event === 'error').map((e) => e.data.message)).toEqual([generation.error]);
      await new Promise((r) => setTimeout(r, 1500));
      expect(await servedRequests(stack.simUrl, key)).toHaveLength(8);
    }
  });
});

describe('usage', () => {
  it('reports the tokens of every call, as the provider counted them, in the API and in /metrics', async () => {
    const before = await scrape(stack.apiUrl);
    const kinds = (text: string, type: string) =>
      sample(text, 'cg_model_tokens_total', { model: 'gpt-4o-mini', kind: 'draft', type, source: 'reported' }) ?? 0;
    const id = await draft('Counted [[sim:id=meter-usage]]');
    const generation = await waitForStatus(stack.apiUrl, id, ['completed', 'failed']);
    expect(generation.status).toBe('completed');
    const [served] = await servedRequests(stack.simUrl, 'id=meter-usage');
    expect(served?.usage).toBeDefined();
    expect(generation.usage).toEqual({ ...served!.usage, calls: 1, estimated: false });

    const after = await eventually(async () => {
      const text = await scrape(stack.apiUrl);
      return kinds(text, 'completion') > kinds(before, 'completion') ? text : undefined;
    }, 'the completion tokens in /metrics');
    expect(kinds(after, 'completion') - kinds(before, 'completion')).toBe(served!.usage!.completionTokens);
    expect(kinds(after, 'prompt') - kinds(before, 'prompt')).toBe(served!.usage!.promptTokens);
    expect(
      sample(after, 'cg_model_calls_total', { model: 'gpt-4o-mini', kind: 'draft', outcome: 'answered' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('estimates, and says so, when the provider reports no usage', async () => {
    const id = await draft('Uncounted [[sim:usage=none;id=meter-nousage]]');
    const generation = await waitForStatus(stack.apiUrl, id, ['completed', 'failed']);
    expect(generation.status).toBe('completed');
    expect(await servedRequests(stack.simUrl, 'id=meter-nousage')).toMatchObject([{ status: 200 }]);
    const content = generation.sections.map((s: { content: string }) => s.content).join('');
    expect(generation.usage).toMatchObject({ calls: 1, estimated: true });
    // About one token per four characters written (headings included).
    expect(generation.usage.completionTokens).toBeGreaterThanOrEqual(Math.ceil(content.length / 4));
    expect(generation.usage.completionTokens).toBeLessThan(Math.ceil(content.length / 4) * 1.3);
    expect(generation.usage.promptTokens).toBeGreaterThan(100);
  });
  it("shows the owner, on the draft's page, one line of what its model calls cost; a share link does not", async () => {
    const visit = await fetch(`${stack.apiUrl}/`, { redirect: 'manual' });
    await visit.arrayBuffer();
    const browser = { cookie: (visit.headers.get('set-cookie') ?? '').split(';')[0] ?? '', origin: stack.apiUrl };
    const form = await fetch(`${stack.apiUrl}/generations`, {
      method: 'POST',
      headers: { ...browser, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'Shown [[sim:id=meter-page]]', template: 'nda' }),
      redirect: 'manual',
    });
    expect(form.status).toBe(303);
    const page = form.headers.get('location') ?? '';
    const id = page.split('/').at(-1)!;
    const generation = await eventually(async () => {
      const body = (await (await fetch(`${stack.apiUrl}/api/generations/${id}`, { headers: browser })).json()) as any;
      return body.status === 'completed' ? body : undefined;
    }, 'the draft made from the page');
    const { promptTokens, completionTokens } = generation.usage;
    const html = await (await fetch(`${stack.apiUrl}${page}`, { headers: browser })).text();
    expect(html).toContain(
      `Model use when loaded: 1 call, ${promptTokens.toLocaleString('en-US')} tokens in, ${completionTokens.toLocaleString('en-US')} out`,
    );
    const share = await (
      await fetch(`${stack.apiUrl}/api/generations/${id}/share`, { method: 'POST', headers: browser })
    ).json();
    expect(await (await fetch(`${stack.apiUrl}${(share as { url: string }).url}`)).text()).not.toContain('Model use');
  });
});

describe('a rewrite and a review', () => {
  it('bound a rewrite by MODEL_CALLS_PER_REWRITE (4) and a review by MODEL_CALLS_PER_REVIEW (2)', async () => {
    const id = await draft('Rewritten [[sim:id=meter-rewrite]]');
    expect((await waitForStatus(stack.apiUrl, id, ['completed'])).usage.calls).toBe(1);
    // From now on the model fails every call (a harness fault: the draft's own prompt stays the same).
    await postJson(`${stack.simUrl}/_sim/faults`, { status: 503, times: 1000 });
    try {
      const rewrite = await postJson(`${stack.apiUrl}/api/generations/${id}/sections/2/regenerate`, {});
      expect(rewrite.status).toBe(202);
      const failed = await waitForStatus(stack.apiUrl, id, ['failed'], 60_000);
      expect(failed.error).toMatch(/limit for one rewrite|chunked generation failed/);
      expect(failed.usage.calls).toBe(1 + 4);

      // The draft failed: its sections are still there to review.
      const review = await postJson(`${stack.apiUrl}/api/generations/${id}/suggestions`, {});
      expect(review.status).toBe(202);
      const end = await eventually(async () => {
        const { events } = await readEvents(`${stack.apiUrl}/api/generations/${id}/events?after=0`);
        return events.find((e) => e.event === 'suggestions_end');
      }, 'the end of the review');
      expect(end.data.count).toBe(0);
      expect((await getJson(`${stack.apiUrl}/api/generations/${id}`)).body.usage.calls).toBe(1 + 4 + 2);
      expect(await servedRequests(stack.simUrl, 'id=meter-rewrite')).toHaveLength(1 + 4 + 2);
    } finally {
      await fetch(`${stack.simUrl}/_sim/faults`, { method: 'DELETE' });
    }
  });
});

describe('the meter of a run, at each call', () => {
  const settings = (tokensPerDay = 0): MeterSettings => ({
    model: 'gpt-4o-mini',
    budgets: {
      draft: { calls: 3, outputTokens: 1_000_000 },
      rewrite: { calls: 1, outputTokens: 1_000_000 },
      review: { calls: 1, outputTokens: 1_000_000 },
    },
    tokensPerDay,
  });
  const { logger } = capturingLogger('silent');
  let llm: LlmClient;
  let usage: UsageStore;
  let generation: { id: string; quotaKey: string };
  beforeAll(async () => {
    llm = createLlmClient({
      apiKey: undefined,
      baseURL: `${stack.simUrl}/v1`,
      model: 'gpt-4o-mini',
      timeoutMs: 10_000,
      maxOutputTokens: 4096,
    });
    usage = new UsageStore(stack.connections[0]!.database.db);
    const id = await draft('Metered directly');
    await waitForStatus(stack.apiUrl, id, ['completed']);
    const row = await stack.api[0]!.store.find(id);
    generation = { id, quotaKey: row!.quotaKey };
  });
  const ask = (client: LlmClient, key: string) =>
    client.complete([{ role: 'user', content: `Write it [[sim:id=${key}]]` }], new AbortController().signal);
  const run = (runKey: string, quotaKey = generation.quotaKey) =>
    ({ generationId: generation.id, runKey, quotaKey, kind: 'draft' }) as const;

  it('continues the count of a run in a new meter (a retried job, another worker), and refuses past it without calling', async () => {
    const meters = new ModelMeters({ usage, callRate: undefined, settings: settings() });
    const first = meters.forRun(llm, run('run:direct'), logger);
    await ask(first.llm, 'meter-direct');
    await ask(first.llm, 'meter-direct');
    const second = meters.forRun(llm, run('run:direct'), logger);
    await ask(second.llm, 'meter-direct');
    expect(second.meter.spent).toBe(true);
    const refused = await ask(second.llm, 'meter-direct').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ModelBudgetExceeded);
    expect((refused as ModelBudgetExceeded).message).toBe(
      'the model was called 3 times, the limit for one draft, without a usable answer',
    );
    expect(await servedRequests(stack.simUrl, 'id=meter-direct')).toHaveLength(3);
    expect((await usage.ofRun(generation.id, 'run:direct')).calls).toBe(3);
  });

  it("holds a run's further calls while its owner's calls of the minute are spent, without spending the run's budget", async () => {
    const callRate = modelCallRate(stack.connections[0]!.redis, uniquePrefix(), 1);
    const meters = new ModelMeters({ usage, callRate, settings: settings() });
    const { llm: metered, meter } = meters.forRun(llm, run('run:paced'), logger);
    // The first call of a run was taken at the API's door; the second takes the one point left.
    await ask(metered, 'meter-paced');
    await ask(metered, 'meter-paced');
    const held = await ask(metered, 'meter-paced').catch((error: unknown) => error);
    expect(held).toBeInstanceOf(OwnerCallsPaced);
    expect((held as OwnerCallsPaced).retryAfterMs).toBeGreaterThan(0);
    expect((held as OwnerCallsPaced).retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(meter.takePacedRefusal()).toBe(true);
    expect(meter.takePacedRefusal()).toBe(false);
    expect(await servedRequests(stack.simUrl, 'id=meter-paced')).toHaveLength(2);
    expect((await usage.ofRun(generation.id, 'run:paced')).calls).toBe(2);
  });

  it("refuses a run's first call once its owner spent the day's tokens, and only the first", async () => {
    const spent = await usage.tokensToday(generation.quotaKey);
    expect(spent).toBeGreaterThan(0);
    const meters = new ModelMeters({ usage, callRate: undefined, settings: settings(spent) });
    const refused = await ask(meters.forRun(llm, run('run:daily'), logger).llm, 'meter-daily').catch((e: unknown) => e);
    expect(refused).toMatchObject({ budget: 'daily_tokens' });
    expect((refused as Error).message).toMatch(/daily token budget .* 00:00 UTC/);
    expect((await usage.ofRun(generation.id, 'run:daily')).calls).toBe(0);
    expect(await servedRequests(stack.simUrl, 'id=meter-daily')).toHaveLength(0);
  });
});
