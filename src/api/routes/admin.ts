import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { getCookie, setCookie } from 'hono/cookie';
import type { RedisClient } from '../../bus/redis-connection.js';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { errorJson } from '../errors.js';
import type { GenerationQueue } from '../../queue/generation-queue.js';
import { bearerToken } from '../middleware/api-keys.js';
import { clientIp } from '../middleware/client-identity.js';

// The queue dashboard (Bull Board) at /admin/queues, only when ADMIN_TOKEN is set; otherwise nothing
// is mounted and /admin/* is a 404. Two ways in:
// - `Authorization: Bearer <ADMIN_TOKEN>` on every request (curl, scripts, a proxy that adds it);
// - a browser signs in once with a form (POST /admin/login, so the token never sits in a URL, a
//   history or an access log) and gets a session cookie: HttpOnly, SameSite=Strict (so other sites
//   cannot drive the dashboard's actions), scoped to /admin, holding an expiry and an HMAC of it
//   keyed by the token, never the token itself. Changing ADMIN_TOKEN ends every session.

export const ADMIN_BASE = '/admin';
const SESSION_COOKIE = 'cg_admin';
const SESSION_SEC = 12 * 3600;
const LOGIN_ATTEMPTS_PER_MIN = 10;

export interface AdminDeps {
  config: { ADMIN_TOKEN?: string | undefined; REDIS_PREFIX: string; TRUST_PROXY: number; NODE_ENV: string };
  queue: GenerationQueue;
  redis: RedisClient;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();
const sameSecret = (a: string, b: string) => timingSafeEqual(sha256(a), sha256(b));
const sign = (token: string, expires: number) =>
  createHmac('sha256', token).update(`admin-session:${expires}`).digest('base64url');

function sessionValid(token: string, cookie: string | undefined): boolean {
  const [expires, mac] = (cookie ?? '').split('.');
  if (!expires || !mac || !/^\d+$/.test(expires) || Number(expires) * 1000 < Date.now()) return false;
  return sameSecret(sign(token, Number(expires)), mac);
}

const LOGIN_CSP = "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

function loginPage(message?: string): string {
  // Fixed text only: nothing the client sent is echoed.
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Queue dashboard: sign in</title></head>
<body><main>
<h1>Queue dashboard</h1>
${message ? `<p role="alert">${message}</p>` : ''}
<form method="post" action="${ADMIN_BASE}/login">
<label>Admin token <input type="password" name="token" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form>
</main></body></html>`;
}

/**
 * Routes under /admin, or undefined when no ADMIN_TOKEN is configured (the dashboard is off).
 * Long as a list of routes: each handler sits inline after its validator (the house style), so a
 * route is read in one place.
 */
export function adminRoutes(deps: AdminDeps): Hono | undefined {
  const token = deps.config.ADMIN_TOKEN;
  if (!token) return undefined;
  const app = new Hono();
  const attempts = new RateLimiterRedis({
    storeClient: deps.redis,
    keyPrefix: `${deps.config.REDIS_PREFIX}:ops:rl:admin-login`,
    points: LOGIN_ATTEMPTS_PER_MIN,
    duration: 60,
  });

  const refuse = (c: Context, status: 401 | 429, message: string, headers: Record<string, string> = {}) => {
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
    if ((c.req.header('accept') ?? '').includes('text/html')) {
      c.header('content-security-policy', LOGIN_CSP);
      return c.html(loginPage(message), status);
    }
    return c.json(errorJson(c, status === 429 ? 'rate_limited' : 'unauthorized', message), status);
  };

  app.get('/login', (c) => {
    c.header('content-security-policy', LOGIN_CSP);
    return c.html(loginPage());
  });

  app.post('/login', bodyLimit({ maxSize: 4096 }), async (c) => {
    try {
      await attempts.consume(clientIp(c, deps.config.TRUST_PROXY));
    } catch (error) {
      const wait = error instanceof RateLimiterRes ? Math.max(1, Math.ceil(error.msBeforeNext / 1000)) : 5;
      return refuse(c, 429, `Too many attempts; try again in ${wait} s.`, { 'retry-after': String(wait) });
    }
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const presented = typeof body.token === 'string' ? body.token : '';
    if (!sameSecret(presented, token)) return refuse(c, 401, 'That is not the admin token.');
    const expires = Math.floor(Date.now() / 1000) + SESSION_SEC;
    setCookie(c, SESSION_COOKIE, `${expires}.${sign(token, expires)}`, {
      path: ADMIN_BASE,
      httpOnly: true,
      sameSite: 'Strict',
      // Browsers keep Secure cookies over https, and over http on localhost only.
      secure: c.req.url.startsWith('https:') || deps.config.NODE_ENV === 'production',
      maxAge: SESSION_SEC,
    });
    return c.redirect(`${ADMIN_BASE}/queues`, 303);
  });

  app.use('*', async (c, next) => {
    if (c.req.path === `${ADMIN_BASE}/login`) return next();
    const bearer = bearerToken(c.req.header('authorization'));
    const ok = bearer !== undefined ? sameSecret(bearer, token) : sessionValid(token, getCookie(c, SESSION_COOKIE));
    if (!ok) return refuse(c, 401, 'Sign in with the admin token.', { 'www-authenticate': 'Bearer realm="admin"' });
    return next();
  });

  // Bull Board's page loads only its own scripts (its config is a JSON data block, not a script), so
  // scripts are limited to ours; its loading spinner is inline CSS, hence style-src 'unsafe-inline'.
  // Its Google Fonts link is refused: the dashboard makes no request off this server.
  const dashboardHeaders = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
  });
  app.use('/queues', dashboardHeaders);
  app.use('/queues/*', dashboardHeaders);

  const board = new HonoAdapter(serveStatic).setBasePath(`${ADMIN_BASE}/queues`);
  createBullBoard({
    queues: [new BullMQAdapter(deps.queue)],
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Contract Generator' } },
  });
  app.route('/queues', board.registerPlugin());
  return app;
}
