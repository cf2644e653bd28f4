import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../support/stack.js';
import { freePort } from '../../support/logging.js';

// /readyz against a Redis of our own, which the test stops and starts again: the probe must flip to
// 503 naming Redis while it is away, and back to 200 when it returns, without restarting the API.

let port: number;
let redis: ChildProcess | undefined;
let stack: Stack;

async function startRedis(): Promise<void> {
  const proc = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  redis = proc;
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output}`)), 10_000);
    proc.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}: ${output}`));
    });
  });
  proc.stdout?.resume();
}

async function stopRedis(): Promise<void> {
  const proc = redis;
  redis = undefined;
  if (!proc || proc.exitCode !== null) return;
  const exited = once(proc, 'exit');
  proc.kill('SIGKILL');
  await exited;
}

async function readiness() {
  const started = Date.now();
  const response = await fetch(`${stack.apiUrl}/readyz`);
  return {
    status: response.status,
    body: (await response.json()) as { status: string; problems?: string[] },
    ms: Date.now() - started,
  };
}

async function waitForReadiness(status: number, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await readiness();
    if (result.status === status) return result;
    if (Date.now() > deadline) throw new Error(`/readyz still ${result.status} ${JSON.stringify(result.body)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  port = await freePort();
  await startRedis();
  stack = await startStack({ workers: 0, env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
});

afterAll(async () => {
  // Bring Redis back first so the stack's connections close cleanly.
  if (!redis) await startRedis().catch(() => {});
  await stack?.close();
  await stopRedis();
});

describe('health probes', () => {
  it('/healthz answers without touching dependencies', async () => {
    const response = await fetch(`${stack.apiUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('/readyz flips to 503 naming Redis while Redis is down, and back to 200 when it returns', async () => {
    expect(await readiness()).toMatchObject({ status: 200, body: { status: 'ready' } });

    await stopRedis();
    const down = await waitForReadiness(503);
    expect(down.body.status).toBe('unavailable');
    expect(down.body.problems).toContain('redis unreachable');
    // Postgres is fine: only what is missing is listed.
    expect(down.body.problems).toHaveLength(1);
    // Fast: the probe gives Redis one second, it does not hang on the reconnecting client.
    expect(down.ms).toBeLessThan(3000);
    // /healthz is liveness only: the process is alive, so it stays 200.
    expect((await fetch(`${stack.apiUrl}/healthz`)).status).toBe(200);

    await startRedis();
    const up = await waitForReadiness(200);
    expect(up.body).toEqual({ status: 'ready' });
  });
});
