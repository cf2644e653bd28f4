import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { anonymousOwner, keyOwner } from '../../domain/owners.js';

// Page sessions and share-link tokens, signed with SESSION_SECRET (HMAC-SHA256): a secret of their
// own, never derived from the API keys, so no token says anything about a key.
//
// A session token is `s1.<kind>.<subject>.<expires>.<mac>`:
// - kind `k`: signed in with an API key. The subject is not the key's id but a pseudonym of it, an
//   HMAC of the id under the secret, which the server maps back through the configured keys; so even
//   the cookie of a weak key gives nothing to guess against offline. Removing a key from API_KEYS
//   ends its sessions; changing SESSION_SECRET ends all of them.
// - kind `a`: an anonymous browser (no API_KEYS): the subject is a random 128-bit id.
// A share token is `<share id>.<mac>`: the id of a row in `shares` (deleting it revokes the link).

const SESSION_VERSION = 's1';
const b64 = (bytes: Buffer) => bytes.toString('base64url');

export interface Session {
  /** The owner id of src/domain/owners.ts. */
  owner: string;
  kind: 'key' | 'anonymous';
  expires: number;
}

export class SessionTokens {
  private readonly secret: Buffer;
  /** Pseudonym → key id, for every configured key. */
  private readonly keyIds = new Map<string, string>();

  constructor(
    secret: string | Buffer,
    keyIds: readonly string[],
    readonly ttlSec: number,
  ) {
    this.secret = typeof secret === 'string' ? Buffer.from(secret) : secret;
    for (const id of keyIds) this.keyIds.set(this.mac(`key-pseudonym\n${id}`).slice(0, 22), id);
  }

  forKey(keyId: string, now = Date.now()): string {
    const pseudonym = this.mac(`key-pseudonym\n${keyId}`).slice(0, 22);
    return this.session('k', pseudonym, now);
  }

  anonymous(now = Date.now()): string {
    return this.session('a', b64(randomBytes(16)), now);
  }

  /** The session a token stands for, when its signature holds and it has not expired. */
  read(token: string | undefined, now = Date.now()): Session | undefined {
    const parts = (token ?? '').split('.');
    if (parts.length !== 5 || parts[0] !== SESSION_VERSION) return undefined;
    const [, kind, subject, expires, mac] = parts as [string, string, string, string, string];
    if (!/^\d{1,12}$/.test(expires) || Number(expires) * 1000 < now) return undefined;
    if (!this.verify(`${SESSION_VERSION}.${kind}.${subject}.${expires}`, mac)) return undefined;
    if (kind === 'a' && /^[\w-]{22}$/.test(subject)) {
      return { owner: anonymousOwner(subject), kind: 'anonymous', expires: Number(expires) };
    }
    const keyId = kind === 'k' ? this.keyIds.get(subject) : undefined;
    return keyId === undefined ? undefined : { owner: keyOwner(keyId), kind: 'key', expires: Number(expires) };
  }

  /** A new random share id (the row's primary key). */
  static newShareId(): string {
    return b64(randomBytes(16));
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

  private session(kind: 'k' | 'a', subject: string, now: number): string {
    const payload = `${SESSION_VERSION}.${kind}.${subject}.${Math.floor(now / 1000) + this.ttlSec}`;
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
