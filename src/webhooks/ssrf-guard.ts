import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import type { Socket } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, buildConnector } from 'undici';

// The SSRF guard of callback URLs. A callback URL is chosen by whoever sends us a webhook, so it
// must never make us talk to our own network: loopback, private, link-local (cloud metadata),
// CGNAT, unique-local, multicast, reserved, and the IPv6 forms that embed such an IPv4.
//
// The decisive check is at connect time: the dispatcher resolves the name itself, checks EVERY
// address it got and connects only to those, so a name that resolves to a public address when the
// URL is accepted and to 127.0.0.1 a second later (DNS rebinding) gets nowhere. The socket's peer
// address is checked once more after connect, in case anything bypassed the lookup.

/** One resolved address, as `dns.lookup(…, { all: true })` gives them. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to all its addresses (injected by tests; defaults to the system resolver). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, order: 'verbatim' }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    );
  });

export interface GuardOptions {
  /** CALLBACK_ALLOW_PRIVATE: no address is refused (local use and tests only). */
  allowPrivate: boolean;
  resolve?: Resolver;
  /** Which addresses are refused; the default refuses everything that is not public unicast. */
  refusal?: (address: string) => string | undefined;
  /** Ports allowed besides 80 and 443 (CALLBACK_ALLOWED_PORTS); with allowPrivate any port is. */
  allowedPorts?: readonly number[];
}

/**
 * A callback address the guard refused; `range` names why (loopback, private, linkLocal, port, …).
 * The message names neither the address nor what the host resolved to: it reaches the sender (the
 * intake answer, the deliveries log), who must not learn our internal names that way. Our own logs
 * get `host`, `address` and `range`.
 */
export class AddressRefusedError extends Error {
  override name = 'AddressRefusedError';
  readonly code = 'ERR_CALLBACK_ADDRESS_REFUSED';
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(
      range === 'port'
        ? 'the callback port is not allowed (80 and 443 only)'
        : 'the callback host is not a public address',
    );
  }
}

const DEFAULT_PORTS = [80, 443];

/**
 * Why `address` may not be called, or undefined when it is public unicast. An allowlist: every
 * special range ipaddr.js knows (loopback, private, linkLocal, multicast, unspecified, broadcast,
 * carrierGradeNat, reserved, uniqueLocal, 6to4, teredo, NAT64 …) is refused, and an IPv4-mapped
 * IPv6 address is judged by the IPv4 address it carries.
 */
export function refusalOf(address: string): string | undefined {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(bare)) return 'not an IP address';
  const ip = ipaddr.parse(bare);
  // IPv4-compatible IPv6 (::a.b.c.d, deprecated since 2006): some stacks still route it to a.b.c.d.
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).parts.slice(0, 6).every((p) => p === 0) && ip.range() === 'unicast') {
    return 'ipv4Compatible';
  }
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) {
    const mapped = (ip as ipaddr.IPv6).toIPv4Address();
    const inner = mapped.range();
    return inner === 'unicast' ? undefined : `ipv4Mapped ${inner}`;
  }
  const range = ip.range();
  return range === 'unicast' ? undefined : range;
}

/** The guard's policy: which hosts and addresses a callback may reach. */
export class CallbackGuard {
  readonly allowPrivate: boolean;
  private readonly resolve: Resolver;
  private readonly refusal: (address: string) => string | undefined;
  private readonly ports: ReadonlySet<number>;

  constructor(options: GuardOptions) {
    this.allowPrivate = options.allowPrivate;
    this.ports = new Set([...DEFAULT_PORTS, ...(options.allowedPorts ?? [])]);
    this.resolve = options.resolve ?? systemResolver;
    this.refusal = options.refusal ?? refusalOf;
  }

  /** Throws AddressRefusedError when `address` is not allowed. */
  checkAddress(host: string, address: string): void {
    if (this.allowPrivate) return;
    const range = this.refusal(address);
    if (range !== undefined) throw new AddressRefusedError(host, address, range);
  }

  /** Throws AddressRefusedError when `port` is not allowed. */
  checkPort(host: string, port: number): void {
    if (!this.allowPrivate && !this.ports.has(port)) throw new AddressRefusedError(host, String(port), 'port');
  }

  /** Resolves `hostname` (an IP literal is its own address) and checks every address. */
  async resolveChecked(hostname: string): Promise<ResolvedAddress[]> {
    const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
    const family = isIP(bare);
    const addresses = family !== 0 ? [{ address: bare, family }] : await this.resolve(bare);
    if (addresses.length === 0) throw new Error(`callback host ${bare} has no address`);
    for (const { address } of addresses) this.checkAddress(bare, address);
    return addresses;
  }

  /**
   * Checks a callback URL when a webhook is accepted: http(s) only, and (guard on) a host that
   * resolves to allowed addresses only. Returns a reason to refuse it, or undefined. This is an
   * early answer for the sender; the connect-time check is what actually protects us.
   */
  async checkUrl(raw: string): Promise<string | undefined> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return 'not a URL';
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only http and https callbacks are allowed';
    if (url.hostname === '') return 'the URL has no host';
    if (url.username !== '' || url.password !== '')
      return 'credentials in the URL are not supported (put a token in the path or query)';
    if (this.allowPrivate) return undefined;
    try {
      this.checkPort(url.hostname, Number(url.port || (url.protocol === 'https:' ? 443 : 80)));
      await this.resolveChecked(url.hostname);
      return undefined;
    } catch (error) {
      if (error instanceof AddressRefusedError) return error.message;
      // The same answer whatever the resolver said (no such name, no address, timeout).
      return 'the callback host could not be resolved to a public address';
    }
  }

  /** A `net.connect` lookup that refuses the connection when any resolved address is not allowed. */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    this.resolveChecked(hostname).then(
      (addresses) => {
        const wanted =
          options.family === 4 || options.family === 6
            ? addresses.filter((a) => a.family === options.family)
            : addresses;
        if (wanted.length === 0) {
          const error = Object.assign(new Error(`callback host ${hostname} has no IPv${options.family} address`), {
            code: 'ENOTFOUND',
          });
          callback(error, '', 0);
          return;
        }
        if (options.all) (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, wanted);
        else callback(null, wanted[0]!.address, wanted[0]!.family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };

  /**
   * An undici dispatcher that enforces the policy at connect time: IP literals are checked before
   * connecting, names go through the checking lookup, and the connected peer is checked again.
   * It never follows redirects (undici only does with a redirect interceptor, which we do not add).
   */
  createAgent(options: { connectTimeoutMs: number }): Agent {
    const base = buildConnector({ lookup: this.lookup, timeout: options.connectTimeoutMs });
    const connect: buildConnector.connector = (opts, callback) => {
      try {
        this.checkPort(opts.hostname, Number(opts.port || (opts.protocol === 'https:' ? 443 : 80)));
        if (isIP(opts.hostname) !== 0) this.checkAddress(opts.hostname, opts.hostname);
      } catch (error) {
        callback(error as Error, null);
        return;
      }
      base(opts, (error, socket) => {
        if (error !== null) {
          callback(unwrapRefusal(error), null);
          return;
        }
        try {
          this.checkAddress(opts.hostname, (socket as Socket).remoteAddress ?? '');
        } catch (refused) {
          socket.destroy();
          callback(refused as Error, null);
          return;
        }
        callback(null, socket);
      });
    };
    return new Agent({ connect, keepAliveTimeout: 4000 });
  }
}

/** Node's happy-eyeballs connect wraps lookup errors in an AggregateError; surface our refusal. */
function unwrapRefusal(error: Error): Error {
  if (error instanceof AddressRefusedError) return error;
  if (error instanceof AggregateError) {
    const refused = error.errors.find((e) => e instanceof AddressRefusedError);
    if (refused) return refused as Error;
  }
  return error;
}

/** Finds an AddressRefusedError in an error or its causes (undici wraps connect errors). */
export function findRefusal(error: unknown): AddressRefusedError | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof AddressRefusedError) return e;
    if (e instanceof AggregateError) {
      const inner = e.errors.find((x) => x instanceof AddressRefusedError);
      if (inner) return inner as AddressRefusedError;
    }
  }
  return undefined;
}
