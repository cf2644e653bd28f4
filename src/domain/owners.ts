// The one home of owner ids: who a generation or a batch belongs to. Stored in Postgres
// (`generations.owner`, `batches.owner`) and compared as plain strings, never shown to clients.
//
// - `key:<key id>`: made with an API key, or in a page session signed in with that key. A key id is
//   the start of the key's SHA-256 (src/api/middleware/api-keys.ts), never the key.
// - `anon:<session id>`: made from a browser's anonymous page session (no API_KEYS configured): that
//   session alone reads and controls it.
// - `public`: made through the JSON API without keys and without a session (open to whoever holds the
//   id, by design, and never listed).
// - `webhook`: a webhook batch with no WEBHOOK_OWNER_KEY_ID configured: no key reads it.

import { createHash } from 'node:crypto';

/** The id a key is known by in owners, logs and Redis: the start of its SHA-256, never the key itself. */
export const keyId = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 12);

export const PUBLIC_OWNER = 'public';
export const WEBHOOK_OWNER = 'webhook';

export const keyOwner = (keyId: string) => `key:${keyId}`;
const SESSION_OWNER_PREFIX = 'anon:';
export const anonymousOwner = (sessionId: string) => `${SESSION_OWNER_PREFIX}${sessionId}`;
/** A LIKE pattern matching every anonymous session's owner id (for the store's open scope). */
export const SESSION_OWNER_PATTERN = `${SESSION_OWNER_PREFIX}%`;
/** True when a draft belongs to a browser's anonymous session (without keys, only it may read it). */
const isSessionOwner = (owner: string) => owner.startsWith(SESSION_OWNER_PREFIX);

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

/**
 * Without API keys, whether a caller may read a draft of `owner`: a browser session's draft only by
 * that session; any other (made with no credential, or a webhook batch's) by whoever holds its id.
 * The store's open scope (src/db/generation-store.ts) says the same in SQL.
 */
export const openTo = (caller: Caller, owner: string) => owner === caller.owner || !isSessionOwner(owner);

/**
 * Whose drafts a caller's lists show: its own. A caller with no credential at all (no key, no
 * session: a curl on a deployment without keys) has no list: its drafts are open to whoever holds
 * an id, and a list would hand every such id, with its prompt, to anyone.
 */
export const listOwner = (caller: Caller): string | undefined =>
  caller.owner === PUBLIC_OWNER ? undefined : caller.owner;
