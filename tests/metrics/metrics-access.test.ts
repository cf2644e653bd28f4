import { describe, expect, it } from 'vitest';
import { metricsAccess, metricsAccessSettings } from '../../src/metrics/metrics-access.js';

// The one rule of every /metrics (API and worker): tests/security/metrics checks it on both ports.

describe('metricsAccess', () => {
  it('serves the token only when one is set, nothing with keys and no token, anyone without either', () => {
    const keys = ['k'.repeat(32)];
    const table: [string, { METRICS_TOKEN?: string; API_KEYS: string[] }, string | undefined, string][] = [
      ['keys, no token', { API_KEYS: keys }, undefined, 'off'],
      ['keys, no token, a bearer', { API_KEYS: keys }, 'Bearer anything', 'off'],
      ['no keys, no token', { API_KEYS: [] }, undefined, 'allowed'],
      ['token, none sent', { API_KEYS: keys, METRICS_TOKEN: 'tok' }, undefined, 'unauthorized'],
      ['token, wrong', { API_KEYS: [], METRICS_TOKEN: 'tok' }, 'Bearer tok2', 'unauthorized'],
      ['token, not bearer', { API_KEYS: [], METRICS_TOKEN: 'tok' }, 'Basic tok', 'unauthorized'],
      ['token, right', { API_KEYS: keys, METRICS_TOKEN: 'tok' }, 'Bearer tok', 'allowed'],
      ['token, right, any case', { API_KEYS: [], METRICS_TOKEN: 'tok' }, 'bearer tok', 'allowed'],
    ];
    expect(
      table.map(([what, config, header]) => [
        what,
        config,
        header,
        metricsAccess(metricsAccessSettings(config), header),
      ]),
    ).toEqual(table);
  });
});
