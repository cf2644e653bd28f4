import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';

// ALLOWED_HOSTS: the Host headers this API answers. Without API keys the service is open to whoever
// reaches it, and a page on another site can reach a local one through DNS rebinding (its own name,
// re-pointed at 127.0.0.1, is same-origin to it): the browser then sends that name as Host, which
// is not ours. So the default without keys is the loopback names; with keys, any (nothing is open).

/** A `Host` header split into its name (lowercase, IPv6 kept in brackets) and port (or ''). */
function splitHost(header: string): { name: string; port: string } | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(header.trim().toLowerCase());
  return match ? { name: match[1]!.replace(/\.$/, ''), port: match[2] ?? '' } : undefined;
}

/** One ALLOWED_HOSTS entry: `*`, `name`, `*.name` (subdomains of name), each with an optional `:port`. */
function entryMatches(entry: string, host: { name: string; port: string }): boolean {
  const pattern = splitHost(entry);
  if (!pattern || (pattern.port !== '' && pattern.port !== host.port)) return false;
  if (pattern.name === '*') return true;
  if (pattern.name.startsWith('*.')) return host.name.endsWith(pattern.name.slice(1));
  return host.name === pattern.name;
}

/** True when `header` (a request's Host) is one `allowed` names. */
export function hostAllowed(allowed: readonly string[], header: string | undefined): boolean {
  const host = header === undefined ? undefined : splitHost(header);
  return host !== undefined && allowed.some((entry) => entryMatches(entry, host));
}

/**
 * Answers 421 (misdirected request, in the error envelope) to a request whose Host is not allowed,
 * before any route reads it. The probes and /metrics are mounted before it (src/api/app.ts): they are
 * reached by address (an orchestrator, Prometheus at `api:3000`) and say nothing about any draft.
 */
export function allowedHosts(allowed: readonly string[]): MiddlewareHandler {
  if (allowed.includes('*')) return (_c, next) => next();
  return async (c, next) => {
    // The header as sent; a request made in-process (app.request in tests) has none: its URL's host.
    if (!hostAllowed(allowed, c.req.header('host') ?? new URL(c.req.url).host)) {
      throw new ApiError('misdirected_request', 'this server does not answer for that host name (ALLOWED_HOSTS)', {
        connection: 'close',
      });
    }
    return next();
  };
}
