import { afterAll, beforeAll, expect, it } from 'vitest';
import { getJson, postJson, startStack, waitForStatus, type Stack } from '../support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ workers: 1, tokensPerSec: 0, env: { STREAM_STALL_MS: '400' } });
});
afterAll(() => stack.close());

it('counts calls of an always-failing draft', async () => {
  const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'Fail [[sim:status=500;id=base]]' });
  const g = await waitForStatus(stack.apiUrl, created.body.id, ['failed', 'completed'], 300_000);
  const stats = (await getJson(`${stack.simUrl}/_sim/stats`)).body;
  console.log('BASELINE', JSON.stringify({ status: g.status, error: g.error, stats }));
  expect(g.status).toBe('failed');
}, 320_000);
