// `npm run bench` / `npm run bench -- --quick` (add `--profile` to write CPU profiles of the API and
// worker to a temp folder; read them with bench/profile-summary.ts; `--cluster` runs relay and
// fan-out on a private Redis Cluster with two API processes instead, see report/cluster.ts). Builds dist/ if stale, starts every process of the run (see
// lib/stack.ts), runs the six workloads, prints the tables, and writes docs/BENCHMARKS.md and
// bench/results/latest.json. Child processes are stopped at the end, on failure and on Ctrl-C.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './lib/build.js';
import { machineInfo } from './lib/proc-stats.js';
import { benchKey, cancelGeneration, createGeneration, promptFor, waitForStatus } from './lib/service-client.js';
import { startStack, type BenchStack } from './lib/stack.js';
import { FULL, QUICK, type Plan } from './plan.js';
import { clusterPorts, startRedisCluster } from '../tests/support/redis-cluster.js';
import { clusterSection, joinSections, type ClusterRunData } from './report/cluster.js';
import { benchmarksMarkdown, tables } from './report/markdown.js';
import { resultsJson, type RunData } from './report/results.js';
import { runFanout } from './workloads/fanout.js';
import { runRelay, type RelayResult } from './workloads/relay.js';
import { runResumeOurs, runResumePeer } from './workloads/resume.js';
import { runThroughput } from './workloads/throughput.js';
import { runTtft } from './workloads/ttft.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const plan: Plan = args.includes('--quick') ? QUICK : FULL;
const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${line}`);

/** Open-file limit of this shell: each viewer is a socket in a viewer process and in the API. */
function fileLimit(): number {
  try {
    return Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim()) || 1024;
  } catch {
    return 1024;
  }
}

function fitSteps(steps: [number, number][], processes: number): [number, number][] {
  const limit = fileLimit() - 500;
  const fitted = steps.filter(([, viewers]) => viewers <= limit && viewers / processes <= limit);
  if (fitted.length < steps.length)
    log(`ulimit -n is ${limit + 500}: skipping fan-out steps above ${limit} viewers (raise it to run them)`);
  return fitted;
}

async function warmUp(stack: BenchStack): Promise<void> {
  // A first generation proves the worker is consuming the queue; a short relay warms every path.
  const id = await createGeneration(stack.apiUrl, promptFor(benchKey()));
  await waitForStatus(stack.apiUrl, id, ['streaming'], 30_000);
  await cancelGeneration(stack.apiUrl, id);
  for (const system of ['ours', 'direct'] as const) {
    await runRelay(stack, { system, concurrency: 4, tokensPerSec: 40, rampMs: 200, warmupMs: 300, windowMs: 800 });
  }
}

const BENCHMARKS = join(root, 'docs', 'BENCHMARKS.md');
const previousBenchmarks = () => {
  try {
    return readFileSync(BENCHMARKS, 'utf8');
  } catch {
    return '';
  }
};

/** `--cluster`: relay and fan-out of our service on a private Redis Cluster, two API processes. */
async function mainOnCluster(): Promise<void> {
  ensureBuilt(root);
  const cluster = await startRedisCluster(clusterPorts(20));
  const apis = 2;
  log(`plan ${plan.name} on Redis Cluster ${cluster.nodes}; starting processes`);
  try {
    const stack = await startStack({
      root,
      workerConcurrency: plan.workerConcurrency,
      viewerProcesses: plan.viewerProcesses,
      cluster: { nodes: cluster.nodes, apis },
    });
    log(`logs in ${stack.logDir}; prefix ${stack.prefix}`);
    try {
      const machine = await machineInfo(stack.redis);
      await warmUp(stack);
      const relay: ClusterRunData['relay'] = [];
      for (const concurrency of plan.relayConcurrency) {
        const r = await runRelay(stack, {
          concurrency,
          tokensPerSec: 40,
          rampMs: plan.relayRampMs,
          warmupMs: plan.relayWarmupMs,
          windowMs: plan.relayWindowMs,
          system: 'ours',
        });
        relay.push(r);
        log(`cluster relay ${concurrency}: p50 ${r.latency.p50Ms} p99 ${r.latency.p99Ms} ms`);
      }
      const fanout: ClusterRunData['fanout'] = [];
      for (const [generations, viewers] of fitSteps(plan.fanoutSteps, plan.viewerProcesses)) {
        const r = await runFanout(stack, 'ours', generations, viewers, plan.fanoutWindowMs);
        fanout.push(r);
        log(
          `cluster fan-out ${generations}×${viewers}: p50 ${r.latency.p50Ms} p99 ${r.latency.p99Ms} ms, ${(r.bytesPerViewer / 1024).toFixed(1)} KB/viewer`,
        );
      }
      const data: ClusterRunData = {
        plan,
        startedAt: new Date(started).toISOString(),
        durationSec: Math.round((Date.now() - started) / 1000),
        machine,
        apis,
        relay,
        fanout,
      };
      mkdirSync(join(root, 'bench', 'results'), { recursive: true });
      writeFileSync(join(root, 'bench', 'results', 'cluster.json'), `${JSON.stringify(data, null, 2)}\n`);
      const section = clusterSection(data);
      writeFileSync(BENCHMARKS, joinSections(section, previousBenchmarks(), 'cluster'));
      console.log(`\n${section}\n`);
      log('wrote bench/results/cluster.json and the cluster section of docs/BENCHMARKS.md');
    } finally {
      await stack.close();
    }
  } finally {
    await cluster.stop();
  }
}

async function main(): Promise<void> {
  ensureBuilt(root);
  // Profiles stay out of the tree (a few MB each): a fresh folder under the system's temp dir.
  const profileDir = args.includes('--profile') ? join(os.tmpdir(), `cg-bench-profiles-${Date.now()}`) : undefined;
  if (profileDir) {
    mkdirSync(profileDir, { recursive: true });
    log(`CPU profiles of the API and worker go to ${profileDir} (written when they stop)`);
  }
  log(`plan ${plan.name}; starting processes`);
  const stack = await startStack({
    root,
    workerConcurrency: plan.workerConcurrency,
    viewerProcesses: plan.viewerProcesses,
    profileDir,
  });
  log(
    `logs in ${stack.logDir}; Redis ${stack.redisUrl}${stack.privateRedis ? ' (private)' : ''}, prefix ${stack.prefix}`,
  );
  try {
    const machine = await machineInfo(stack.redis);
    await warmUp(stack);

    const relaySteps = async (tokensPerSec: number, steps: number[]) => {
      const out: RunData['relay'] = [];
      for (const concurrency of steps) {
        const options = {
          concurrency,
          tokensPerSec,
          rampMs: plan.relayRampMs,
          warmupMs: plan.relayWarmupMs,
          windowMs: plan.relayWindowMs,
        };
        const ours = await runRelay(stack, { ...options, system: 'ours' });
        const direct = await runRelay(stack, { ...options, system: 'direct' });
        out.push({ ours, direct });
        log(
          `relay ${concurrency} at ${tokensPerSec} tok/s: ours p50 ${ours.latency.p50Ms} p99 ${ours.latency.p99Ms} ms, ${ours.cpu.usPerToken} µs CPU/token | ` +
            `direct p50 ${direct.latency.p50Ms} p99 ${direct.latency.p99Ms} ms, ${direct.cpu.usPerToken} µs CPU/token`,
        );
      }
      return out;
    };
    const relay = await relaySteps(40, plan.relayConcurrency);
    const relay150 = await relaySteps(150, plan.relay150Concurrency);

    const ttft = {
      ours: await runTtft(stack, 'ours', plan.ttftSamples),
      direct: await runTtft(stack, 'direct', plan.ttftSamples),
    };
    log(`ttft overhead p50: ours ${ttft.ours.overheadP50Ms} ms, direct ${ttft.direct.overheadP50Ms} ms`);

    const search = async (system: 'ours' | 'direct', tokensPerSec: number, seed: RunData['relay']) => {
      const result = await runThroughput(
        stack,
        plan,
        { system, tokensPerSec },
        seed.map((r) => r[system]) as RelayResult[],
        log,
      );
      log(
        `throughput ${system} at ${tokensPerSec} tok/s: ${result.bound === 'at least' ? '≥ ' : ''}${result.maxStreams} streams at p99 ≤ ${result.limitP99Ms} ms`,
      );
      return result;
    };
    const throughput = await search('ours', 40, relay);
    const throughputDirect40 = await search('direct', 40, relay);
    const throughput150 = { ours: await search('ours', 150, relay150), direct: await search('direct', 150, relay150) };

    const fanout: RunData['fanout'] = [];
    for (const [generations, viewers] of fitSteps(plan.fanoutSteps, plan.viewerProcesses)) {
      const ours = await runFanout(stack, 'ours', generations, viewers, plan.fanoutWindowMs);
      const peer = await runFanout(stack, 'resumable-stream', generations, viewers, plan.fanoutWindowMs);
      fanout.push({ ours, peer });
      log(
        `fan-out ${generations}×${viewers}: ours p99 ${ours.latency.p99Ms} ms, ${(ours.bytesPerViewer / 1024).toFixed(1)} KB/viewer, ${ours.redisConnections} conns | ` +
          `peer p99 ${peer.latency.p99Ms} ms, ${(peer.bytesPerViewer / 1024).toFixed(1)} KB/viewer, ${peer.redisConnections} conns${peer.failed ? `, ${peer.failed} failed` : ''}`,
      );
    }

    const resume = {
      ours: await runResumeOurs(stack, plan.resumeReplays),
      peer: await runResumePeer(stack, plan.resumeReplays),
    };
    log(`resume: ours ${resume.ours.fullReplayMs} ms, peer ${resume.peer.fullReplayMs} ms`);

    const data: RunData = {
      plan,
      startedAt: new Date(started).toISOString(),
      durationSec: Math.round((Date.now() - started) / 1000),
      machine,
      loadAverageAfter: os.loadavg().map((n) => Math.round(n * 100) / 100),
      privateRedis: stack.privateRedis,
      relay,
      relay150,
      ttft,
      fanout,
      throughput,
      throughputDirect40,
      throughput150,
      resume,
    };
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(join(root, 'bench', 'results', 'latest.json'), `${JSON.stringify(resultsJson(data), null, 2)}\n`);
    writeFileSync(BENCHMARKS, joinSections(benchmarksMarkdown(data, root), previousBenchmarks(), 'single'));
    console.log(`\n${tables(data)}\n`);
    log('wrote bench/results/latest.json and docs/BENCHMARKS.md');
  } finally {
    await stack.close();
  }
}

(args.includes('--cluster') ? mainOnCluster() : main()).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('bench failed:', error);
    process.exit(1);
  },
);
