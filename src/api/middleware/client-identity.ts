import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import ipaddr from 'ipaddr.js';

/** `::ffff:1.2.3.4` (an IPv4 peer on a dual-stack socket) is 1.2.3.4. */
const plain = (address: string) =>
  address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;

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

/**
 * The key per-client limits count under: `ip:<address>` for IPv4, `ip:<prefix>/64` for IPv6, since
 * one subscriber usually holds a whole /64 (2^64 addresses to rotate through otherwise).
 */
export function clientKey(address: string): string {
  if (!ipaddr.isValid(address)) return `ip:${address}`;
  const ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv4') return `ip:${ip.toString()}`;
  const v6 = ip as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return `ip:${v6.toIPv4Address().toString()}`;
  const parts = v6.parts.slice(0, 4).concat([0, 0, 0, 0]);
  return `ip:${new ipaddr.IPv6(parts).toNormalizedString()}/64`;
}

/** The client's limits key (clientKey of clientIp). */
export function clientKeyOf(c: Context, trustedProxies: number): string {
  return clientKey(clientIp(c, trustedProxies));
}
