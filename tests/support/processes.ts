import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../src/config.js';

const MAIN = fileURLToPath(new URL('../../dist/src/main.js', import.meta.url));

export interface RoleProcess {
  child: ChildProcess;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
  output(): string;
}

/**
 * Runs `node dist/src/main.js <role>` as its own process (built by `npm test` first), so a test can
 * SIGKILL or SIGTERM it like an orchestrator would. Resolves once it logs `readyMessage` (at once
 * when that is empty).
 */
export async function startRole(role: string, env: Record<string, string>, readyMessage: string): Promise<RoleProcess> {
  const child = spawn(process.execPath, [MAIN, role], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${role} not ready:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      // Keep the tail only: chaos runs keep workers logging for minutes.
      output = (output + chunk.toString()).slice(-65_536);
      if (output.includes(readyMessage)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(() => reject(new Error(`${role} exited before ready:\n${output}`)));
  });
  if (readyMessage) await ready;
  else ready.catch(() => {});
  return { child, exited, output: () => output };
}

/** Environment for a child process that shares a test stack's Redis (or cluster), prefix, database and simulator. */
export function roleEnv(
  config: Pick<Config, 'DATABASE_URL' | 'REDIS_URL' | 'REDIS_PREFIX'> & Partial<Pick<Config, 'REDIS_CLUSTER_NODES'>>,
  simUrl: string,
  extra: Record<string, string> = {},
) {
  return {
    DATABASE_URL: config.DATABASE_URL,
    REDIS_URL: config.REDIS_URL,
    REDIS_CLUSTER_NODES: (config.REDIS_CLUSTER_NODES ?? []).map((n) => `${n.host}:${n.port}`).join(','),
    REDIS_PREFIX: config.REDIS_PREFIX,
    OPENAI_BASE_URL: `${simUrl}/v1`,
    // As in testConfig: one client makes every generation of a test, and a worker takes each call of
    // a run after its first from that client's per-minute calls.
    RATE_LIMIT_PER_MIN: '100000',
    ...extra,
  };
}
