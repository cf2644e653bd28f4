// Workload 3 (and the fan-out half of 6): G generations at 40 tokens/s watched by V viewers in total
// (V/G each) on ONE API process — ours, or the resumable-stream peer's. Per step: delivery latency of
// every model delta to every viewer, the API process's RSS growth per viewer, and its Redis
// connections (and subscribed channels) while the viewers are attached.
import { deliveriesFromLog, deliveriesOneToOne, mapDocument, windowed } from '../lib/coverage.js';
import { generationKeys } from '../../src/bus/keys.js';
import { preciseNow, type LatencySummary } from '../lib/histogram.js';
import { commandDelta, commandStats, redisUseOf, rssOf } from '../lib/proc-stats.js';
import {
  benchKey,
  cancelGeneration,
  createGeneration,
  fetchTimelines,
  inParallel,
  postJson,
  promptFor,
  readLog,
  resetRecorder,
  sleep,
  releaseHeld,
  waitHeld,
  waitSimIdle,
} from '../lib/service-client.js';
import type { BenchStack } from '../lib/stack.js';
import type { ConnSpec } from '../lib/viewer-protocol.js';

export type FanoutSystem = 'ours' | 'resumable-stream';

export interface FanoutResult {
  system: FanoutSystem;
  generations: number;
  viewers: number;
  /** Viewers whose stream opened (200) / failed to open. */
  connected: number;
  failed: number;
  errors: string[];
  connectMs: number;
  latency: LatencySummary;
  /** Per event, from the send of its newest delta (see ViewerReport.frameHistogram). */
  frameLatency: LatencySummary;
  delivered: number;
  missing: number;
  rssBeforeBytes: number;
  rssConnectedBytes: number;
  rssAfterBytes: number;
  /** RSS growth per viewer while tokens flow (the headline), and attached but idle. */
  bytesPerViewer: number;
  bytesPerViewerIdle: number;
  redisConnections: number;
  /** The API process's and the producer's (our worker / the peer's producer) together. */
  redisConnectionsTotal: number;
  redisSubscribers: number;
  redisChannels: number;
  /** Redis commands (all clients) per delta delivered to one viewer. */
  redisCommandsPerDelivery: number;
}

/** Time for streams to be under way before viewers arrive. */
const WARMUP_MS = 1_000;
const BATCH = 1_000;

/** Where each stream is now: our log's seq, or the characters the peer's producer has sent. */
async function headCursors(
  stack: BenchStack,
  system: FanoutSystem,
  keys: string[],
  ids: Map<string, string>,
): Promise<Map<string, number>> {
  if (system === 'ours') {
    // One HGET per log (on a cluster their keys are in different slots), sent as one pipeline.
    const heads = keys.map((key) => generationKeys(stack.prefix, ids.get(key) ?? '').head);
    const seqs = await Promise.all(heads.map((head) => stack.redis.hget(head, 'seq')));
    return new Map(keys.map((key, i) => [key, Number(seqs[i] ?? 0)]));
  }
  const response = await fetch(`${stack.peerProducerUrl}/lengths`, {
    method: 'POST',
    body: JSON.stringify({ streamIds: keys }),
  });
  return new Map(Object.entries((await response.json()) as Record<string, number>));
}
const DRAIN_MS = 2_500;

export async function runFanout(
  stack: BenchStack,
  system: FanoutSystem,
  generations: number,
  viewers: number,
  windowMs: number,
): Promise<FanoutResult> {
  const T0 = Date.now();
  const mark = (what: string) =>
    process.env.BENCH_DEBUG && console.log(`   fanout ${system} ${what} +${Date.now() - T0}ms`);
  await waitSimIdle(stack.simUrl);
  await resetRecorder(stack.simUrl);
  await stack.restartApi(system);
  mark('fresh api');
  // Memory of every API process serving the viewers (two on a cluster run).
  const apiPids = system === 'ours' ? stack.apis.map((api) => api.pid) : [stack.peerApi.pid];
  const apiRss = () => apiPids.reduce((total, pid) => total + rssOf(pid), 0);
  const keys = Array.from({ length: generations }, benchKey);
  const ids = new Map<string, string>();
  const rssBefore = apiRss();

  await inParallel(keys, 32, async (key) => {
    if (system === 'ours') ids.set(key, await createGeneration(stack.apiUrl, promptFor(key, true)));
    else await postJson(`${stack.peerProducerUrl}/produce`, { streamId: key, prompt: promptFor(key, true) });
  });
  // Every model call has arrived and is held: viewers attach to streams that have not begun.
  await waitHeld(stack.simUrl, generations);
  mark('held');

  // Viewers join at the head of the stream, as a page load does (`?after=` the seq it rendered): in
  // batches, each with the cursor of that moment. What is measured is live fan-out, not replay.
  const connectStart = preciseNow();
  const opened = { ok: 0, failed: 0, errors: [] as string[] };
  for (let from = 0; from < viewers; from += BATCH) {
    const cursors = await headCursors(stack, system, keys, ids);
    const specs: ConnSpec[] = [];
    for (let i = from; i < Math.min(viewers, from + BATCH); i++) {
      const key = keys[i % keys.length] ?? '';
      const url =
        system === 'ours'
          ? `${stack.apiUrls[i % stack.apiUrls.length]}/api/generations/${ids.get(key)}/events?after=${cursors.get(key) ?? 0}`
          : `${stack.peerApiUrl}/streams/${key}?skip=${cursors.get(key) ?? 0}`;
      specs.push({ gen: key, url });
    }
    const batch = await stack.viewers.open(specs, 64);
    opened.ok += batch.ok;
    opened.failed += batch.failed;
    opened.errors = [...new Set([...opened.errors, ...batch.errors])].slice(0, 5);
  }
  const connectMs = preciseNow() - connectStart;
  mark('connected');
  await sleep(500);
  const rssConnected = apiRss();
  await releaseHeld(stack.simUrl, keys);
  const windowFrom = preciseNow() + WARMUP_MS;
  const windowTo = windowFrom + windowMs;
  await sleep(windowFrom - preciseNow());
  const counted = stack.singleNode;
  const commandsBefore = counted ? await commandStats(counted) : undefined;
  await sleep(windowTo - preciseNow());
  const commands =
    counted && commandsBefore ? commandDelta(commandsBefore, await commandStats(counted)) : { total: Number.NaN };
  const rssAfter = apiRss();
  mark('window');
  const producerPid = system === 'ours' ? stack.worker.pid : stack.peerProducer.pid;
  const unknown = { connections: Number.NaN, subscribers: Number.NaN, channels: Number.NaN };
  const redisUse = counted ? await redisUseOf(apiPids[0]!, stack.redisPort, counted) : unknown;
  const producerUse = counted ? await redisUseOf(producerPid, stack.redisPort, counted) : unknown;
  mark('redis use');
  // Deltas of the window get DRAIN_MS more to arrive; viewers then disconnect (what is still missing
  // counts at the time it had waited), so an overloaded system cannot stretch the run.
  await sleep(windowTo + DRAIN_MS - preciseNow());
  await stack.viewers.close();
  mark('closed');
  if (system === 'ours') await inParallel([...ids.values()], 16, (id) => cancelGeneration(stack.apiUrl, id));
  else await postJson(`${stack.peerProducerUrl}/cancel-all`, {});
  mark('cancelled');

  const timelines = await fetchTimelines(stack.simUrl, keys);
  const maps: Record<string, Record<number, number[]>> = {};
  for (const key of keys) {
    const reply = timelines[key];
    if (!reply) continue;
    const doc = mapDocument(reply.deltas);
    const map =
      system === 'ours'
        ? deliveriesFromLog(doc, await readLog(stack.redis, stack.prefix, ids.get(key) ?? '')).map
        : deliveriesOneToOne(doc).map;
    maps[key] = windowed(map, windowFrom, windowTo);
  }
  const report = await stack.viewers.report(maps);
  await stack.viewers.clear();
  mark('reported');
  await sleep(500);
  return {
    system,
    generations,
    viewers,
    connected: opened.ok,
    failed: opened.failed,
    errors: opened.errors,
    connectMs: Math.round(connectMs),
    latency: report.latency.summary(),
    frameLatency: report.frameLatency.summary(),
    delivered: report.delivered,
    missing: report.missing,
    rssBeforeBytes: rssBefore,
    rssConnectedBytes: rssConnected,
    rssAfterBytes: rssAfter,
    bytesPerViewer: Math.round((rssAfter - rssBefore) / Math.max(1, opened.ok)),
    bytesPerViewerIdle: Math.round((rssConnected - rssBefore) / Math.max(1, opened.ok)),
    redisConnections: redisUse.connections,
    redisConnectionsTotal: redisUse.connections + producerUse.connections,
    redisSubscribers: redisUse.subscribers,
    redisChannels: redisUse.channels,
    redisCommandsPerDelivery: report.delivered > 0 ? commands.total / report.delivered : Number.NaN,
  };
}
