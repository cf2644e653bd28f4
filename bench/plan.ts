// What a full run and a quick run measure. Full: the workloads as written (≤ 10 min on two
// cores). Quick (≤ 2 min): the same workloads, scaled down — fewer and shorter steps — so that a
// change can be checked in a couple of minutes; its figures are noisier and its top concurrency lower.

export interface Plan {
  name: 'full' | 'quick';
  /** Relay (workload 1): concurrent 40 tokens/s generations, one viewer each. */
  relayConcurrency: number[];
  /** The same at 150 tokens/s (a fast model), for CPU per token and throughput at that pace. */
  relay150Concurrency: number[];
  relayWindowMs: number;
  relayRampMs: number;
  relayWarmupMs: number;
  /** TTFT (workload 2): sequential samples per system. */
  ttftSamples: number;
  /** Fan-out (workload 3): [generations, total viewers] steps, run on ours and on the peer. */
  fanoutSteps: [number, number][];
  fanoutWindowMs: number;
  /** Throughput (workload 4): concurrency steps tried after the relay steps, and a time cap. */
  throughputSteps: number[];
  throughputWindowMs: number;
  throughputBudgetMs: number;
  /** Resume (workload 5): replays of one finished document per system. */
  resumeReplays: number;
  viewerProcesses: number;
  workerConcurrency: number;
}

export const FULL: Plan = {
  name: 'full',
  relayConcurrency: [1, 100, 500],
  relay150Concurrency: [1, 100, 300],
  relayWindowMs: 12_000,
  relayRampMs: 3_000,
  relayWarmupMs: 2_000,
  ttftSamples: 15,
  fanoutSteps: [
    [1, 1],
    [1, 100],
    [1, 1_000],
    [1, 10_000],
    [100, 100],
    [100, 1_000],
    [100, 10_000],
  ],
  fanoutWindowMs: 5_000,
  throughputSteps: [750, 1_000, 1_500, 2_000],
  throughputWindowMs: 10_000,
  throughputBudgetMs: 80_000,
  resumeReplays: 10,
  viewerProcesses: 3,
  workerConcurrency: 3_000,
};

export const QUICK: Plan = {
  name: 'quick',
  relayConcurrency: [1, 100, 200],
  relay150Concurrency: [1, 100],
  relayWindowMs: 2_500,
  relayRampMs: 700,
  relayWarmupMs: 1_000,
  ttftSamples: 3,
  fanoutSteps: [
    [1, 10_000],
    [100, 1_000],
  ],
  fanoutWindowMs: 2_500,
  throughputSteps: [],
  throughputWindowMs: 4_000,
  throughputBudgetMs: 0,
  resumeReplays: 3,
  viewerProcesses: 2,
  workerConcurrency: 3_000,
};
