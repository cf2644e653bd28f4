import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents, reconstruct } from '../support/sse-client.js';
import { getJson, postJson, startStack, waitForStatus, type Stack } from '../support/stack.js';

// Commands racing each other (and the worker) answer 2xx or 409, never 500, and leave a log that
// still adds up to the stored document.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ apis: 2, workers: 1, tokensPerSec: 0 });
});
afterAll(() => stack.close());

describe('a storm of concurrent pause and resume calls', () => {
  it('answers each with 200 or 409, and the generation still completes whole', async () => {
    const created = await postJson(`${stack.apiUrl}/api/generations`, {
      prompt: 'A storm of commands [[sim:tps=200]]',
    });
    const id = created.body.id as string;
    await readEvents(`${stack.apiUrl}/api/generations/${id}/events`, { stopAfter: 10 });

    const statuses: number[] = [];
    for (let round = 0; round < 4; round++) {
      const calls = Array.from({ length: 24 }, (_, i) =>
        postJson(`${stack.apiUrls[i % 2]}/api/generations/${id}/${i % 3 === 0 ? 'resume' : 'pause'}`, {}),
      );
      statuses.push(...(await Promise.all(calls)).map((r) => r.status));
    }
    expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);
    expect(statuses).toContain(200);

    // Leave it running, and let it finish.
    for (;;) {
      const { body } = await getJson(`${stack.apiUrl}/api/generations/${id}`);
      if (body.status !== 'paused') break;
      await postJson(`${stack.apiUrl}/api/generations/${id}/resume`, {});
    }
    const generation = await waitForStatus(stack.apiUrl, id, ['completed'], 90_000);
    expect(generation.sections).toHaveLength(10);
    const { events } = await readEvents(`${stack.apiUrl}/api/generations/${id}/events`);
    const { sections, seqs } = reconstruct(events);
    // Contiguous from 1, or from the resync of a log compacted at a resume (src/generations/log-compaction.ts).
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    for (const stored of generation.sections) expect(sections.get(stored.index)?.content).toBe(stored.content);
  });

  it('with cancels in the storm, still answers 200 or 409, and ends cancelled with a log that adds up', async () => {
    const created = await postJson(`${stack.apiUrl}/api/generations`, {
      prompt: 'A storm with cancels [[sim:tps=200]]',
    });
    const id = created.body.id as string;
    await readEvents(`${stack.apiUrl}/api/generations/${id}/events`, { stopAfter: 10 });
    const commands = ['pause', 'resume', 'cancel', 'resume', 'pause'];
    const calls = Array.from({ length: 30 }, (_, i) =>
      postJson(`${stack.apiUrls[i % 2]}/api/generations/${id}/${commands[i % commands.length]}`, {}),
    );
    const statuses = (await Promise.all(calls)).map((r) => r.status);
    expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);

    const generation = await waitForStatus(stack.apiUrl, id, ['cancelled']);
    const { events } = await readEvents(`${stack.apiUrl}/api/generations/${id}/events`);
    const { sections, seqs, finalStatus } = reconstruct(events);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    expect(finalStatus).toBe('cancelled');
    for (const stored of generation.sections) expect(sections.get(stored.index)?.content).toBe(stored.content);
  });
});
