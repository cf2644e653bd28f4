import { createHash, timingSafeEqual } from 'node:crypto';

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive). */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** True when `presented` is `token`, compared as hashes in constant time (nothing learnt from the time). */
export function sameToken(presented: string | undefined, token: string): boolean {
  return presented !== undefined && timingSafeEqual(sha256(presented), sha256(token));
}
