import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';

// A redis-server of a test's own on a fixed port (each engineer's tests have their own range), with
// no persistence: restarting it is what a Redis that loses its data looks like to the service.

export interface PrivateRedis {
  url: string;
  /** A client of the test's own (commands wait while the server is down). */
  client: Redis;
  /** Kills the server and starts it again on the same port, empty. */
  restartEmpty(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPrivateRedis(port: number): Promise<PrivateRedis> {
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess = await launch(port);
  const client = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: () => 100 });
  client.on('error', () => {});
  await client.ping();
  return {
    url,
    client,
    async restartEmpty() {
      await kill(child);
      child = await launch(port);
      await client.ping();
    },
    async stop() {
      client.disconnect();
      await kill(child);
    },
  };
}

async function launch(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server on ${port} did not start`)), 10_000);
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', () => reject(new Error(`redis-server on ${port} exited:\n${out}`)));
  });
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
