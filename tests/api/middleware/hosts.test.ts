import { describe, expect, it } from 'vitest';
import { hostAllowed } from '../../../src/api/middleware/hosts.js';
import { LOCAL_HOSTS, loadConfig } from '../../../src/config.js';

// ALLOWED_HOSTS: which Host headers the API answers (the others get 421, tests/security/hosts).

describe('hostAllowed', () => {
  it('matches names, ports, subdomain wildcards and IPv6, case and a trailing dot aside', () => {
    const allowed = ['contracts.example.com', 'admin.example.com:8443', '*.internal.example', '[::1]'];
    const table: [string | undefined, boolean][] = [
      ['contracts.example.com', true],
      ['Contracts.Example.COM:3000', true],
      ['contracts.example.com.', true],
      ['admin.example.com:8443', true],
      ['admin.example.com', false],
      ['admin.example.com:443', false],
      ['eu.internal.example', true],
      ['a.b.internal.example:80', true],
      ['internal.example', false],
      ['evilinternal.example', false],
      ['contracts.example.com.evil.example', false],
      ['[::1]:3000', true],
      ['[::2]', false],
      ['', false],
      [undefined, false],
      ['contracts.example.com:x', false],
      ['contracts.example.com@evil.example', false],
    ];
    expect(table.map(([host]) => [host, hostAllowed(allowed, host)])).toEqual(table);
    expect(hostAllowed(['*'], 'anything.example:1')).toBe(true);
  });

  it('defaults to the loopback names without keys, and to any host with them', () => {
    const base = { DATABASE_URL: 'postgres://x@127.0.0.1/x' };
    expect(loadConfig(base).ALLOWED_HOSTS).toEqual([...LOCAL_HOSTS]);
    const keys = { API_KEYS: 'k'.repeat(32), SESSION_SECRET: 's'.repeat(32) };
    expect(loadConfig({ ...base, ...keys }).ALLOWED_HOSTS).toEqual(['*']);
    expect(loadConfig({ ...base, ALLOWED_HOSTS: ' App.Example.com , *.example.org:8080 ' }).ALLOWED_HOSTS).toEqual([
      'app.example.com',
      '*.example.org:8080',
    ]);
    expect(() => loadConfig({ ...base, ALLOWED_HOSTS: 'http://app.example.com' })).toThrow(/ALLOWED_HOSTS/);
    expect(() => loadConfig({ ...base, ALLOWED_HOSTS: 'a b' })).toThrow(/ALLOWED_HOSTS/);
  });
});
