import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { getCookie } from 'hono/cookie';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { ApiDeps, AppEnv } from '../deps.js';
import type { RouteGuards } from '../route-guards.js';
import { clientKeyOf } from '../middleware/client-identity.js';
import { SESSION_COOKIE } from '../middleware/callers.js';
import { SignInPage } from '../../views/sign-in-page.js';
import { pageSecurityHeaders } from './pages.js';
import { negotiateLanguage, textFor } from '../../views/i18n/catalogue.js';

const SIGN_IN_ATTEMPTS_PER_MIN = 10;

/** Only a path of this site: `/x`, never `//host` or `/\\host`, which browsers read as another site. */
function safeNext(raw: unknown): string {
  const next = typeof raw === 'string' ? raw : '/';
  return /^\/(?![/\\])[\x21-\x7e]{0,500}$/.test(next) ? next : '/';
}

/**
 * Sign-in of the page when API_KEYS is set: `GET /login` shows the form, `POST /login` checks the key
 * (attempts limited per client) and sets the session cookie (src/api/middleware/callers.ts),
 * `POST /logout` revokes it server-side. Without keys there is nothing to sign in to: /login goes home.
 */
export function sessionRoutes(deps: ApiDeps, guards: RouteGuards) {
  const { config } = deps;
  const { keys, sessions, callers } = guards;
  const app = new Hono<AppEnv>();
  app.use('/login', pageSecurityHeaders());
  app.use('/logout', pageSecurityHeaders());
  const attempts = new RateLimiterRedis({
    storeClient: deps.redis,
    keyPrefix: `${config.REDIS_PREFIX}:ops:rl:sign-in`,
    points: SIGN_IN_ATTEMPTS_PER_MIN,
    duration: 60,
  });

  const langOf = (c: Context<AppEnv>) => negotiateLanguage(c.req.query('lang'), c.req.header('accept-language'));
  const form = (c: Context<AppEnv>, status: 200 | 401 | 429, next: string, error?: string) => {
    c.header('cache-control', 'no-store');
    c.header('vary', 'accept-language');
    const page = <SignInPage lang={langOf(c)} simulated={config.simulated} next={next} error={error} />;
    return c.html(`<!doctype html>${page}`, status);
  };

  app.get('/login', (c) => (keys.enabled ? form(c, 200, safeNext(c.req.query('next'))) : c.redirect('/', 303)));

  const smallBody = bodyLimit({ maxSize: 4096, onError: (c) => c.text('request too large', 413) });
  app.post('/login', csrf(), smallBody, async (c) => {
    if (!keys.enabled) return c.redirect('/', 303);
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const next = safeNext(body.next);
    try {
      await attempts.consume(clientKeyOf(c, config.TRUST_PROXY));
    } catch (error) {
      const wait = error instanceof RateLimiterRes ? Math.max(1, Math.ceil(error.msBeforeNext / 1000)) : 5;
      c.header('retry-after', String(wait));
      return form(c, 429, next, textFor(langOf(c)).signInTooMany(wait));
    }
    const keyId = typeof body.key === 'string' ? keys.match(body.key.trim()) : undefined;
    if (keyId === undefined) return form(c, 401, next, textFor(langOf(c)).signInWrongKey);
    // A sign-in replaces the session this browser had: the old one is revoked, not left alive.
    await sessions.signOut(getCookie(c, SESSION_COOKIE));
    callers.startSession(c, await sessions.signIn(keyId));
    return c.redirect(next, 303);
  });

  // Revokes the session in Postgres, so its cookie, replayed, answers as signed out on every process.
  app.post('/logout', csrf(), async (c) => {
    await callers.endSession(c);
    return c.redirect(keys.enabled ? '/login' : '/', 303);
  });
  return app;
}
