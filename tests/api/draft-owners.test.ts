import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DraftOwners } from '../../src/api/draft-owners.js';
import { postJson, startStack, type Stack } from '../support/stack.js';

// The owner of a draft, read once per process (it never changes), for event streams without keys.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ workers: 0 });
});
afterAll(() => stack.close());

describe('DraftOwners', () => {
  it('reads a draft’s owner once and remembers it, an unknown id as well', async () => {
    const deps = stack.api[0]!;
    const owners = new DraftOwners(deps.store, 2);
    const { id } = (await postJson(`${stack.apiUrl}/api/generations`, { prompt: 'Whose is it' })).body;
    const missing = randomUUID();
    expect(await owners.of(id)).toBe('public');
    expect(await owners.of(missing)).toBeUndefined();
    // Remembered: the row is no longer read (gone here, the answer is the same).
    await deps.database.sql`delete from generations where id = ${id}`;
    expect(await owners.of(id)).toBe('public');
    // Past its size, the oldest is forgotten and read again.
    expect(await owners.of(randomUUID())).toBeUndefined();
    expect(await owners.of(id)).toBeUndefined();
  });
});
