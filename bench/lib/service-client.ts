// The bench's calls to the processes under test: our HTTP API, the simulator's recorder, the peer's
// producer, and the raw event log in Redis (to learn which model deltas each event carried).
import { randomBytes } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { generationKeys } from '../../src/bus/keys.js';
import { parseFrames } from '../../src/domain/event-codec.js';
import type { LogEvent, Timeline } from './coverage.js';

/** A key the simulator recorder finds in the request (see bench/procs/sim-recorder.ts). */
export const benchKey = () => `bk${randomBytes(5).toString('hex')}`;

/** A bench prompt; `tokensPerSec` sets the simulator's pace for that reply (its default is 40). */
export const promptFor = (key: string, hold = false, tokensPerSec?: number) =>
  `A photo sharing app for hikers, based in France, with paid plans and a community forum. Ref ${key}.${hold ? ' Hold.' : ''}` +
  (tokensPerSec === undefined ? '' : ` [[sim:tps=${tokensPerSec}]]`);

export async function createGeneration(apiUrl: string, prompt: string): Promise<string> {
  const response = await fetch(`${apiUrl}/api/generations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ prompt }),
  });
  const body = (await response.json()) as { id?: string; error?: unknown };
  if (response.status !== 202 || !body.id)
    throw new Error(`POST /api/generations: ${response.status} ${JSON.stringify(body)}`);
  return body.id;
}

export async function cancelGeneration(apiUrl: string, id: string): Promise<void> {
  const response = await fetch(`${apiUrl}/api/generations/${id}/cancel`, { method: 'POST' });
  await response.arrayBuffer();
}

async function generationStatus(apiUrl: string, id: string): Promise<string> {
  const response = await fetch(`${apiUrl}/api/generations/${id}`);
  return ((await response.json()) as { status: string }).status;
}

export async function waitForStatus(
  apiUrl: string,
  id: string,
  statuses: string[],
  timeoutMs: number,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await generationStatus(apiUrl, id);
    if (statuses.includes(status)) return status;
    if (Date.now() > deadline) throw new Error(`generation ${id} still ${status} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** The whole event log of a generation, as the worker appended it. */
export async function readLog(redis: Redis | Cluster, prefix: string, id: string): Promise<LogEvent[]> {
  return parseFrames((await redis.get(generationKeys(prefix, id).frames)) ?? '');
}

export interface RecordedReply {
  arrivedAt: number;
  requests: number;
  deltas: Timeline;
}

export async function fetchTimelines(simUrl: string, keys: string[]): Promise<Record<string, RecordedReply>> {
  const out: Record<string, RecordedReply> = {};
  for (let i = 0; i < keys.length; i += 100) {
    const response = await fetch(`${simUrl}/_bench/timelines`, {
      method: 'POST',
      body: JSON.stringify(keys.slice(i, i + 100)),
    });
    Object.assign(out, (await response.json()) as Record<string, RecordedReply>);
  }
  return out;
}

/** Waits until `count` held replies are waiting for release (their model calls have arrived). */
export async function waitHeld(simUrl: string, count: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { waiting } = (await (await fetch(`${simUrl}/_bench/waiting`)).json()) as { waiting: number };
    if (waiting >= count) return;
    if (Date.now() > deadline)
      throw new Error(`only ${waiting} of ${count} model calls arrived within ${timeoutMs} ms`);
    await sleep(100);
  }
}

export async function releaseHeld(simUrl: string, keys: string[]): Promise<void> {
  await (await fetch(`${simUrl}/_bench/release`, { method: 'POST', body: JSON.stringify(keys) })).arrayBuffer();
}

export async function resetRecorder(simUrl: string): Promise<void> {
  await (await fetch(`${simUrl}/_bench/reset`, { method: 'POST' })).arrayBuffer();
}

/** Waits until the simulator streams nothing (the previous workload's calls have stopped). */
export async function waitSimIdle(simUrl: string, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { open } = (await (await fetch(`${simUrl}/_bench/open`)).json()) as { open: number };
    if (open === 0 || Date.now() > deadline) return open;
    await sleep(200);
  }
}

export async function postJson(url: string, body: unknown): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs `fn` over `items`, at most `limit` at a time, spreading starts over `spreadMs`. */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  spreadMs = 0,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      if (spreadMs > 0) {
        const due = started + (spreadMs * index) / items.length;
        if (due > Date.now()) await sleep(due - Date.now());
      }
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
