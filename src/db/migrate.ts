import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type { DatabaseHandle } from './client.js';

// A fixed key for pg_advisory_lock: two API processes starting together take turns, and the second
// finds the migrations already applied.
const MIGRATION_LOCK_KEY = 7_262_015_001;

/** drizzle/ at the project root, found from this file whether it runs from src/ or dist/src/. */
function migrationsFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'drizzle');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('drizzle/ migrations folder not found');
    dir = parent;
  }
}

/** Applies drizzle/ migrations while holding a session advisory lock on a reserved connection
 * (so the pool needs at least two connections: one holds the lock, another migrates). */
export async function migrateWithLock(handle: DatabaseHandle, folder = migrationsFolder()): Promise<void> {
  const reserved = await handle.sql.reserve();
  try {
    await reserved`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      await migrate(handle.db, { migrationsFolder: folder });
    } finally {
      await reserved`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    reserved.release();
  }
}

/** True when every migration in drizzle/ has been applied (readiness). */
export async function migrationsApplied(handle: DatabaseHandle, folder = migrationsFolder()): Promise<boolean> {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  const rows = await handle.sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
  return (rows[0]?.n ?? 0) >= journal.entries.length;
}
