import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from './client.js';
import { sharedSecrets } from './schema.js';

/**
 * The secret called `name`, the same for every process on this database: the first to ask makes it
 * (32 random bytes), any other racing it keeps the stored one, and it survives restarts.
 */
export async function sharedSecret(db: Database, name: string): Promise<Buffer> {
  await db
    .insert(sharedSecrets)
    .values({ name, value: randomBytes(32).toString('base64') })
    .onConflictDoNothing({ target: sharedSecrets.name });
  const [row] = await db.select({ value: sharedSecrets.value }).from(sharedSecrets).where(eq(sharedSecrets.name, name));
  if (!row) throw new Error(`shared secret ${name} missing after insert`);
  return Buffer.from(row.value, 'base64');
}
