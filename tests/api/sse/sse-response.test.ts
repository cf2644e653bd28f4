import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startStack, type Stack } from '../../support/stack.js';
import { readEvents, readWithin } from '../../support/sse-client.js';

// No worker: generations stay queued, so their streams are idle and only heartbeats flow.
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ workers: 0, env: { SSE_HEARTBEAT_MS: '100' } });
});
afterAll(() => stack.close());

/** Reads a stream's raw text until `until` matches it. */
async function readUntil(url: string, until: RegExp): Promise<string> {
  const response = await fetch(url);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!until.test(text)) {
    const { done, value } = await readWithin(reader, `${url}, after ${JSON.stringify(text)}`);
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return text;
}

describe('event stream heartbeats', () => {
  it('pings every open stream from one shared timer, and forgets closed ones', async () => {
    const ids = await Promise.all(
      [1, 2, 3].map(
        async (i) =>
          ((await postJson(`${stack.apiUrl}/api/generations`, { prompt: `idle ${i}` })).body as { id: string }).id,
      ),
    );
    const texts = await Promise.all(
      ids.map((id) => readUntil(`${stack.apiUrl}/api/generations/${id}/events`, /(: ping\n\n[\s\S]*){2}/)),
    );
    for (const text of texts) {
      expect(text.startsWith('retry: 1000\n\n')).toBe(true);
      expect(text).toContain('event: status');
      expect(text.match(/: ping\n\n/g)?.length).toBeGreaterThanOrEqual(2);
    }
    // Closed streams leave the process's set, so the timer does not write to them.
    await expect.poll(() => stack.api[0]!.streams.size, { timeout: 10_000 }).toBe(0);
  });
});

describe('a viewer joining at the head of the log', () => {
  it('gets what follows as it happens and ends at done; at the end of the finished run it gets 204', async () => {
    const { id } = (await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'joined at the head' })).body as {
      id: string;
    };
    const deps = stack.api[0]!;
    const head = (await deps.log.currentSeq(id))!;
    // The page's cursor: the log's newest seq, a live run's event (not done), so no Postgres read.
    const before = deps.streams.size;
    const reading = readEvents(`${stack.apiUrl}/api/generations/${id}/events?after=${head}`);
    await expect.poll(() => deps.streams.size, { timeout: 10_000 }).toBe(before + 1);
    expect((await postJson(`${stack.apiUrl}/api/generations/${id}/cancel`, {})).status).toBe(200);
    const { status, events, ended } = await reading;
    expect(status).toBe(200);
    expect(ended).toBe(true);
    expect(events.map((e) => [e.id, e.event])).toEqual([
      [String(head + 1), 'status'],
      [String(head + 2), 'done'],
    ]);
    // At the end of a finished run: nothing to send, and an EventSource is told to stop.
    expect((await readEvents(`${stack.apiUrl}/api/generations/${id}/events?after=${head + 2}`)).status).toBe(204);
  });
});

describe('a HEAD of an event stream', () => {
  it("is answered with the stream's headers alone, follows nothing, and 404s an unknown id", async () => {
    const { id } = (await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'asked with HEAD' })).body as {
      id: string;
    };
    const before = stack.api[0]!.streams.size;
    const head = await fetch(`${stack.apiUrl}/api/generations/${id}/events`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(await head.text()).toBe('');
    expect(stack.api[0]!.streams.size).toBe(before);
    const unknown = await fetch(`${stack.apiUrl}/api/generations/00000000-0000-4000-8000-000000000000/events`, {
      method: 'HEAD',
    });
    expect(unknown.status).toBe(404);
  });
});
