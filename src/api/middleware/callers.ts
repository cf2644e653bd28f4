import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { keyOwner, PUBLIC_OWNER, type Caller } from '../../domain/owners.js';
import { ApiError } from '../errors.js';
import { bearerToken, type ApiKeys } from './api-keys.js';
import { clientKeyOf } from './client-identity.js';
import type { PageSessions, Session } from './sessions.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** Who is asking (src/domain/owners.ts), set by the guards below. */
    caller: Caller;
    /** Short, non-reversible id of the API key behind the request (logs, access log). */
    apiKeyId: string | undefined;
  }
}

export const SESSION_COOKIE = 'cg_session';

export interface CallerGuardsOptions {
  keys: ApiKeys;
  sessions: PageSessions;
  trustProxy: number;
  /** Mark cookies Secure (production, or a request that came over https). */
  secureCookies: boolean;
}

/** The middleware route groups mount to learn who is asking (src/api/route-guards.ts). */
export interface CallerGuards {
  /**
   * The JSON API. With API_KEYS: `Authorization: Bearer <key>`, or the page's session cookie (a
   * command with it must come from our own origin), else 401. Without keys anyone passes, as the
   * owner of their anonymous session if they have one, and reads are not limited to their drafts.
   */
  api: MiddlewareHandler;
  /** As `api`, also taking the key from `?access_token=` (EventSource cannot send headers). */
  apiStream: MiddlewareHandler;
  /**
   * The pages. With API_KEYS: a session signed in with a key, else the browser is sent to the sign-in
   * form (303 to /login). Without keys: the browser's anonymous session, made on its first visit.
   */
  page: MiddlewareHandler;
  /** Sets a page session cookie. */
  startSession(c: Context, token: string): void;
  /** Ends the page session of the request (revoked server-side when signed in) and drops its cookie. */
  endSession(c: Context): Promise<void>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * True when the request comes from a page of our own origin: its Origin names our host (browsers
 * send Origin on every cross-origin request and on same-origin POSTs), or, without Origin,
 * Sec-Fetch-Site says same-origin. Compared by host, so a TLS-terminating proxy does not matter.
 */
function fromOwnOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  if (origin !== undefined) {
    try {
      return new URL(origin).host === c.req.header('host');
    } catch {
      return false;
    }
  }
  return c.req.header('sec-fetch-site') === 'same-origin';
}

const crossSiteCommand = () =>
  new ApiError('forbidden', 'a command sent with a session cookie must come from this site');

// The guards share the keys, the sessions and the cookie settings: one closure, a few lines per guard.
export function callerGuards(options: CallerGuardsOptions): CallerGuards {
  const { keys, sessions, trustProxy } = options;
  const sessionOf = (c: Context): Promise<Session | undefined> => sessions.resolve(getCookie(c, SESSION_COOKIE));
  const keyCaller = (owner: string): Caller => ({ owner, quota: owner, scoped: true });

  const startSession = (c: Context, token: string) =>
    setCookie(c, SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
      secure: options.secureCookies || c.req.url.startsWith('https:'),
      maxAge: sessions.tokens.ttlSec,
    });

  const api =
    (query: boolean): MiddlewareHandler =>
    async (c, next) => {
      let presented = bearerToken(c.req.header('authorization'));
      if (presented === undefined && query) presented = c.req.query('access_token') || undefined;
      if (!keys.enabled) {
        const session = await sessionOf(c);
        // The anonymous session's drafts are as much its own as a key's: the same rule for commands.
        if (session && !SAFE_METHODS.has(c.req.method) && !fromOwnOrigin(c)) throw crossSiteCommand();
        c.set('caller', {
          owner: session?.owner ?? PUBLIC_OWNER,
          quota: clientKeyOf(c, trustProxy),
          scoped: false,
        });
        return next();
      }
      if (presented !== undefined) {
        const id = keys.match(presented);
        if (id === undefined) throw unauthorized('the API key is not valid');
        c.set('apiKeyId', id);
        c.set('caller', keyCaller(keyOwner(id)));
        return next();
      }
      const session = await sessionOf(c);
      if (session?.kind !== 'key') throw unauthorized('send an API key as "Authorization: Bearer <key>"');
      if (!SAFE_METHODS.has(c.req.method) && !fromOwnOrigin(c)) throw crossSiteCommand();
      c.set('apiKeyId', session.owner.slice('key:'.length));
      c.set('caller', keyCaller(session.owner));
      return next();
    };

  const page: MiddlewareHandler = async (c, next) => {
    let session = await sessionOf(c);
    if (keys.enabled) {
      if (session?.kind !== 'key') {
        if (!SAFE_METHODS.has(c.req.method)) return c.redirect('/login', 303);
        return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
      }
      c.set('apiKeyId', session.owner.slice('key:'.length));
      c.set('caller', keyCaller(session.owner));
      return next();
    }
    if (!session) {
      const token = sessions.anonymous();
      startSession(c, token);
      session = (await sessions.resolve(token))!;
    }
    c.set('caller', { owner: session.owner, quota: clientKeyOf(c, trustProxy), scoped: false });
    return next();
  };

  return {
    api: api(false),
    apiStream: api(true),
    page,
    startSession,
    endSession: async (c) => {
      await sessions.signOut(getCookie(c, SESSION_COOKIE));
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
    },
  };
}

const unauthorized = (message: string) =>
  new ApiError('unauthorized', message, { 'www-authenticate': 'Bearer realm="api"' });
