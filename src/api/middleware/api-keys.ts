import { createHash, timingSafeEqual } from 'node:crypto';
import { keyId, keyOwner } from '../../domain/owners.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

export { keyId };

/**
 * The configured bearer keys. A presented key is hashed and compared with every configured key's
 * hash with timingSafeEqual, without stopping at a match: the time taken says nothing about how much
 * of a key was right, nor which key matched, nor how long the keys are.
 */
export class ApiKeys {
  private readonly digests: { digest: Buffer; id: string }[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map((key) => ({ digest: digest(key), id: keyId(key) }));
  }

  get enabled(): boolean {
    return this.digests.length > 0;
  }

  /** True when `owner` is the owner id of a configured key (a removed key's sessions end with it). */
  hasOwner(owner: string): boolean {
    return this.digests.some((key) => keyOwner(key.id) === owner);
  }

  /** The id of the matching key, or undefined. */
  match(candidate: string): string | undefined {
    const presented = digest(candidate);
    let found: string | undefined;
    for (const key of this.digests) if (timingSafeEqual(presented, key.digest) && found === undefined) found = key.id;
    return found;
  }
}

/** Bearer tokens are read the same way for keys, the dashboard and /metrics. */
export { bearerToken } from '../../util/bearer-token.js';
