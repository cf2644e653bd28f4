import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../../src/db/client.js';
import { GenerationStore } from '../../../src/db/generation-store.js';
import { readEvents, REPLACED_SECTION_EVENTS } from '../../support/sse-client.js';
import { getJson, postJson, startStack, testConfig, waitForStatus, type Stack } from '../../support/stack.js';
import { waitFor } from '../../webhooks/support.js';

let stack: Stack;
const database = connectDatabase(testConfig().DATABASE_URL, { max: 2, name: 'test-versions' });
beforeAll(async () => {
  stack = await startStack({ tokensPerSec: 2000, env: { STREAM_FRAME_MS: '0' } });
});
afterAll(async () => {
  await stack.close();
  await database.close();
});

const versionsOf = async (id: string, index: number) =>
  (await getJson(`${stack.apiUrl}/api/generations/${id}/sections/${index}/versions`)).body.versions as {
    version: number;
    source: string;
    content: string;
    instruction?: string;
  }[];

describe('section versions', () => {
  it('keep the generated text through a regeneration, and restore it as a new version every viewer sees', async () => {
    const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'A bike shop', template: 'nda' });
    const id = created.body.id as string;
    const first = await waitForStatus(stack.apiUrl, id, ['completed']);
    const generated = await versionsOf(id, 2);
    expect(generated).toMatchObject([{ version: 1, source: 'generated', content: first.sections[1].content }]);

    expect(
      (await postJson(`${stack.apiUrl}/api/generations/${id}/sections/2/regenerate`, { instruction: 'Shorter' }))
        .status,
    ).toBe(202);
    const rewritten = await waitForStatus(stack.apiUrl, id, ['completed']);
    expect(rewritten.sections[1].content).not.toBe(first.sections[1].content);
    expect(await versionsOf(id, 2)).toMatchObject([
      { version: 1, source: 'generated' },
      { version: 2, source: 'regenerated', instruction: 'Shorter', content: rewritten.sections[1].content },
    ]);
    // The other sections were not written again: one version each.
    expect(await versionsOf(id, 3)).toHaveLength(1);

    const before = await readEvents(`${stack.apiUrl}/api/generations/${id}/events`);
    const restored = await postJson(`${stack.apiUrl}/api/generations/${id}/sections/2/versions/1/restore`, {});
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id, status: 'completed', section: 2 });
    const after = (await getJson(`${stack.apiUrl}/api/generations/${id}`)).body;
    expect(after.sections[1].content).toBe(first.sections[1].content);
    expect(after.sections.filter((s: { index: number }) => s.index !== 2)).toEqual(
      rewritten.sections.filter((s: { index: number }) => s.index !== 2),
    );
    expect((await versionsOf(id, 2)).map((v) => v.source)).toEqual(['generated', 'regenerated', 'restored']);

    // Through the log: the rewrite, then the run's end again.
    const rest = await readEvents(`${stack.apiUrl}/api/generations/${id}/events`, {
      headers: { 'last-event-id': String(before.events.at(-1)?.id) },
    });
    expect(rest.events.map((e) => e.event)).toEqual(REPLACED_SECTION_EVENTS);
    expect(rest.events[2]?.data.text).toBe(first.sections[1].content);
    expect(rest.events[3]?.data.content).toBe(first.sections[1].content);
  });

  it('cannot be restored while a run is going on (409), and refuses unknown versions and sections', async () => {
    const created = await postJson(`${stack.apiUrl}/api/generations`, {
      prompt: 'A slow one [[sim:tps=40]]',
      template: 'nda',
    });
    const id = created.body.id as string;
    await waitFor('section 1 checkpointed', async () => (await versionsOf(id, 1)).length === 1, 60_000);
    const busy = await postJson(`${stack.apiUrl}/api/generations/${id}/sections/1/versions/1/restore`, {});
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('conflict');
    expect((await postJson(`${stack.apiUrl}/api/generations/${id}/sections/1/versions/9/restore`, {})).status).toBe(
      404,
    );
    expect((await postJson(`${stack.apiUrl}/api/generations/${id}/sections/1/versions/x/restore`, {})).status).toBe(
      404,
    );
    expect((await postJson(`${stack.apiUrl}/api/generations/${id}/sections/99/versions/1/restore`, {})).status).toBe(
      400,
    );
    expect((await getJson(`${stack.apiUrl}/api/generations/${id}/sections/0/versions`)).status).toBe(400);
    await postJson(`${stack.apiUrl}/api/generations/${id}/cancel`, {});
  });

  it('are written once per checkpoint under a fence: a retry adds none, a fenced-out writer none', async () => {
    const store = new GenerationStore(database.db);
    const id = randomUUID();
    const row = {
      id,
      template: 'nda',
      mode: 'stream',
      prompt: 'p',
      owner: 'public',
      quotaKey: 'public',
      redisPrefix: 'versions-test',
    } as const;
    const generation = await store.insert(row);
    const section = { index: 1, title: 'Parties', content: 'text', mode: 'stream' } as const;
    expect(await store.checkpoint(id, generation.fence, section)).toBe(true);
    expect(await store.checkpoint(id, generation.fence, section)).toBe(true);
    expect(await store.checkpoint(id, generation.fence + 5, { ...section, content: 'stale' })).toBe(false);
    const versions = await store.versions(id, 1);
    expect(versions.map((v) => [v.version, v.content, v.source, v.owner])).toEqual([
      [1, 'text', 'generated', 'public'],
    ]);
  });
});
