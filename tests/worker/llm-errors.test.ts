import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyLlmError, PROVIDER_REFUSALS, TruncatedStreamError } from '../../src/worker/llm-errors.js';
import { capturingLogger } from '../support/logging.js';
import { servedRequests } from '../support/model-requests.js';
import { readEvents } from '../support/sse-client.js';
import { postJson, startStack, waitForStatus, type Stack } from '../support/stack.js';

// A provider's refusal, told to viewers in a fixed phrase by kind (events, the API's `error`, the
// share page), never in the provider's words, which quote a masked key, a project id or a fine-tuned
// model's name; those go to the log. A refusal is final: one call, no retry.

const capture = capturingLogger('info');
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ logger: capture.logger });
});
afterAll(() => stack.close());

/** What the simulated provider quotes in its refusals (src/sim/model-rules.ts). */
const PROVIDER_DETAIL = /sk-proj|proj_|ft:gpt|org-|req_|Incorrect API key|exceeded your current quota/;

const REFUSALS = [
  { fault: 'status=401', phrase: PROVIDER_REFUSALS.authentication, logged: /Incorrect API key provided/ },
  { fault: 'status=403', phrase: PROVIDER_REFUSALS.permission, logged: /proj_Zx81Kq0LmN3vT/ },
  { fault: 'status=404', phrase: PROVIDER_REFUSALS.model_not_found, logged: /ft:gpt-4o-mini:acme-legal/ },
  { fault: 'status=429;refuse=quota', phrase: PROVIDER_REFUSALS.quota, logged: /exceeded your current quota/ },
  { fault: 'status=402', phrase: PROVIDER_REFUSALS.quota, logged: /req_8c1f402e2a/ },
  { fault: 'status=400', phrase: PROVIDER_REFUSALS.bad_request, logged: /req_8c1f400e2a/ },
];

describe('a provider that refuses the request', () => {
  it.each(REFUSALS)('[$fault] shows "$phrase" to every viewer, logs the provider text, calls once', async (refusal) => {
    const key = `refusal-${refusal.fault.replace(/\W/g, '-')}`;
    const created = await postJson(`${stack.apiUrl}/api/generations`, {
      prompt: `Refused [[sim:${refusal.fault};id=${key}]]`,
      template: 'nda',
    });
    const id = created.body.id as string;
    const generation = await waitForStatus(stack.apiUrl, id, ['failed', 'completed']);
    expect(generation).toMatchObject({ status: 'failed', error: refusal.phrase, usage: { calls: 1 } });
    expect(await servedRequests(stack.simUrl, `id=${key}`)).toHaveLength(1);

    const { events } = await readEvents(`${stack.apiUrl}/api/generations/${id}/events?after=0`);
    expect(events.find((e) => e.event === 'error')?.data.message).toBe(refusal.phrase);
    expect(JSON.stringify(events)).not.toMatch(PROVIDER_DETAIL);

    const share = await postJson(`${stack.apiUrl}/api/generations/${id}/share`, {});
    const page = await (await fetch(`${stack.apiUrl}${share.body.url}`)).text();
    const json = await (await fetch(`${stack.apiUrl}${share.body.url}/generation`)).text();
    for (const seen of [page, json, JSON.stringify(generation)]) expect(seen).not.toMatch(PROVIDER_DETAIL);
    expect(json).toContain(refusal.phrase);

    const logged = capture.raw.filter((line) => line.includes(id));
    expect(logged.some((line) => refusal.logged.test(line))).toBe(true);
  });
});

describe('an error that is not the model answer failing in a way we noticed', () => {
  it('is told to viewers as "the model call failed", never in its own words', () => {
    // A bug or a library's error may quote anything (a prompt, a query): its message stays in the log.
    expect(classifyLlmError(new TypeError('Cannot read properties of "Secret plans of A"'))).toEqual({
      kind: 'transient',
      message: 'the model call failed',
    });
    expect(classifyLlmError(new TruncatedStreamError('length')).message).toBe(
      'the model stopped early (finish_reason length)',
    );
  });
});
