import { afterAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/db/client.js';
import { SessionStore } from '../../src/db/session-store.js';
import { SessionTokens } from '../../src/api/middleware/sessions.js';
import { testConfig } from '../support/stack.js';

// Page sessions signed in with a key, on real Postgres: live until revoked or expired, and the table
// kept to the live ones (expired rows go at the next sign-in).

const database = connectDatabase(testConfig().DATABASE_URL, { max: 2, name: 'test-session-store' });
afterAll(() => database.close());

const store = new SessionStore(database.db);
const hours = (n: number) => new Date(Date.now() + n * 3600_000);

describe('SessionStore', () => {
  it('keeps a session live until it is revoked, and says whose it is', async () => {
    const id = SessionTokens.newId();
    await store.create(id, 'key:0123456789ab', hours(1));
    expect(await store.live(id)).toMatchObject({ owner: 'key:0123456789ab' });
    await store.revoke(id);
    expect(await store.live(id)).toBeUndefined();
    await store.revoke(id); // harmless twice
    expect(await store.live(SessionTokens.newId())).toBeUndefined();
  });

  it('ends a session at its expiry, and forgets expired ones at the next sign-in', async () => {
    const id = SessionTokens.newId();
    await store.create(id, 'key:0123456789ab', hours(1));
    expect(await store.live(id, hours(0.5))).toBeDefined();
    expect(await store.live(id, hours(2))).toBeUndefined();

    const expired = SessionTokens.newId();
    await store.create(expired, 'key:0123456789ab', hours(-1));
    const rows = async () =>
      (await database.sql<{ n: number }[]>`select count(*)::int as n from sessions where id = ${expired}`)[0]?.n;
    expect(await rows()).toBe(1);
    await store.create(SessionTokens.newId(), 'key:0123456789ab', hours(1));
    expect(await rows()).toBe(0);
  });
});
