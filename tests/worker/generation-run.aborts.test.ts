import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVE_STATUSES } from '../../src/domain/statuses.js';
import { endRun, takeOwnership } from '../../src/generations/ownership.js';
import type { ServedStream } from '../../src/sim/stream-ledger.js';
import { eventually } from '../support/logging.js';
import { readEvents } from '../support/sse-client.js';
import { postJson, startStack, waitForStatus, type Stack } from '../support/stack.js';

// The model call is aborted as soon as the run stops reading it: nobody pays for tokens thrown away.
// The simulator records when each of its streams ended and how (src/sim/stream-ledger.ts).

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ workers: 1, tokensPerSec: 0 });
});
afterAll(() => stack.close());

async function served(key: string): Promise<ServedStream[]> {
  const response = await fetch(`${stack.simUrl}/_sim/streams?key=${encodeURIComponent(key)}`);
  return ((await response.json()) as { streams: ServedStream[] }).streams;
}

/** Waits until the simulator's stream number `n` for `key` has ended, and returns it. */
function ended(key: string, n = 0): Promise<ServedStream> {
  return eventually(async () => {
    const stream = (await served(key))[n];
    return stream?.end ? stream : undefined;
  }, `stream ${n} of ${key} to end`);
}

/** Starts a slow generation and returns once its first tokens have arrived. */
async function startSlow(key: string): Promise<string> {
  const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt: `A slow one [[sim:tps=40;id=${key}]]` });
  const id = created.body.id as string;
  await readEvents(`${stack.apiUrl}/api/generations/${id}/events`, { stopAfter: 6 });
  return id;
}

describe('the model call', () => {
  it('is hung up once the model writes past the last section wanted, on a first run and on a rewrite', async () => {
    // The model runs on for ten sections more than asked: seconds of tokens nobody wants.
    const created = await postJson(`${stack.apiUrl}/api/generations`, {
      prompt: 'A runaway model [[sim:extra=10;tps=300;id=overrun]]',
    });
    const id = created.body.id as string;
    await readEvents(`${stack.apiUrl}/api/generations/${id}/events`);
    const doneAt = Date.now();
    const first = await ended('id=overrun');
    expect(first.end).toBe('closed');
    expect(first.chunksSent).toBeLessThan(first.chunksPlanned * 0.75);
    expect(first.endedAt! - doneAt).toBeLessThan(1_000);

    // A rewrite of section 3 asks for that one section; the model goes on to 4, 5…
    const rewrite = await postJson(`${stack.apiUrl}/api/generations/${id}/sections/3/regenerate`, {});
    expect(rewrite.status).toBe(202);
    await waitForStatus(stack.apiUrl, id, ['completed']);
    const rewriteDoneAt = Date.now();
    const second = await ended('id=overrun', 1);
    expect(second.end).toBe('closed');
    expect(second.chunksSent).toBeLessThan(second.chunksPlanned * 0.25);
    expect(second.endedAt! - rewriteDoneAt).toBeLessThan(1_000);
  });

  // A stream at 40 tokens a second has more than half a minute to go: closing within a few seconds of
  // the command can only be the abort.
  it.each([
    ['cancel', 'cancelled'],
    ['pause', 'paused'],
  ])('is hung up at once on %s', async (command, status) => {
    const key = `id=on-${command}`;
    const id = await startSlow(key);
    const answered = await postJson(`${stack.apiUrl}/api/generations/${id}/${command}`, {});
    expect(answered.body.status).toBe(status);
    const at = Date.now();
    const stream = await ended(key);
    expect(stream.end).toBe('closed');
    expect(stream.endedAt! - at).toBeLessThan(5_000);
  });

  it('is hung up when the run is fenced out by another holder', async () => {
    const key = 'id=fenced';
    const id = await startSlow(key);
    // Another holder takes the generation (as a takeover does), without any stop message.
    const deps = stack.api[0]!;
    const owner = await takeOwnership(deps.store, deps.log, id, { from: ACTIVE_STATUSES, to: 'running' });
    expect(owner).toBeDefined();
    const at = Date.now();
    const stream = await ended(key);
    expect(stream.end).toBe('closed');
    expect(stream.endedAt! - at).toBeLessThan(5_000);
    await endRun(deps.store, owner!, { status: 'cancelled', mode: owner!.generation.mode });
  });
});
