import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedSecret } from '../../../src/db/shared-secrets.js';
import { startStack, type Stack } from '../../support/stack.js';
import { anonymousBrowser } from '../../security/support.js';

// Without SESSION_SECRET (no API keys), every API process must still read the sessions and share
// links the others signed: behind a balancer, a browser's next request may reach any of them.
describe('the session secret without SESSION_SECRET', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ apis: 2 });
  });
  afterAll(() => stack.close());

  it('is made once and shared, even by callers racing to make it', async () => {
    const db = stack.connections[0]!.database.db;
    const name = `test-${Math.random()}`;
    const secrets = await Promise.all([sharedSecret(db, name), sharedSecret(db, name), sharedSecret(db, name)]);
    expect(secrets[0]!.length).toBe(32);
    for (const s of secrets) expect(s.equals(secrets[0]!)).toBe(true);
  });

  it("lets a browser's session and a share link made on one API process work on another", async () => {
    const [first, second] = stack.apiUrls as [string, string];
    const cookie = (await anonymousBrowser(first)).cookie ?? '';
    const headers = { cookie, origin: first, 'content-type': 'application/json' };
    const created = await fetch(`${first}/api/generations`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ prompt: 'Terms for a bakery in Lyon, shared across processes' }),
    });
    expect(created.status).toBe(202);
    const { id } = (await created.json()) as { id: string };

    // The other process reads the same cookie as the same browser: the draft is in its list.
    const listed = await fetch(`${second}/api/generations`, { headers: { cookie } });
    const { generations } = (await listed.json()) as { generations: { id: string }[] };
    expect(generations.map((g) => g.id)).toContain(id);
    // A browser the first process never saw does not get it.
    const stranger = (await anonymousBrowser(second)).cookie ?? '';
    const other = await fetch(`${second}/api/generations`, { headers: { cookie: stranger } });
    expect(((await other.json()) as { generations: { id: string }[] }).generations.map((g) => g.id)).not.toContain(id);

    const shared = await fetch(`${first}/api/generations/${id}/share`, { method: 'POST', headers });
    expect(shared.status).toBe(201);
    const { url } = (await shared.json()) as { url: string };
    const page = await fetch(`${second}${url}`);
    expect(page.status).toBe(200);
    await page.arrayBuffer();
  });
});
