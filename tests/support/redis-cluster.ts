import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

// A real Redis Cluster from the machine's redis-server: masters and their replicas on the given
// ports, in cluster mode with a short node timeout (a dead master is replaced within seconds).
// Every process started here is stopped by `stop()`, by the pid it wrote.

const run = promisify(execFile);

export interface RedisCluster {
  /** `host:port,…` of every node: the value of REDIS_CLUSTER_NODES. */
  nodes: string;
  ports: number[];
  /** The master serving `key`'s slot. */
  masterOf(key: string): Promise<number>;
  /** SIGKILLs one node (a crash: nothing is flushed). */
  kill(port: number): Promise<void>;
  /** Resolves once `port`'s replica serves its slots: every live node sees as many masters as before, all ok. */
  waitForFailover(port: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const cli = (port: number, ...args: string[]) =>
  run('redis-cli', ['-p', String(port), ...args]).then((r) => r.stdout.trim());
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`redis cluster: ${what} after ${timeoutMs} ms`);
    await sleep(200);
  }
}

const stateOk = async (port: number) => (await cli(port, 'cluster', 'info')).includes('cluster_state:ok');

/**
 * Six ports for one cluster: `TEST_CLUSTER_PORT_BASE` (default 7100) plus `offset` onwards, so two
 * checkouts on one machine can run their cluster suites side by side with different bases.
 */
export function clusterPorts(offset: number): number[] {
  const base = Number(process.env.TEST_CLUSTER_PORT_BASE ?? 7100);
  return Array.from({ length: 6 }, (_, i) => base + offset + i);
}

/** Starts `ports.length` nodes (half masters, each with one replica) and creates the cluster. */
export async function startRedisCluster(ports: number[]): Promise<RedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'cg-redis-cluster-'));
  const pids = new Map<number, number>();
  const dead = new Set<number>();
  const killAll = () => {
    for (const [port, pid] of pids) {
      if (dead.has(port)) continue;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  // Also on the way out of a test process that never reached stop() (a hook timed out).
  process.once('exit', killAll);
  for (const port of ports) {
    if ((await cli(port, 'ping').catch(() => '')) === 'PONG')
      throw new Error(`redis cluster: port ${port} is already taken`);
    const pidfile = join(dir, `redis-${port}.pid`);
    await run('redis-server', [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--cluster-enabled',
      'yes',
      '--cluster-node-timeout',
      '1000',
      '--cluster-config-file',
      join(dir, `nodes-${port}.conf`),
      '--dir',
      dir,
      '--pidfile',
      pidfile,
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'yes',
    ]);
    pids.set(
      port,
      await until(`node ${port} pid`, 10_000, async () => Number(readFileSync(pidfile, 'utf8')) || undefined),
    );
  }
  const cluster: RedisCluster = {
    nodes: ports.map((p) => `127.0.0.1:${p}`).join(','),
    ports,
    async masterOf(key) {
      const slot = await cli(
        ports.find((p) => !dead.has(p))!,
        'cluster',
        'keyslot',
        key,
      );
      return until(`master of slot ${slot}`, 10_000, async () => {
        for (const port of ports) {
          if (dead.has(port)) continue;
          const owner = await ownerOf(port, Number(slot));
          if (owner !== undefined) return owner;
        }
        return undefined;
      });
    },
    async kill(port) {
      dead.add(port);
      process.kill(pids.get(port)!, 'SIGKILL');
    },
    async waitForFailover(port, timeoutMs = 30_000) {
      const live = ports.filter((p) => !dead.has(p));
      await until(`no failover of ${port}`, timeoutMs, async () => {
        for (const p of live) {
          if (!(await stateOk(p))) return undefined;
          const masters = await mastersSeenBy(p);
          if (masters.includes(port) || masters.length !== ports.length / 2) return undefined;
        }
        return true;
      });
    },
    async stop() {
      killAll();
      process.off('exit', killAll);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await run('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas',
      '1',
      '--cluster-yes',
    ]);
    await until('cluster_state:ok', 30_000, async () =>
      (await Promise.all(ports.map(stateOk))).every(Boolean) ? true : undefined,
    );
    // Replicas must have synced, or the first failover has nothing to promote.
    await until('replicas in sync', 30_000, async () => {
      for (const port of ports) {
        const info = await cli(port, 'info', 'replication');
        if (info.includes('role:slave') && !info.includes('master_link_status:up')) return undefined;
      }
      return true;
    });
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

/** Ports of the masters (with slots) as `port` sees them. */
async function mastersSeenBy(port: number): Promise<number[]> {
  const lines = (await cli(port, 'cluster', 'nodes')).split('\n');
  return lines
    .map((line) => line.split(' '))
    .filter((f) => f[2]?.includes('master') && !f[2].includes('fail') && f.length > 8)
    .map((f) => Number(f[1]!.split('@')[0]!.split(':')[1]));
}

/** The port of the master holding `slot`, as `port` sees it. */
async function ownerOf(port: number, slot: number): Promise<number | undefined> {
  for (const line of (await cli(port, 'cluster', 'nodes')).split('\n')) {
    const f = line.split(' ');
    if (!f[2]?.includes('master') || f[2].includes('fail')) continue;
    for (const range of f.slice(8)) {
      const [from, to] = range.split('-').map(Number);
      if (slot >= from! && slot <= (to ?? from!)) return Number(f[1]!.split('@')[0]!.split(':')[1]);
    }
  }
  return undefined;
}
