import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/** `::ffff:1.2.3.4` (an IPv4 peer on a dual-stack socket) is 1.2.3.4. */
const plain = (address: string) => (address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address);

/**
 * The client's IP address. With `trustedProxies` = 0 it is the socket's peer: X-Forwarded-For is
 * ignored, since anyone can send it. With n > 0 trusted proxies in front, each appending the address
 * it received from, the client is the n-th entry from the end (earlier entries are the client's own
 * claims and are not trusted).
 */
export function clientIp(c: Context, trustedProxies: number): string {
  if (trustedProxies > 0) {
    const chain = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const entry = chain[Math.max(0, chain.length - trustedProxies)];
    if (entry !== undefined) return plain(entry);
  }
  // No Node socket when the app is called in-process (app.request in a test).
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
  const address = incoming ? getConnInfo(c).remote.address : undefined;
  return address ? plain(address) : 'unknown';
}

/** Who a limit applies to: the API key when one authenticated the request, else the client IP. */
export function clientIdentity(c: Context, trustedProxies: number): string {
  const key = c.get('apiKeyId');
  return key !== undefined ? `key:${key}` : `ip:${clientIp(c, trustedProxies)}`;
}
