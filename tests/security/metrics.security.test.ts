import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startStack } from '../support/stack.js';
import { freePort } from '../support/logging.js';
import { anonymous, attempt, bearer } from './support.js';

// Every /metrics, the API's and a worker's (WORKER_METRICS_PORT, bound to every interface), follows
// one rule: with API keys, only with METRICS_TOKEN (off, 404, without it); without keys, open unless
// METRICS_TOKEN is set. A worker's port used to be open whenever METRICS_TOKEN was unset.

const KEY = `metrics-key-${randomBytes(12).toString('hex')}`;
const TOKEN = `metrics-token-${randomBytes(8).toString('hex')}`;
const SESSION_SECRET = 'metrics-session-secret-0123456789abcdef';

/** Status of /metrics on the API and on a worker's port of one deployment, for each caller. */
async function metricsAnswers(env: Record<string, string>) {
  const port = await freePort();
  const stack = await startStack({ env: { ...env, WORKER_METRICS_PORT: String(port) } });
  try {
    const worker = `http://127.0.0.1:${port}`;
    const out: [string, string, number][] = [];
    for (const [who, party] of [
      ['nobody', anonymous],
      ['a wrong token', bearer('nope')],
      ['an API key', bearer(KEY)],
      ['the token', bearer(TOKEN)],
    ] as const) {
      out.push(['api', who, (await attempt(stack.apiUrl, party, 'GET', '/metrics')).status]);
      out.push(['worker', who, (await attempt(worker, party, 'GET', '/metrics')).status]);
    }
    // The worker's liveness probe stays open whatever the rule.
    expect((await attempt(worker, anonymous, 'GET', '/healthz')).status).toBe(200);
    return out;
  } finally {
    await stack.close();
  }
}

describe('/metrics, on the API and on every worker', () => {
  it('is off with API keys and no METRICS_TOKEN', async () => {
    const answers = await metricsAnswers({ API_KEYS: KEY, SESSION_SECRET });
    expect(answers.filter(([, , status]) => status !== 404)).toEqual([]);
  });

  it('wants METRICS_TOKEN when it is set, with or without keys', async () => {
    const expected = (status: (who: string) => number) =>
      ['nobody', 'a wrong token', 'an API key', 'the token'].flatMap((who) => [
        ['api', who, status(who)],
        ['worker', who, status(who)],
      ]);
    const tokenOnly = (who: string) => (who === 'the token' ? 200 : 401);
    expect(await metricsAnswers({ API_KEYS: KEY, SESSION_SECRET, METRICS_TOKEN: TOKEN })).toEqual(expected(tokenOnly));
    expect(await metricsAnswers({ METRICS_TOKEN: TOKEN })).toEqual(expected(tokenOnly));
  });

  it('is open without keys and without a token (local use)', async () => {
    const answers = await metricsAnswers({});
    expect(answers.filter(([, who]) => who === 'nobody')).toEqual([
      ['api', 'nobody', 200],
      ['worker', 'nobody', 200],
    ]);
  });
});
