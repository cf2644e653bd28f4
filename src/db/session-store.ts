import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Database } from './client.js';
import { sessions } from './schema.js';

/** A live session: not revoked, not expired. */
export interface StoredSession {
  owner: string;
  expiresAt: Date;
}

/**
 * Page sessions signed in with a key, in Postgres: every API process reads the same rows, so a
 * sign-out (a revoked row) holds on all of them at once. A lookup by primary key per request that
 * carries such a cookie; nothing for API keys or anonymous sessions, which need no row.
 */
export class SessionStore {
  constructor(private readonly db: Database) {}

  /** Stores session `id` of `owner` until `expiresAt`; expired rows of anyone are deleted meanwhile. */
  async create(id: string, owner: string, expiresAt: Date): Promise<void> {
    // Sign-ins are few (and rate limited), so they also keep the table to the sessions still alive.
    await this.db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
    await this.db.insert(sessions).values({ id, owner, expiresAt });
  }

  /** The session `id`, while it is neither revoked nor expired. */
  async live(id: string, now = new Date()): Promise<StoredSession | undefined> {
    const [row] = await this.db
      .select({ owner: sessions.owner, expiresAt: sessions.expiresAt })
      .from(sessions)
      .where(and(eq(sessions.id, id), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)));
    return row;
  }

  /** Ends session `id` (a sign-out): from now on its cookie is no session, on every process. */
  async revoke(id: string): Promise<void> {
    await this.db
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
  }
}
