// Workload 4: the most concurrent streams (at 40 or 150 tokens/s) that a system carries with p99 added
// latency ≤ 50 ms: ours on one worker and one API process, or the direct baseline's one server. The
// latency judged is the frame latency (from the send of each event's newest delta): frame pacing
// holds older deltas for up to STREAM_FRAME_MS on purpose, which no relay could win back. The
// relay steps already measured are the first points; then it steps up past the highest passing one,
// or halves the gap below the lowest failing one, until a step fails, the candidates run out or the
// time budget is spent.
import type { Plan } from '../plan.js';
import type { BenchStack } from '../lib/stack.js';
import { runRelay, type RelayResult } from './relay.js';

const P99_LIMIT_MS = 50;

export interface ThroughputResult {
  system: 'ours' | 'direct';
  tokensPerSec: number;
  limitP99Ms: number;
  /** Highest concurrency that met the limit; `bound` says whether a higher one failed. */
  maxStreams: number;
  bound: 'bracketed' | 'at least' | 'none passed';
  firstFailing: number | undefined;
  steps: { concurrency: number; p99Ms: number; passed: boolean }[];
  /** Redis work per model delta at the highest passing step. */
  redis: RelayResult['redis'];
}

const passes = (r: RelayResult) => r.frameLatency.p99Ms <= P99_LIMIT_MS && r.missing <= r.delivered * 0.001;

export async function runThroughput(
  stack: BenchStack,
  plan: Plan,
  search: { system: 'ours' | 'direct'; tokensPerSec: number },
  relaySteps: RelayResult[],
  log: (line: string) => void,
): Promise<ThroughputResult> {
  const results = [...relaySteps];
  const deadline = Date.now() + plan.throughputBudgetMs;
  const best = () => results.filter(passes).sort((a, b) => b.concurrency - a.concurrency)[0];
  const lowestFail = () => results.filter((r) => !passes(r)).sort((a, b) => a.concurrency - b.concurrency)[0];

  for (;;) {
    const pass = best();
    const fail = lowestFail();
    let next: number | undefined;
    if (!fail) next = plan.throughputSteps.find((c) => c > (pass?.concurrency ?? 0));
    else {
      const low = pass?.concurrency ?? 0;
      const mid = Math.round((low + fail.concurrency) / 2 / 50) * 50;
      // Stop when the gap is within a quarter of the failing step (or 50 streams).
      if (fail.concurrency - low > Math.max(50, fail.concurrency / 4) && mid > low && mid < fail.concurrency)
        next = mid;
    }
    const estimateMs = plan.throughputWindowMs + plan.relayRampMs + plan.relayWarmupMs + 8_000;
    if (next === undefined || Date.now() + estimateMs > deadline) break;
    const result = await runRelay(stack, {
      ...search,
      concurrency: next,
      rampMs: plan.relayRampMs,
      warmupMs: plan.relayWarmupMs,
      windowMs: plan.throughputWindowMs,
    });
    log(
      `  throughput ${search.system} ${search.tokensPerSec} tok/s step ${next}: frame p99 ${result.frameLatency.p99Ms} ms, missing ${result.missing} → ${passes(result) ? 'pass' : 'fail'}`,
    );
    results.push(result);
  }

  const pass = best();
  const fail = lowestFail();
  return {
    ...search,
    limitP99Ms: P99_LIMIT_MS,
    maxStreams: pass?.concurrency ?? 0,
    bound: !pass ? 'none passed' : fail && fail.concurrency > pass.concurrency ? 'bracketed' : 'at least',
    firstFailing: fail?.concurrency,
    steps: results
      .sort((a, b) => a.concurrency - b.concurrency)
      .map((r) => ({ concurrency: r.concurrency, p99Ms: r.frameLatency.p99Ms, passed: passes(r) })),
    redis: pass?.redis,
  };
}
