import type { DatabaseHandle } from './client.js';

/**
 * Runs `task` only if no other process (or connection) is running one under the same `name`, else
 * returns `{ ran: false }` at once. A transaction-scoped advisory lock: it lives in Postgres, so it
 * survives Redis losing its data, and a process that dies releases it with its connection.
 * `task` runs on other connections of the pool while this one holds the lock.
 */
export async function whileHoldingLock<T>(
  handle: DatabaseHandle,
  name: string,
  task: () => Promise<T>,
): Promise<{ ran: true; value: T } | { ran: false }> {
  return handle.sql.begin(async (tx) => {
    const [row] = await tx<
      { locked: boolean }[]
    >`select pg_try_advisory_xact_lock(hashtextextended(${name}, 0)) as locked`;
    if (!row?.locked) return { ran: false as const };
    return { ran: true as const, value: await task() };
  }) as Promise<{ ran: true; value: T } | { ran: false }>;
}
