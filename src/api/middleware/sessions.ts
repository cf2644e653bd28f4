import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { anonymousOwner, keyOwner } from '../../domain/owners.js';
import type { SessionStore } from '../../db/session-store.js';
import type { ApiKeys } from './api-keys.js';

// Page sessions and share-link tokens, signed with SESSION_SECRET (HMAC-SHA256): a secret of their
// own, never derived from the API keys, so no token says anything about a key.
//
// A session token is `s1.<kind>.<subject>.<expires>.<mac>`:
// - kind `k`: signed in with an API key. The subject is the random id of a row in `sessions`
//   (Postgres), which names the key's owner id and says whether the session was signed out: a
//   sign-out revokes the row, so the old cookie answers as signed out on every API process. The
//   cookie holds nothing derived from the key. Removing a key from API_KEYS ends its sessions;
//   changing SESSION_SECRET ends all of them.
// - kind `a`: an anonymous browser (no API_KEYS): the subject is a random 128-bit id, the cookie
//   alone is the session (nothing to sign out of: it is the browser's identity, not a sign-in).
// A share token is `<share id>.<mac>`: the id of a row in `shares` (deleting it revokes the link).

const SESSION_VERSION = 's1';
const b64 = (bytes: Buffer) => bytes.toString('base64url');
const RANDOM_ID = /^[\w-]{22}$/;

/** A page session, as the guards use it. */
export interface Session {
  /** The owner id of src/domain/owners.ts. */
  owner: string;
  kind: 'key' | 'anonymous';
}

/** What a well-signed, unexpired session token says. */
export type SessionToken =
  { kind: 'anonymous'; owner: string; expires: number } | { kind: 'key'; sessionId: string; expires: number };

export class SessionTokens {
  private readonly secret: Buffer;

  constructor(
    secret: string | Buffer,
    /** How long a session lasts from its start (SESSION_TTL_HOURS), in seconds. */
    readonly ttlSec: number,
  ) {
    this.secret = typeof secret === 'string' ? Buffer.from(secret) : secret;
  }

  /** A new random id: a share link's or a stored session's (128 bits, base64url). */
  static newId(): string {
    return b64(randomBytes(16));
  }

  /** The token of stored session `sessionId`, valid until `expires` (unix seconds). */
  keySession(sessionId: string, expires: number): string {
    return this.session('k', sessionId, expires);
  }

  anonymous(now = Date.now()): string {
    return this.session('a', SessionTokens.newId(), Math.floor(now / 1000) + this.ttlSec);
  }

  /** What a token says, when its signature holds and it has not expired. */
  read(token: string | undefined, now = Date.now()): SessionToken | undefined {
    const parts = (token ?? '').split('.');
    if (parts.length !== 5 || parts[0] !== SESSION_VERSION) return undefined;
    const [, kind, subject, expires, mac] = parts as [string, string, string, string, string];
    if (!/^\d{1,12}$/.test(expires) || Number(expires) * 1000 < now) return undefined;
    if (!this.verify(`${SESSION_VERSION}.${kind}.${subject}.${expires}`, mac) || !RANDOM_ID.test(subject))
      return undefined;
    if (kind === 'a') return { kind: 'anonymous', owner: anonymousOwner(subject), expires: Number(expires) };
    if (kind === 'k') return { kind: 'key', sessionId: subject, expires: Number(expires) };
    return undefined;
  }

  shareToken(shareId: string): string {
    return `${shareId}.${this.mac(`share\n${shareId}`)}`;
  }

  /** The share id of a well-signed share token (whether it is still shared is Postgres' to say). */
  readShareToken(token: string): string | undefined {
    const match = /^([\w-]{22})\.([\w-]{43})$/.exec(token);
    if (!match) return undefined;
    return this.verify(`share\n${match[1]}`, match[2]!) ? match[1] : undefined;
  }

  private session(kind: 'k' | 'a', subject: string, expires: number): string {
    const payload = `${SESSION_VERSION}.${kind}.${subject}.${expires}`;
    return `${payload}.${this.mac(payload)}`;
  }

  private mac(text: string): string {
    return b64(createHmac('sha256', this.secret).update(text).digest());
  }

  private verify(text: string, presented: string): boolean {
    const expected = Buffer.from(this.mac(text));
    const given = Buffer.from(presented);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/**
 * The page's sessions: anonymous ones (no API_KEYS) live in their signed cookie alone; one signed in
 * with a key is also a row in Postgres (SessionStore), checked at every request that presents it,
 * so that signing out ends it everywhere at once. Either lasts `tokens.ttlSec` from its start.
 */
export class PageSessions {
  constructor(
    readonly tokens: SessionTokens,
    private readonly store: SessionStore,
    private readonly keys: ApiKeys,
  ) {}

  /** Starts a session signed in with key `keyId`; its token (the cookie's value). */
  async signIn(keyId: string, now = Date.now()): Promise<string> {
    const id = SessionTokens.newId();
    const expires = Math.floor(now / 1000) + this.tokens.ttlSec;
    await this.store.create(id, keyOwner(keyId), new Date(expires * 1000));
    return this.tokens.keySession(id, expires);
  }

  /** A new anonymous session's token (a browser's first visit without keys). */
  anonymous(): string {
    return this.tokens.anonymous();
  }

  /**
   * The session a cookie stands for: anonymous ones without keys, key ones with keys, while their row
   * is live and their key still configured. Only a key session's cookie costs a Postgres read.
   */
  async resolve(token: string | undefined): Promise<Session | undefined> {
    const read = this.tokens.read(token);
    if (!read) return undefined;
    if (read.kind === 'anonymous') return this.keys.enabled ? undefined : { owner: read.owner, kind: 'anonymous' };
    if (!this.keys.enabled) return undefined;
    const stored = await this.store.live(read.sessionId);
    if (!stored || !this.keys.hasOwner(stored.owner)) return undefined;
    return { owner: stored.owner, kind: 'key' };
  }

  /** Ends the key session a cookie stands for, on every process (nothing to end for other cookies). */
  async signOut(token: string | undefined): Promise<void> {
    const read = this.tokens.read(token);
    if (read?.kind === 'key') await this.store.revoke(read.sessionId);
  }
}
