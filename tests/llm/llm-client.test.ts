import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startStack, waitForStatus, type Stack } from '../support/stack.js';
import { servedRequests } from '../support/model-requests.js';

// Model parameters that fit the model, as the simulator sees them: no temperature unless the operator
// sets one (a reasoning model refuses it, and the draft then fails at once saying so), and an output
// limit on every call, lowered to what the run's budget has left.

async function draft(stack: Stack, key: string) {
  const created = await postJson(`${stack.apiUrl}/api/generations`, {
    prompt: `Params [[sim:id=${key}]]`,
    template: 'nda',
  });
  expect(created.status).toBe(202);
  return waitForStatus(stack.apiUrl, created.body.id, ['completed', 'failed'], 60_000);
}

describe('a reasoning model (o3-mini)', () => {
  let plain: Stack;
  let withTemperature: Stack;
  beforeAll(async () => {
    plain = await startStack({ env: { OPENAI_MODEL: 'o3-mini' } });
    withTemperature = await startStack({ env: { OPENAI_MODEL: 'o3-mini', OPENAI_TEMPERATURE: '0.3' } });
  });
  afterAll(async () => {
    await plain?.close();
    await withTemperature?.close();
  });

  it('drafts when no temperature is configured: none is sent, and max_completion_tokens is', async () => {
    const generation = await draft(plain, 'params-plain');
    expect(generation.status).toBe('completed');
    expect(await servedRequests(plain.simUrl, 'id=params-plain')).toMatchObject([
      { model: 'o3-mini', status: 200, temperature: null, maxCompletionTokens: 16_384 },
    ]);
  });

  it('fails at once, naming the parameter, when OPENAI_TEMPERATURE is set: one call, not retried', async () => {
    const generation = await draft(withTemperature, 'params-temperature');
    expect(generation).toMatchObject({
      status: 'failed',
      error: 'the model does not accept the parameter temperature',
      usage: { calls: 1, promptTokens: 0, completionTokens: 0 },
    });
    expect(await servedRequests(withTemperature.simUrl, 'id=params-temperature')).toMatchObject([
      { status: 400, temperature: 0.3 },
    ]);
  });
});

describe('a model that takes every parameter', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: { OPENAI_TEMPERATURE: '0.3', OPENAI_MAX_OUTPUT_TOKENS: '150', OUTPUT_TOKENS_PER_DRAFT: '400' },
    });
  });
  afterAll(() => stack?.close());

  it("sends the temperature set, and an output limit on every call that stays within the run's output budget", async () => {
    const generation = await draft(stack, 'params-limits');
    // Every answer is cut at 150 tokens; the third call may write only the 100 tokens left.
    const requests = await servedRequests(stack.simUrl, 'id=params-limits');
    expect(requests.map((r) => [r.maxCompletionTokens, r.temperature, r.usage?.completionTokens])).toEqual([
      [150, 0.3, 150],
      [150, 0.3, 150],
      [100, 0.3, 100],
    ]);
    expect(generation).toMatchObject({
      status: 'failed',
      error: 'the model wrote 400 tokens, the limit for one draft, without a usable answer',
      usage: { calls: 3, completionTokens: 400 },
    });
  });
});
