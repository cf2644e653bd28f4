import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../webhooks/support.js';
import { anonymous, attempt, bearer, browserSignedIn, completedDraft, type Party } from './support.js';

// Invariant 8 for suggestions: only the draft's owner lists, asks for, applies or dismisses them.
// Another owner gets 404 (as for a draft that does not exist), no credentials 401, and nothing changes.

const KEY_A = `sug-key-a-${randomBytes(12).toString('hex')}`;
const KEY_B = `sug-key-b-${randomBytes(12).toString('hex')}`;
const SESSION_SECRET = 'sug-session-secret-0123456789abcdef-0123456789';

describe('suggestions of A’s draft, tried by anonymous, key B and B’s browser', () => {
  let stack: Stack;
  const who: Record<string, Party> = {};
  let idA = '';
  let open: { id: string; summary: string }[] = [];

  const listAsA = async () =>
    JSON.parse((await attempt(stack.apiUrl, who.keyA!, 'GET', `/api/generations/${idA}/suggestions`)).text)
      .suggestions as { id: string; status: string; summary: string }[];

  beforeAll(async () => {
    stack = await startStack({ env: { API_KEYS: `${KEY_A},${KEY_B}`, SESSION_SECRET, STREAM_FRAME_MS: '0' } });
    who.anonymous = anonymous;
    who.keyA = bearer(KEY_A);
    who.keyB = bearer(KEY_B);
    who.browserB = await browserSignedIn(stack.apiUrl, KEY_B);
    idA = await completedDraft(stack.apiUrl, who.keyA, { prompt: 'Secret plans of A', template: 'nda' });
    expect((await attempt(stack.apiUrl, who.keyA!, 'POST', `/api/generations/${idA}/suggestions`, {})).status).toBe(
      202,
    );
    open = await waitFor('A’s suggestions', async () => {
      const list = await listAsA();
      const events = await attempt(stack.apiUrl, who.keyA!, 'GET', `/api/generations/${idA}`);
      return list.length > 0 && JSON.parse(events.text).status === 'completed' ? list : undefined;
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('answers every attempt as the table says, and changes nothing', async () => {
    const g = `/api/generations/${idA}`;
    const sid = open[0]!.id;
    const table: [string, string, string, unknown, number][] = [
      ['anonymous', 'GET', `${g}/suggestions`, undefined, 401],
      ['keyB', 'GET', `${g}/suggestions`, undefined, 404],
      ['browserB', 'GET', `${g}/suggestions`, undefined, 404],
      ['anonymous', 'POST', `${g}/suggestions`, {}, 401],
      ['keyB', 'POST', `${g}/suggestions`, {}, 404],
      ['keyB', 'POST', `${g}/suggestions`, { section: 1 }, 404],
      ['browserB', 'POST', `${g}/suggestions`, {}, 404],
      ['anonymous', 'POST', `${g}/suggestions/${sid}/apply`, {}, 401],
      ['keyB', 'POST', `${g}/suggestions/${sid}/apply`, {}, 404],
      ['browserB', 'POST', `${g}/suggestions/${sid}/apply`, {}, 404],
      ['anonymous', 'POST', `${g}/suggestions/${sid}/dismiss`, {}, 401],
      ['keyB', 'POST', `${g}/suggestions/${sid}/dismiss`, {}, 404],
      ['browserB', 'POST', `${g}/suggestions/${sid}/dismiss`, {}, 404],
      ['keyA', 'GET', `${g}/suggestions`, undefined, 200],
    ];
    const answers = [];
    for (const [party, method, path, body] of table) {
      answers.push([party, method, path, body, (await attempt(stack.apiUrl, who[party]!, method, path, body)).status]);
    }
    expect(answers).toEqual(table);
    const after = await listAsA();
    expect(after.map((s) => [s.id, s.status])).toEqual(open.map((s) => [s.id, 'open']));
    const draft = JSON.parse((await attempt(stack.apiUrl, who.keyA!, 'GET', g)).text);
    expect(draft.status).toBe('completed');
  });

  it('a suggestion of A’s draft cannot be reached through B’s own draft', async () => {
    const idB = await completedDraft(stack.apiUrl, who.keyB!, { prompt: 'Plans of B', template: 'nda' });
    const sid = open[0]!.id;
    for (const action of ['apply', 'dismiss']) {
      const r = await attempt(
        stack.apiUrl,
        who.keyB!,
        'POST',
        `/api/generations/${idB}/suggestions/${sid}/${action}`,
        {},
      );
      expect(r.status).toBe(404);
    }
    expect((await listAsA()).find((s) => s.id === sid)?.status).toBe('open');
  });
});
