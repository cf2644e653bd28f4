import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyId } from '../../src/api/middleware/api-keys.js';
import { SessionTokens } from '../../src/api/middleware/sessions.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { startRole } from '../support/processes.js';

// Session and share tokens are signed with SESSION_SECRET, a secret of their own: nothing in them is
// derived from the API keys, so a token and a guess at a key can never be checked against each
// other offline. Weak keys and a missing secret stop the process at start.

const SECRET = 'tokens-session-secret-0123456789abcdef-01';
const WEAK_KEY = 'password-password-password'; // long enough to be accepted, guessable all the same
const STRONG_KEY = 'Zq7wX2mN9pL4vB8cR1tY6uJ3kH5gF0dS';

/** Everything an attacker could compute from a guessed key, to look for in a token. */
function derivationsOf(key: string): string[] {
  const sha = createHash('sha256').update(key).digest();
  return [
    key,
    keyId(key),
    sha.toString('hex'),
    sha.toString('base64url'),
    createHmac('sha256', sha).update('share').digest('base64url').slice(0, 16),
    Buffer.from(key).toString('base64url'),
  ];
}

describe('tokens tell nothing about the keys', () => {
  const tokens = new SessionTokens(SECRET, 3600);
  const expires = Math.floor(Date.now() / 1000) + 3600;

  it('carries neither a key nor anything computed from one alone', () => {
    // A signed-in session's cookie names a random row id (the row holds the owner), never the key.
    const issued = [
      tokens.keySession(SessionTokens.newId(), expires),
      tokens.keySession(SessionTokens.newId(), expires),
      tokens.shareToken(SessionTokens.newId()),
    ];
    for (const token of issued) {
      for (const derived of [...derivationsOf(WEAK_KEY), ...derivationsOf(STRONG_KEY)]) {
        expect(token, derived).not.toContain(derived);
      }
    }
  });

  it('cannot be verified by an attacker who guessed the key: another secret gives other tokens', () => {
    // The keys alone (what the old page tokens were made of) do not reproduce a token.
    const fromKeys = new SessionTokens(createHash('sha256').update(WEAK_KEY).digest(), 3600);
    const id = SessionTokens.newId();
    const real = tokens.keySession(id, expires);
    expect(fromKeys.keySession(id, expires)).not.toBe(real);
    expect(fromKeys.read(real)).toBeUndefined();
    expect(tokens.read(fromKeys.keySession(id, expires))).toBeUndefined();
  });

  it('reads back only what it signed, unexpired', () => {
    const now = Date.now();
    const id = SessionTokens.newId();
    const table: [string, string | undefined][] = [
      [tokens.keySession(id, Math.floor(now / 1000) + 60), id],
      [tokens.keySession(id, Math.floor(now / 1000) - 60), undefined], // expired
      [new SessionTokens(`${SECRET}x`, 3600).keySession(id, expires), undefined], // another secret
      [tokens.keySession(id, expires).replace(/\.(\d+)\./, (_m: string, e: string) => `.${Number(e) + 1}.`), undefined],
      ['s1.a.AAAAAAAAAAAAAAAAAAAAAA.9999999999.AAAA', undefined],
      ['', undefined],
    ];
    const sessionIdOf = (token: string) => {
      const read = tokens.read(token, now);
      return read?.kind === 'key' ? read.sessionId : undefined;
    };
    expect(table.map(([token]) => [token, sessionIdOf(token)])).toEqual(table);
    const anonymous = tokens.read(tokens.anonymous(now), now);
    expect(anonymous?.kind).toBe('anonymous');
    expect(anonymous?.kind === 'anonymous' ? anonymous.owner : '').toMatch(/^anon:[\w-]{22}$/);
  });
});

describe('secrets and keys checked at start', () => {
  const base = { DATABASE_URL: 'postgres://x@127.0.0.1/x', REDIS_URL: 'redis://127.0.0.1:6379' };

  it('refuses short keys and a missing or short SESSION_SECRET, naming the variable', () => {
    const table: [Record<string, string>, RegExp | undefined][] = [
      [{ API_KEYS: 'short-key-123', SESSION_SECRET: SECRET }, /API_KEYS.*at least 24 characters/],
      [{ API_KEYS: `${STRONG_KEY},tiny`, SESSION_SECRET: SECRET }, /API_KEYS.*at least 24 characters/],
      [{ API_KEYS: STRONG_KEY }, /SESSION_SECRET: required when API_KEYS is set/],
      [{ API_KEYS: STRONG_KEY, SESSION_SECRET: 'too-short' }, /SESSION_SECRET: must be at least 32 bytes/],
      [
        { API_KEYS: STRONG_KEY, SESSION_SECRET: SECRET, WEBHOOK_OWNER_KEY_ID: '0123456789ab' },
        /WEBHOOK_OWNER_KEY_ID: is the id of none of API_KEYS/,
      ],
      [{ API_KEYS: STRONG_KEY, SESSION_SECRET: SECRET, WEBHOOK_OWNER_KEY_ID: keyId(STRONG_KEY) }, undefined],
      [{ API_KEYS: STRONG_KEY, SESSION_SECRET: SECRET }, undefined],
      [{}, undefined],
    ];
    for (const [env, expected] of table) {
      let message: string | undefined;
      try {
        loadConfig({ ...base, ...env });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        message = (error as Error).message;
      }
      if (expected) expect(message, JSON.stringify(env)).toMatch(expected);
      else expect(message, JSON.stringify(env)).toBeUndefined();
    }
  });

  it('stops the process at start with a message, before listening', async () => {
    const role = await startRole('api', { ...base, API_KEYS: 'abc123', SESSION_SECRET: SECRET, PORT: '0' }, '');
    expect(await role.exited).toBe(1);
    expect(role.output()).toMatch(/API_KEYS.*at least 24 characters/);
    expect(role.output()).not.toContain('abc123');
  });
});
