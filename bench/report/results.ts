// bench/results/latest.json: every figure as measured in this run, the headline fields the issue
// names, and each target of issue 6 with the measured value it was judged on.
import type { MachineInfo } from '../lib/proc-stats.js';
import type { Plan } from '../plan.js';
import type { FanoutResult } from '../workloads/fanout.js';
import type { RelayResult } from '../workloads/relay.js';
import type { ResumeResult } from '../workloads/resume.js';
import type { ThroughputResult } from '../workloads/throughput.js';
import type { TtftResult } from '../workloads/ttft.js';

export interface RunData {
  plan: Plan;
  startedAt: string;
  durationSec: number;
  machine: MachineInfo;
  loadAverageAfter: number[];
  privateRedis: boolean;
  relay: { ours: RelayResult; direct: RelayResult }[];
  ttft: { ours: TtftResult; direct: TtftResult };
  fanout: { ours: FanoutResult; peer: FanoutResult | undefined }[];
  throughput: ThroughputResult;
  resume: { ours: ResumeResult; peer: ResumeResult };
}

export interface Target {
  name: string;
  target: string;
  measured: string;
  met: boolean;
}

const pick = (r: FanoutResult | undefined) =>
  r && {
    generations: r.generations,
    viewers: r.viewers,
    connected: r.connected,
    p50Ms: r.latency.p50Ms,
    p99Ms: r.latency.p99Ms,
    bytesPerViewer: r.bytesPerViewer,
    redisConnections: r.redisConnections,
    redisSubscribers: r.redisSubscribers,
    redisChannels: r.redisChannels,
  };

/** The fan-out step the headline figures come from: the most viewers of a single generation. */
export function headlineFanout(data: RunData) {
  const single = data.fanout.filter((s) => s.ours.generations === 1);
  return (single.length ? single : data.fanout).reduce((a, b) => (b.ours.viewers > a.ours.viewers ? b : a));
}

export function evaluateTargets(data: RunData): Target[] {
  const top = data.relay.at(-1);
  const fan = headlineFanout(data);
  const low = data.relay[0]?.ours.redis?.roundTripsPerToken.worker ?? Number.NaN;
  const high = top?.ours.redis?.roundTripsPerToken.worker ?? Number.NaN;
  const peerFan = fan.peer;
  const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : String(n));
  return [
    { name: `relay p50 at ${top?.ours.concurrency} streams`, target: '≤ 1 ms', measured: `${top?.ours.latency.p50Ms} ms`, met: (top?.ours.latency.p50Ms ?? Infinity) <= 1 },
    { name: `relay p99 at ${top?.ours.concurrency} streams`, target: '≤ 10 ms', measured: `${top?.ours.latency.p99Ms} ms`, met: (top?.ours.latency.p99Ms ?? Infinity) <= 10 },
    { name: `fan-out p99, ${fan.ours.viewers} viewers`, target: '≤ 50 ms', measured: `${fan.ours.latency.p99Ms} ms`, met: fan.ours.latency.p99Ms <= 50 && fan.ours.failed === 0 && fan.ours.missing === 0 },
    { name: `memory per viewer, ${fan.ours.viewers} viewers`, target: '≤ 20 KB', measured: `${(fan.ours.bytesPerViewer / 1024).toFixed(1)} KB`, met: fan.ours.bytesPerViewer <= 20 * 1024 },
    { name: 'Redis subscriber connections per API process', target: '1', measured: String(fan.ours.redisSubscribers), met: fan.ours.redisSubscribers === 1 },
    { name: 'Redis round trips per token (worker)', target: '≤ 1, fewer under load', measured: `${f2(low)} at ${data.relay[0]?.ours.concurrency}, ${f2(high)} at ${top?.ours.concurrency}`, met: low <= 1 && high <= low },
    { name: `fan-out p99 vs resumable-stream (${fan.ours.viewers} viewers)`, target: 'ours ≤ peer', measured: `${fan.ours.latency.p99Ms} vs ${peerFan?.latency.p99Ms} ms`, met: !!peerFan && (fan.ours.latency.p99Ms <= peerFan.latency.p99Ms || peerFan.failed > 0) },
    { name: 'full replay vs resumable-stream', target: 'ours ≤ peer', measured: `${data.resume.ours.fullReplayMs} vs ${data.resume.peer.fullReplayMs} ms`, met: data.resume.ours.fullReplayMs <= data.resume.peer.fullReplayMs },
    { name: 'Redis connections vs resumable-stream (API process)', target: 'ours < peer', measured: `${fan.ours.redisConnections} vs ${peerFan?.redisConnections}`, met: !!peerFan && fan.ours.redisConnections < peerFan.redisConnections },
  ];
}

export function resultsJson(data: RunData) {
  const top = data.relay.at(-1);
  const fan = headlineFanout(data);
  return {
    version: 1,
    plan: data.plan.name,
    startedAt: data.startedAt,
    durationSec: data.durationSec,
    machine: { ...data.machine, loadAverageAfter: data.loadAverageAfter, privateRedis: data.privateRedis },
    relay: {
      concurrency: top?.ours.concurrency,
      ours: top && { ...top.ours.latency, delivered: top.ours.delivered, missing: top.ours.missing, redis: top.ours.redis },
      direct: top && { ...top.direct.latency, delivered: top.direct.delivered, missing: top.direct.missing },
      steps: data.relay,
    },
    ttft: { overheadP50Ms: data.ttft.ours.overheadP50Ms, ours: data.ttft.ours, direct: data.ttft.direct },
    fanout: { ...pick(fan.ours), steps: data.fanout.map((s) => s.ours) },
    throughput: data.throughput,
    resume: data.resume.ours,
    peer: {
      resumableStream: {
        fanout: { ...pick(fan.peer), steps: data.fanout.map((s) => s.peer).filter((s) => s !== undefined) },
        resume: data.resume.peer,
      },
    },
    targets: evaluateTargets(data),
  };
}
