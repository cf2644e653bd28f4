// The one home of owner ids: who a generation or a batch belongs to. Stored in Postgres
// (`generations.owner`, `batches.owner`) and compared as plain strings, never shown to clients.
//
// - `key:<key id>`: made with an API key, or in a page session signed in with that key. A key id is
//   the start of the key's SHA-256 (src/api/middleware/api-keys.ts), never the key.
// - `anon:<session id>`: made from a browser's anonymous page session (no API_KEYS configured).
// - `public`: made through the JSON API without keys (open to whoever holds the id, by design).
// - `webhook`: a webhook batch with no WEBHOOK_OWNER_KEY_ID configured: no key reads it.

import { createHash } from 'node:crypto';

/** The id a key is known by in owners, logs and Redis: the start of its SHA-256, never the key itself. */
export const keyId = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 12);

export const PUBLIC_OWNER = 'public';
export const WEBHOOK_OWNER = 'webhook';

export const keyOwner = (keyId: string) => `key:${keyId}`;
export const anonymousOwner = (sessionId: string) => `anon:${sessionId}`;

/**
 * Who is asking, as the API edge established it: the owner its drafts get and are filtered by,
 * and whom its model calls count against.
 */
export interface Caller {
  owner: string;
  /** The limits' key: the owner, or (without API keys) the client's address (an IPv6 /64). */
  quota: string;
  /**
   * True when reads and commands are limited to the caller's own drafts (API_KEYS is set). False
   * only on the open JSON API of a deployment without keys.
   */
  scoped: boolean;
}
