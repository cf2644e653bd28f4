import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../../src/db/client.js';
import { GenerationStore } from '../../../src/db/generation-store.js';
import { readEvents, REPLACED_SECTION_EVENTS } from '../../support/sse-client.js';
import { getJson, postJson, startStack, testConfig, waitForStatus, type Stack } from '../../support/stack.js';
import { waitFor } from '../../webhooks/support.js';
import { versionsWithText } from '../../support/versions.js';

let stack: Stack;
const database = connectDatabase(testConfig().DATABASE_URL, { max: 2, name: 'test-versions' });
beforeAll(async () => {
  stack = await startStack({ tokensPerSec: 2000, env: { STREAM_FRAME_MS: '0' } });
});
afterAll(async () => {
  await stack.close();
  await database.close();
});

const versionsOf = (id: string, index: number) => versionsWithText(stack.apiUrl, id, index);

/** A draft inserted straight into Postgres, for the store's own tests. */
async function storedDraft(store: GenerationStore) {
  const id = randomUUID();
  const row = { id, template: 'nda', mode: 'stream', prompt: 'p', owner: 'public', quotaKey: 'public' } as const;
  return { store, id, generation: await store.insert({ ...row, redisPrefix: 'versions-test' }) };
}

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
    const { store, id, generation } = await storedDraft(new GenerationStore(database.db));
    const section = { index: 1, title: 'Parties', content: 'text', mode: 'stream' } as const;
    expect(await store.checkpoint(id, generation.fence, section)).toBe(true);
    expect(await store.checkpoint(id, generation.fence, section)).toBe(true);
    expect(await store.checkpoint(id, generation.fence + 5, { ...section, content: 'stale' })).toBe(false);
    const { versions } = await store.versions.page(id, 1, { limit: 10 });
    expect(versions.map((v) => [v.version, v.excerpt, v.source])).toEqual([[1, 'text', 'generated']]);
    expect((await store.versions.one(id, 1, 1))?.owner).toBe('public');
  });

  it('keep the first and the newest texts, SECTION_VERSIONS_MAX in all, whichever way they are written', async () => {
    const { store, id, generation } = await storedDraft(new GenerationStore(database.db, { versionsMax: 3 }));
    const section = (content: string) => ({ index: 1, title: 'Parties', content, mode: 'stream' }) as const;
    expect(await store.checkpoint(id, generation.fence, section('v1'))).toBe(true);
    // Each edit holds a fence of its own, as the commands take one.
    for (const content of ['v2', 'v3', 'v4', 'v5']) {
      const { fence } = (await store.takeFence(id, { from: ['queued'] }))!;
      expect(await store.storeVersion(id, fence, section(content), { source: 'edited' })).toBeGreaterThan(1);
    }
    const kept = async () => (await store.versions.page(id, 1, { limit: 10 })).versions.map((v) => v.excerpt);
    expect(await kept()).toEqual(['v5', 'v4', 'v1']);
    // A checkpoint of a later run (a new fence) prunes the same way; numbers go on from the newest.
    const next = await store.takeFence(id, { from: ['queued'] });
    expect(await store.checkpoint(id, next!.fence, section('v6'))).toBe(true);
    expect(await kept()).toEqual(['v6', 'v5', 'v1']);
    expect((await store.versions.page(id, 1, { limit: 10 })).versions[0]?.version).toBe(6);
    expect(await store.versions.one(id, 1, 2)).toBeUndefined();
  });

  it('are listed as summaries, newest first, a page at a time; each text is read on its own', async () => {
    const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'A paged bakery', template: 'nda' });
    const id = created.body.id as string;
    await waitForStatus(stack.apiUrl, id, ['completed']);
    const url = `${stack.apiUrl}/api/generations/${id}/sections/1`;
    const long = 'Long text. '.repeat(40).trim();
    for (let n = 2; n <= 5; n++) {
      const saved = await fetch(url, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ content: `${n}: ${long}`, baseVersion: n - 1 }),
      });
      expect(saved.status).toBe(200);
    }
    const first = await getJson(`${url}/versions?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.versions.map((v: { version: number }) => v.version)).toEqual([5, 4]);
    expect(first.body.nextBefore).toBe(4);
    expect(first.body.versions[0]).toMatchObject({
      version: 5,
      source: 'edited',
      length: `5: ${long}`.length,
      excerpt: `5: ${long}`.slice(0, 160),
    });
    expect(first.body.versions[0]).not.toHaveProperty('content');
    const second = await getJson(`${url}/versions?limit=2&before=${first.body.nextBefore}`);
    expect(second.body.versions.map((v: { version: number }) => v.version)).toEqual([3, 2]);
    const last = await getJson(`${url}/versions?limit=2&before=${second.body.nextBefore}`);
    expect(last.body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(last.body).not.toHaveProperty('nextBefore');
    const text = await getJson(`${url}/versions/4`);
    expect(text.body).toMatchObject({ version: 4, source: 'edited', content: `4: ${long}` });
    expect((await getJson(`${url}/versions/latest`)).body).toMatchObject({ version: 5, content: `5: ${long}` });
    expect((await getJson(`${url}/versions/9`)).status).toBe(404);
    expect((await getJson(`${url}/versions/x`)).status).toBe(404);
    for (const query of ['limit=0', 'limit=101', 'before=0', 'before=x'])
      expect((await getJson(`${url}/versions?${query}`)).body.error.code, query).toBe('invalid_request');
  });
});

describe('GET …/versions/:a/diff/:b', () => {
  it('compares two versions word by word on their rendered text, every text escaped', async () => {
    const created = await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'A compared bakery', template: 'nda' });
    const id = created.body.id as string;
    await waitForStatus(stack.apiUrl, id, ['completed']);
    const url = `${stack.apiUrl}/api/generations/${id}/sections/1`;
    const save = (content: string, baseVersion: number) =>
      fetch(url, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ content, baseVersion }),
      });
    expect((await save('The **Bakery** sells bread daily.', 1)).status).toBe(200);
    const payload = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    expect((await save(`The Bakery sells *cakes* daily. ${payload}`, 2)).status).toBe(200);

    const diff = await getJson(`${url}/versions/2/diff/3`);
    expect(diff.status).toBe(200);
    expect(diff.body).toMatchObject({
      index: 1,
      from: { version: 2, source: 'edited' },
      to: { version: 3, source: 'edited' },
    });
    expect(diff.body.parts).toEqual([
      { kind: 'unchanged', text: 'The Bakery sells ' },
      { kind: 'removed', text: 'bread' },
      { kind: 'added', text: 'cakes' },
      { kind: 'unchanged', text: ' daily.' },
      { kind: 'added', text: ` ${payload}` },
    ]);
    // Stored markup stays inert: escaped in the HTML, never a tag.
    expect(diff.body.html).toContain('<del>bread</del><ins>cakes</ins>');
    expect(diff.body.html).not.toMatch(/<(img|script)/);
    expect(diff.body.html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');

    // Either order, the generated first version too, and a version with itself.
    const back = await getJson(`${url}/versions/3/diff/1`);
    expect(back.body.from.version).toBe(3);
    expect(back.body.parts.some((p: { kind: string }) => p.kind === 'removed')).toBe(true);
    const same = await getJson(`${url}/versions/2/diff/2`);
    expect(same.body.parts).toEqual([{ kind: 'unchanged', text: 'The Bakery sells bread daily.' }]);

    expect((await getJson(`${url}/versions/2/diff/9`)).status).toBe(404);
    expect((await getJson(`${url}/versions/x/diff/2`)).status).toBe(404);
    expect((await getJson(`${stack.apiUrl}/api/generations/${id}/sections/99/versions/1/diff/2`)).status).toBe(400);
  });
});
