// Child processes of one bench run: started in their own process group, logged to files, and
// always stopped by their own ids — at the end, on failure, and on Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, waitForHttp as waitForUrl } from '../../tests/support/net.js';

export { freePort };

export interface Child {
  name: string;
  pid: number;
  process: ChildProcess;
  logFile: string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  /** Resolves when a stdout/stderr line matches `pattern` (rejects if the process exits first). */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<Child>();

/** Kills every child still running; synchronous so it also works from an `exit` handler. */
function killAllNow(signal: NodeJS.Signals): void {
  for (const child of running) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  }
}

let handlersInstalled = false;
function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => killAllNow('SIGKILL'));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      console.error(`\nbench: ${signal}, stopping child processes`);
      killAllNow('SIGTERM');
      setTimeout(() => process.exit(130), 300).unref();
    });
  }
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string | undefined>;
  logDir: string;
  cwd?: string;
  /** Open an IPC channel (for the viewer processes). */
  ipc?: boolean;
}

export function startChild(options: StartOptions): Child {
  installExitHandlers();
  mkdirSync(options.logDir, { recursive: true });
  const logFile = join(options.logDir, `${options.name}.log`);
  const log = createWriteStream(logFile);
  const proc = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env as NodeJS.ProcessEnv,
    // Own process group: stopping it stops whatever it started (npm, tsx loaders...).
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', ...(options.ipc ? (['ipc'] as const) : [])],
  });
  if (proc.pid === undefined) throw new Error(`could not start ${options.name}`);
  const lineWaiters = new Set<{ pattern: RegExp; resolve: (line: string) => void }>();
  let tail = '';
  const onOutput = (data: Buffer) => {
    log.write(data);
    if (lineWaiters.size === 0) return;
    const lines = (tail + data.toString('utf8')).split('\n');
    tail = lines.pop() ?? '';
    for (const line of lines) {
      for (const waiter of lineWaiters) {
        if (waiter.pattern.test(line)) {
          lineWaiters.delete(waiter);
          waiter.resolve(line);
        }
      }
    }
  };
  proc.stdout?.on('data', onOutput);
  proc.stderr?.on('data', onOutput);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const child: Child = {
    name: options.name,
    pid: proc.pid,
    process: proc,
    logFile,
    exited,
    waitForLine(pattern, timeoutMs = 30_000) {
      return new Promise<string>((resolve, reject) => {
        const waiter = {
          pattern,
          resolve: (line: string) => {
            clearTimeout(timer);
            resolve(line);
          },
        };
        const timer = setTimeout(() => {
          lineWaiters.delete(waiter);
          reject(new Error(`${options.name}: no line matching ${pattern} within ${timeoutMs} ms (see ${logFile})`));
        }, timeoutMs);
        lineWaiters.add(waiter);
        void exited.then((code) => {
          if (!lineWaiters.delete(waiter)) return;
          clearTimeout(timer);
          reject(new Error(`${options.name} exited (${code}) before ready (see ${logFile})`));
        });
      });
    },
    async stop(graceMs = 5000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Gone meanwhile.
        }
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(child);
  void exited.then(() => {
    running.delete(child);
    log.end();
  });
  return child;
}

export async function stopAll(): Promise<void> {
  // Generous grace: a worker closing BullMQ waits out its blocking call, and profiles are written at exit.
  await Promise.all([...running].map((child) => child.stop(30_000)));
}

/** Waits for a child's HTTP endpoint, failing early (with its log file) if the child exited. */
export function waitForHttp(url: string, timeoutMs = 30_000, child?: Child): Promise<void> {
  const exited = () =>
    child && child.process.exitCode !== null ? `${child.name} exited (see ${child.logFile})` : undefined;
  return waitForUrl(url, timeoutMs, exited);
}
