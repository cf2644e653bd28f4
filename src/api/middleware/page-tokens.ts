import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Prefix that tells a page token from an API key. */
const PREFIX = 'pg_';

/**
 * Tokens that let the htmx page of one generation use that generation's API routes when API_KEYS is
 * set. The page is public by design (its address, with an unguessable id, is the capability), so a
 * token grants no more than the id does, and only for that id: never creation, listing or batches.
 * Derived from the configured keys, so every API process issues and accepts the same tokens, and
 * rotating the keys revokes them.
 */
export class PageTokens {
  private readonly secret: Buffer;

  constructor(apiKeys: readonly string[]) {
    this.secret = createHash('sha256').update(`page-token\n${[...apiKeys].sort().join('\n')}`).digest();
  }

  issue(generationId: string): string {
    return PREFIX + createHmac('sha256', this.secret).update(generationId).digest('base64url');
  }

  /** True when `token` is a page token issued for `generationId`. */
  verify(token: string, generationId: string): boolean {
    if (!token.startsWith(PREFIX)) return false;
    const expected = Buffer.from(this.issue(generationId));
    const presented = Buffer.from(token);
    return presented.length === expected.length && timingSafeEqual(presented, expected);
  }
}
