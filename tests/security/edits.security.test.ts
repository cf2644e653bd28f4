import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPACT_MIN_BYTES } from '../../src/generations/log-compaction.js';
import { readEvents, reconstruct } from '../support/sse-client.js';
import { startStack, type Stack } from '../support/stack.js';
import { attempt, bearer, completedDraft } from './support.js';

// Edits and restores are bounded (issue 23, hole 3): an edit flood once took 64 KB of Redis and 34 KB
// of Postgres per edit, a 53 MB log whose expiry every edit pushed back, and a 26 MB versions answer.
// Now each owner has an edit quota, a section keeps a bounded number of versions, the versions list
// holds no texts, and a draft's log is compacted and never outlives its deadline.

const KEY = `edits-key-${randomBytes(12).toString('hex')}`;
const EDITS_PER_MIN = 12;
const VERSIONS_MAX = 5;
const CHARS = 32_000;

describe('an edit flood', () => {
  let stack: Stack;
  let id = '';
  const party = bearer(KEY);
  const statuses: number[] = [];
  beforeAll(async () => {
    stack = await startStack({
      env: {
        API_KEYS: KEY,
        SESSION_SECRET: 'edits-security-session-secret-0123456789ab',
        EDITS_PER_MIN: String(EDITS_PER_MIN),
        SECTION_VERSIONS_MAX: String(VERSIONS_MAX),
        EVENT_LOG_TTL_SEC: '3600',
        EVENT_LOG_MAX_AGE_SEC: '600',
        BODY_LIMIT_BYTES: String(256 * 1024),
      },
    });
    id = await completedDraft(stack.apiUrl, party, { prompt: 'A flooded bakery', template: 'nda' });
    // The flood: a new 32,000-character text over section 1, again and again, from one owner.
    let base = 1;
    for (let n = 0; n < EDITS_PER_MIN + 3; n++) {
      const content = `${n} ${randomBytes(CHARS)
        .toString('base64')
        .slice(0, CHARS - 10)}`;
      const saved = await attempt(stack.apiUrl, party, 'PUT', path(), { content, baseVersion: base });
      statuses.push(saved.status);
      if (saved.status === 200) base = JSON.parse(saved.text).version;
    }
  }, 180_000);
  afterAll(() => stack?.close());

  const path = () => `/api/generations/${id}/sections/1`;
  const keys = () => stack.api[0]!.log.keys(id);

  it('is stopped by the owner’s edit quota with 429 and Retry-After', async () => {
    expect(statuses).toEqual([...Array(EDITS_PER_MIN).fill(200), 429, 429, 429]);
    const refused = await attempt(stack.apiUrl, party, 'POST', `${path()}/versions/1/restore`, {});
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('keeps at most SECTION_VERSIONS_MAX versions: the first and the newest', async () => {
    const [row] = await stack.api[0]!.database.sql<{ n: number; versions: number[] }[]>`
      select count(*)::int as n, array_agg(version order by version) as versions
      from section_versions where generation_id = ${id} and section_index = 1`;
    expect(row?.n).toBe(VERSIONS_MAX);
    expect(row?.versions[0]).toBe(1);
    expect(row?.versions.at(-1)).toBe(EDITS_PER_MIN + 1);
  });

  it('answers the versions list with summaries, not texts: a few KB however long the texts', async () => {
    const list = await attempt(stack.apiUrl, party, 'GET', `${path()}/versions`);
    expect(list.status).toBe(200);
    expect(Buffer.byteLength(list.text)).toBeLessThan(VERSIONS_MAX * 1024);
    expect(JSON.parse(list.text).versions).toHaveLength(VERSIONS_MAX);
  });

  it('keeps a log the size of the document, which every viewer still reads whole', async () => {
    const draft = JSON.parse((await attempt(stack.apiUrl, party, 'GET', `/api/generations/${id}`)).text);
    const document = draft.sections.reduce((n: number, s: { content: string }) => n + Buffer.byteLength(s.content), 0);
    const logBytes = await stack.api[0]!.redis.strlen(keys().frames);
    // Each text is twice in a log (a token, a section_end); compacted when three times its compacted form.
    expect(logBytes).toBeLessThan(3 * 2.2 * document + COMPACT_MIN_BYTES + 2 * 2 * CHARS);
    const { events } = await readEvents(`${stack.apiUrl}/api/generations/${id}/events`, { headers: party });
    const replay = reconstruct(events);
    for (const s of draft.sections) expect(replay.sections.get(s.index)?.content).toBe(s.content);
  });

  it('does not keep the log past its deadline, however often an edit ends a run again', async () => {
    const head = await stack.api[0]!.redis.hgetall(keys().head);
    const deadline = Number(head.deadline);
    expect(deadline).toBeGreaterThan(Date.now());
    expect(deadline).toBeLessThanOrEqual(Date.now() + 600_000);
    expect(await stack.api[0]!.redis.ttl(keys().frames)).toBeLessThanOrEqual(600);
  });
});
