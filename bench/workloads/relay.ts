// Workload 1 (and the steps of 4): N concurrent generations at 40 (or 150) tokens/s, one viewer each,
// through our service or through the direct baseline; the added latency of every model delta, from
// the moment it left the simulator to the moment its viewer had it, over a steady-state window; and
// the CPU time each process of the system spent per delivered delta over the same counting span.
import { deliveriesFromLog, deliveriesOneToOne, mapDocument, windowed, type DeliveryMap } from '../lib/coverage.js';
import { preciseNow, type LatencySummary } from '../lib/histogram.js';
import { commandDelta, commandStats, cpuMicrosOf, redisUseOf } from '../lib/proc-stats.js';
import {
  benchKey,
  cancelGeneration,
  createGeneration,
  fetchTimelines,
  inParallel,
  promptFor,
  readLog,
  resetRecorder,
  sleep,
  waitSimIdle,
} from '../lib/service-client.js';
import type { BenchStack } from '../lib/stack.js';
import type { ConnSpec } from '../lib/viewer-protocol.js';

export interface RelayOptions {
  system: 'ours' | 'direct';
  concurrency: number;
  /** The model's pace per stream (the simulator's `tps`). */
  tokensPerSec: number;
  /** Starts are spread over this long, so the streams' 25 ms token ticks are not in phase. */
  rampMs: number;
  warmupMs: number;
  windowMs: number;
}

export interface RelayResult {
  system: 'ours' | 'direct';
  concurrency: number;
  tokensPerSec: number;
  windowMs: number;
  /** Per model delta, from its send: frame pacing's wait for the frame included. */
  latency: LatencySummary;
  /** Per event, from the send of its newest delta: the relay's own delay (see ViewerReport). */
  frameLatency: LatencySummary;
  /** Measured deltas delivered in the window, and those never delivered before the run stopped. */
  delivered: number;
  missing: number;
  /** Token events whose text did not match the model's document (0 unless something is broken). */
  mismatches: number;
  failedStreams: number;
  /** Model deltas streamed while counters ran; Redis work per delta (ours only). */
  tokens: number;
  /**
   * CPU time per delivered model delta, in µs: the system's own processes (ours: worker, API and
   * Redis; direct: its one server), the simulator and the viewers left out.
   */
  cpu: { usPerToken: number; byProcess: Record<string, number> };
  redis?: {
    commandsPerToken: number;
    appendsPerToken: number;
    roundTripsPerToken: { worker: number; api: number };
    commands: Record<string, number>;
  };
}

const TAIL_MS = 1500;

export async function runRelay(stack: BenchStack, options: RelayOptions): Promise<RelayResult> {
  const T0 = Date.now();
  const mark = (what: string) =>
    process.env.BENCH_DEBUG && console.log(`   relay ${options.system} ${what} +${Date.now() - T0}ms`);
  const { system, concurrency } = options;
  await waitSimIdle(stack.simUrl);
  await resetRecorder(stack.simUrl);
  const keys = Array.from({ length: concurrency }, benchKey);
  const ids = new Map<string, string>();

  // Redis's counters are one node's: not measured on a cluster.
  const counted = system === 'ours' ? stack.singleNode : undefined;
  const commandsBefore = counted ? await commandStats(counted) : undefined;
  const workerBefore = counted ? await redisUseOf(stack.worker.pid, stack.redisPort, counted) : undefined;
  const apiBefore = counted ? await redisUseOf(stack.api.pid, stack.redisPort, counted) : undefined;
  const processes: Record<string, number> =
    system === 'ours'
      ? {
          worker: stack.worker.pid,
          api: stack.api.pid,
          ...(stack.redisPid !== undefined ? { redis: stack.redisPid } : {}),
        }
      : { direct: stack.direct.pid };
  const cpuBefore = Object.fromEntries(Object.entries(processes).map(([name, pid]) => [name, cpuMicrosOf(pid)]));
  const countFrom = preciseNow();

  let failed = 0;
  await inParallel(
    keys,
    64,
    async (key) => {
      let spec: ConnSpec;
      if (system === 'ours') {
        const id = await createGeneration(stack.apiUrl, promptFor(key, false, options.tokensPerSec));
        ids.set(key, id);
        // With several API processes (on a cluster), viewers take them in turn.
        spec = { gen: key, url: `${stack.apiUrls[ids.size % stack.apiUrls.length]}/api/generations/${id}/events` };
      } else {
        spec = {
          gen: key,
          url: `${stack.directUrl}/stream`,
          method: 'POST',
          body: JSON.stringify({ prompt: promptFor(key, false, options.tokensPerSec) }),
        };
      }
      const opened = await stack.viewers.open([spec], 1);
      failed += opened.failed;
    },
    options.rampMs,
  );
  mark('opened');
  const windowFrom = preciseNow() + options.warmupMs;
  const windowTo = windowFrom + options.windowMs;
  await sleep(windowTo + TAIL_MS - preciseNow());

  let redis: RelayResult['redis'];
  const countTo = preciseNow();
  const cpuSpent = Object.fromEntries(
    Object.entries(processes).map(([name, pid]) => [name, cpuMicrosOf(pid) - (cpuBefore[name] ?? 0)]),
  );
  if (counted && commandsBefore && workerBefore && apiBefore) {
    const commands = commandDelta(commandsBefore, await commandStats(counted));
    const workerAfter = await redisUseOf(stack.worker.pid, stack.redisPort, counted);
    const apiAfter = await redisUseOf(stack.api.pid, stack.redisPort, counted);
    redis = {
      commandsPerToken: commands.total,
      appendsPerToken: commands.byCommand.evalsha ?? 0,
      roundTripsPerToken: {
        worker: workerAfter.requestsSent - workerBefore.requestsSent,
        api: apiAfter.requestsSent - apiBefore.requestsSent,
      },
      commands: commands.byCommand,
    };
  }

  mark('counted');
  // Stop the streams, then learn from the simulator and the log what each event carried.
  if (system === 'ours') {
    await inParallel([...ids.values()], 16, (id) => cancelGeneration(stack.apiUrl, id));
    await stack.viewers.waitEnded(10_000);
  }
  await stack.viewers.close();
  mark('stopped');
  const timelines = await fetchTimelines(stack.simUrl, keys);
  const maps: Record<string, Record<number, number[]>> = {};
  let mismatches = 0;
  let tokens = 0;
  for (const key of keys) {
    const reply = timelines[key];
    if (!reply) continue;
    tokens += reply.deltas.filter(([at]) => at >= countFrom && at <= countTo).length;
    const doc = mapDocument(reply.deltas);
    let map: DeliveryMap;
    if (system === 'ours') {
      const fromLog = deliveriesFromLog(doc, await readLog(stack.redis, stack.prefix, ids.get(key) ?? ''));
      mismatches += fromLog.mismatches;
      map = fromLog.map;
    } else {
      map = deliveriesOneToOne(doc).map;
    }
    maps[key] = windowed(map, windowFrom, windowTo);
  }
  mark('mapped');
  const report = await stack.viewers.report(maps);
  await stack.viewers.clear();
  mark('reported');

  if (redis && tokens > 0) {
    redis.commandsPerToken = redis.commandsPerToken / tokens;
    redis.appendsPerToken = redis.appendsPerToken / tokens;
    redis.roundTripsPerToken = {
      worker: redis.roundTripsPerToken.worker / tokens,
      api: redis.roundTripsPerToken.api / tokens,
    };
  }
  const perToken = (us: number) => (tokens > 0 ? Math.round((us / tokens) * 10) / 10 : Number.NaN);
  const byProcess = Object.fromEntries(Object.entries(cpuSpent).map(([name, us]) => [name, perToken(us)]));
  return {
    system,
    concurrency,
    tokensPerSec: options.tokensPerSec,
    cpu: { usPerToken: perToken(Object.values(cpuSpent).reduce((a, b) => a + b, 0)), byProcess },
    windowMs: options.windowMs,
    latency: report.latency.summary(),
    frameLatency: report.frameLatency.summary(),
    delivered: report.delivered,
    missing: report.missing,
    mismatches,
    failedStreams: failed,
    tokens,
    redis,
  };
}
