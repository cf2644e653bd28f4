// What the bench reads about processes and Redis from outside them: RSS from /proc, each process's
// Redis connections and the requests it sent on them from `ss` (data segments out ≈ round trips,
// since ioredis writes a tick's commands at once and Nagle is off), and Redis's own counters.
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { promisify } from 'node:util';
import type { Cluster, Redis } from 'ioredis';

const run = promisify(execFile);

const CLOCK_TICKS_PER_SEC = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU time a process has used so far (user + system, from /proc/<pid>/stat), in microseconds. The
 * kernel counts it in clock ticks (10 ms here), so it is read over windows of seconds.
 */
export function cpuMicrosOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks / CLOCK_TICKS_PER_SEC) * 1e6;
}

/** The pid of the Redis server the bench talks to (`INFO server`), for its CPU time. */
export async function redisPid(redis: Redis): Promise<number> {
  const info = (await redis.info('server')) as string;
  return Number(/process_id:(\d+)/.exec(info)?.[1]);
}

/** Resident set size of a process, in bytes. */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : Number.NaN;
}

interface RedisSocket {
  pid: number;
  localPort: number;
  dataSegsOut: number;
  bytesSent: number;
}

/** Established connections to the Redis port, by owning process. */
async function redisSockets(redisPort: number): Promise<RedisSocket[]> {
  const { stdout } = await run('ss', ['-tinpH', 'state', 'established', `( dport = :${redisPort} )`], {
    maxBuffer: 64 << 20,
  });
  const sockets: RedisSocket[] = [];
  const lines = stdout.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const head = lines[i] ?? '';
    const pid = /pid=(\d+)/.exec(head)?.[1];
    const local = /\S+:(\d+)\s+\S+:\d+/.exec(head)?.[1];
    if (!pid || !local) continue;
    const detail = lines[i + 1] ?? '';
    sockets.push({
      pid: Number(pid),
      localPort: Number(local),
      dataSegsOut: Number(/data_segs_out:(\d+)/.exec(detail)?.[1] ?? 0),
      bytesSent: Number(/bytes_sent:(\d+)/.exec(detail)?.[1] ?? 0),
    });
  }
  return sockets;
}

export interface ProcessRedisUse {
  connections: number;
  /** Of those, connections in subscriber mode, and the channels they hold. */
  subscribers: number;
  channels: number;
  /** Requests written on those connections so far (cumulative). */
  requestsSent: number;
}

/** One process's Redis connections, joined with CLIENT LIST by port to see which subscribe. */
export async function redisUseOf(pid: number, redisPort: number, redis: Redis): Promise<ProcessRedisUse> {
  const mine = (await redisSockets(redisPort)).filter((s) => s.pid === pid);
  const ports = new Set(mine.map((s) => s.localPort));
  const list = (await redis.client('LIST')) as string;
  let subscribers = 0;
  let channels = 0;
  for (const line of list.split('\n')) {
    const port = Number(/addr=[^ ]*:(\d+)/.exec(line)?.[1]);
    if (!ports.has(port)) continue;
    const sub = Number(/ sub=(\d+)/.exec(line)?.[1] ?? 0) + Number(/ psub=(\d+)/.exec(line)?.[1] ?? 0);
    if (sub > 0 || / flags=\S*P/.test(line)) subscribers++;
    channels += sub;
  }
  return { connections: mine.length, subscribers, channels, requestsSent: mine.reduce((n, s) => n + s.dataSegsOut, 0) };
}

/** Cumulative calls per command (INFO commandstats), script-internal calls included. */
export async function commandStats(redis: Redis): Promise<Map<string, number>> {
  const info = await redis.info('commandstats');
  const stats = new Map<string, number>();
  for (const match of info.matchAll(/cmdstat_([^:]+):calls=(\d+)/g)) stats.set(match[1] ?? '', Number(match[2]));
  return stats;
}

export function commandDelta(
  before: Map<string, number>,
  after: Map<string, number>,
): { total: number; byCommand: Record<string, number> } {
  const byCommand: Record<string, number> = {};
  let total = 0;
  for (const [cmd, calls] of after) {
    const delta = calls - (before.get(cmd) ?? 0);
    if (delta <= 0 || cmd === 'info' || cmd.startsWith('client')) continue;
    byCommand[cmd] = delta;
    total += delta;
  }
  return { total, byCommand };
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  redis: string;
  os: string;
  loadAverage: number[];
}

export async function machineInfo(redis: Redis | Cluster): Promise<MachineInfo> {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const info = await redis.info('server');
  return {
    cpu: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
    os: `${os.type()} ${os.release()}`,
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}
