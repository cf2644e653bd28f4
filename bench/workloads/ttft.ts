// Workload 2: time to first token. From the client's POST to the first content token on its event
// stream, minus what the model itself took (the simulator's request arrival to its send of that
// delta): what remains is our overhead — API, Postgres, queue, worker pick-up, Redis, SSE — or the
// direct baseline's. One generation at a time, so nothing else is in the way.
import http from 'node:http';
import { deliveriesFromLog, deliveriesOneToOne, mapDocument } from '../lib/coverage.js';
import { percentile, preciseNow, round } from '../lib/histogram.js';
import { openStream, type ViewerStream } from '../lib/sse-wire.js';
import {
  benchKey,
  cancelGeneration,
  createGeneration,
  fetchTimelines,
  promptFor,
  readLog,
  sleep,
  waitSimIdle,
} from '../lib/service-client.js';
import type { BenchStack } from '../lib/stack.js';

export interface TtftResult {
  system: 'ours' | 'direct';
  samples: number;
  /** Client-side POST to first token. */
  totalP50Ms: number;
  /** The simulator's own delay to that token (request arrival to send). */
  modelP50Ms: number;
  overheadP50Ms: number;
  overheadP95Ms: number;
  overheadMaxMs: number;
}

const agent = new http.Agent({ keepAlive: false });

async function waitForFrames(viewer: ViewerStream, frames: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (viewer.receipts.length < frames && Date.now() < deadline && !viewer.error) await sleep(20);
}

function receivedAt(viewer: ViewerStream, seq: number): number | undefined {
  const { seqs, times, length } = viewer.receipts;
  for (let i = 0; i < length; i++) if (seqs[i] === seq) return times[i];
  return undefined;
}

async function sampleOnce(
  stack: BenchStack,
  system: 'ours' | 'direct',
): Promise<{ total: number; model: number } | undefined> {
  const key = benchKey();
  const startedAt = preciseNow();
  let viewer: ViewerStream;
  let id: string | undefined;
  if (system === 'ours') {
    id = await createGeneration(stack.apiUrl, promptFor(key));
    viewer = openStream({ url: `${stack.apiUrl}/api/generations/${id}/events`, agent });
  } else {
    viewer = openStream({
      url: `${stack.directUrl}/stream`,
      method: 'POST',
      body: JSON.stringify({ prompt: promptFor(key) }),
      agent,
    });
  }
  // The first content token comes after the section heading's few deltas: 20 frames is past it.
  await waitForFrames(viewer, 20, 10_000);
  viewer.close();
  if (id) await cancelGeneration(stack.apiUrl, id);
  const reply = (await fetchTimelines(stack.simUrl, [key]))[key];
  if (!reply) return undefined;
  const doc = mapDocument(reply.deltas);
  const { firstSeq, map } = id
    ? deliveriesFromLog(doc, await readLog(stack.redis, stack.prefix, id))
    : deliveriesOneToOne(doc);
  const firstSent = firstSeq === undefined ? undefined : map.get(firstSeq)?.[0];
  const firstReceived = firstSeq === undefined ? undefined : receivedAt(viewer, firstSeq);
  if (firstSent === undefined || firstReceived === undefined) return undefined;
  return { total: firstReceived - startedAt, model: firstSent - reply.arrivedAt };
}

export async function runTtft(stack: BenchStack, system: 'ours' | 'direct', samples: number): Promise<TtftResult> {
  await waitSimIdle(stack.simUrl);
  const totals: number[] = [];
  const models: number[] = [];
  const overheads: number[] = [];
  for (let i = 0; i < samples; i++) {
    const sample = await sampleOnce(stack, system);
    if (!sample) continue;
    totals.push(sample.total);
    models.push(sample.model);
    overheads.push(sample.total - sample.model);
    await sleep(100);
  }
  return {
    system,
    samples: overheads.length,
    totalP50Ms: round(percentile(totals, 0.5)),
    modelP50Ms: round(percentile(models, 0.5)),
    overheadP50Ms: round(percentile(overheads, 0.5)),
    overheadP95Ms: round(percentile(overheads, 0.95)),
    overheadMaxMs: round(Math.max(...overheads)),
  };
}
