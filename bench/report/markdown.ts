// docs/BENCHMARKS.md (the method, bench/method.md, followed by this run's tables) and the summary
// printed at the end of a run. Every number comes from the RunData of the run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpuStep, evaluateCostTargets, evaluateTargets, type RunData } from './results.js';
import type { ThroughputResult } from '../workloads/throughput.js';

type Row = (string | number | undefined)[];

function table(head: string[], rows: Row[]): string {
  const line = (cells: Row) => `| ${cells.map((c) => (c === undefined ? '—' : String(c))).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

const kb = (bytes: number) => (Number.isFinite(bytes) ? (bytes / 1024).toFixed(1) : '—');

function relayTable(steps: RunData['relay']): string {
  return table(
    [
      'streams',
      'ours p50',
      'ours p95',
      'ours p99',
      'ours frame p99',
      'direct p50',
      'direct p95',
      'direct p99',
      'deltas (ours/direct)',
      'missing',
      'Redis cmds/token',
      'worker round trips/token',
    ],
    steps.map(({ ours, direct }) => [
      ours.concurrency,
      ours.latency.p50Ms,
      ours.latency.p95Ms,
      ours.latency.p99Ms,
      ours.frameLatency?.p99Ms,
      direct.latency.p50Ms,
      direct.latency.p95Ms,
      direct.latency.p99Ms,
      `${ours.delivered}/${direct.delivered}`,
      `${ours.missing}/${direct.missing}`,
      ours.redis?.commandsPerToken.toFixed(2),
      ours.redis?.roundTripsPerToken.worker.toFixed(2),
    ]),
  );
}

/** µs of CPU per delivered token, each process apart. */
function cpuTable(steps: RunData['relay']): string {
  const names = [
    ...new Set(
      steps.flatMap(({ ours, direct }) => [...Object.keys(ours.cpu.byProcess), ...Object.keys(direct.cpu.byProcess)]),
    ),
  ];
  return table(
    ['streams', 'ours total', ...names.filter((n) => n !== 'direct').map((n) => `ours ${n}`), 'direct total'],
    steps.map(({ ours, direct }) => [
      ours.concurrency,
      ours.cpu.usPerToken,
      ...names.filter((n) => n !== 'direct').map((n) => ours.cpu.byProcess[n]),
      direct.cpu.usPerToken,
    ]),
  );
}

function throughputLine(tp: ThroughputResult): string {
  if (tp.bound === 'none passed')
    return `${tp.system} at ${tp.tokensPerSec} tok/s: no step met p99 ≤ ${tp.limitP99Ms} ms.`;
  return (
    `${tp.system} at ${tp.tokensPerSec} tok/s: **${tp.bound === 'at least' ? '≥ ' : ''}${tp.maxStreams} streams**` +
    (tp.firstFailing ? ` (${tp.firstFailing} failed)` : '') +
    ` — steps ${tp.steps.map((s) => `${s.concurrency}: ${s.p99Ms} ms${s.passed ? '' : ' ✗'}`).join(', ')}.`
  );
}

export function tables(data: RunData): string {
  const relay = relayTable(data.relay);
  const { ours: t, direct: td } = data.ttft;
  const ttft = table(
    ['system', 'samples', 'POST → first token p50', 'model’s own delay p50', 'overhead p50', 'overhead p95'],
    [
      ['ours', t.samples, t.totalP50Ms, t.modelP50Ms, t.overheadP50Ms, t.overheadP95Ms],
      ['direct', td.samples, td.totalP50Ms, td.modelP50Ms, td.overheadP50Ms, td.overheadP95Ms],
    ],
  );
  const fanRows: Row[] = [];
  for (const { ours, peer } of data.fanout) {
    for (const r of [ours, peer]) {
      if (!r) continue;
      fanRows.push([
        r.system,
        r.generations,
        r.viewers,
        `${r.connected}${r.failed ? ` (${r.failed} failed)` : ''}`,
        r.latency.p50Ms,
        r.latency.p99Ms,
        r.frameLatency?.p99Ms,
        r.missing,
        // Below 1,000 viewers the RSS growth is within the heap's own noise.
        r.viewers >= 1_000 ? `${kb(r.bytesPerViewer)} (${kb(r.bytesPerViewerIdle)} idle)` : '—',
        `${r.redisConnections} (${r.redisSubscribers} sub, ${r.redisChannels} channels); ${r.redisConnectionsTotal} with producer`,
        r.redisCommandsPerDelivery.toFixed(3),
      ]);
    }
  }
  const fanout = table(
    [
      'system',
      'generations',
      'viewers',
      'connected',
      'p50 ms',
      'p99 ms',
      'frame p99 ms',
      'missing',
      'KB/viewer streaming (idle)',
      'Redis conns (API process)',
      'Redis cmds per delivery',
    ],
    fanRows,
  );
  const tp = data.throughput;
  const throughput = table(
    ['streams', 'frame p99 ms', `≤ ${tp.limitP99Ms} ms`],
    tp.steps.map((s) => [s.concurrency, s.p99Ms, s.passed ? 'yes' : 'no']),
  );
  const { ours: ro, peer: rp } = data.resume;
  const resume = table(
    ['system', 'replays', 'p50 ms', 'p95 ms', 'frames', 'bytes', 'model deltas'],
    [ro, rp].map((r) => [r.system, r.replays, r.fullReplayMs, r.fullReplayP95Ms, r.frames, r.bytes, r.deltas]),
  );
  const targetTable = (list: ReturnType<typeof evaluateTargets>) =>
    table(
      ['target', 'goal', 'measured', 'met'],
      list.map((t) => [t.name, t.target, t.measured, t.met ? 'yes' : '**no**']),
    );
  const targets = targetTable(evaluateTargets(data));
  const costTargets = targetTable(evaluateCostTargets(data));
  const cpu = cpuStep(data);
  const tpLine =
    tp.bound === 'none passed'
      ? `No step met p99 ≤ ${tp.limitP99Ms} ms.`
      : `**${tp.bound === 'at least' ? '≥ ' : ''}${tp.maxStreams} streams**${tp.firstFailing ? ` (${tp.firstFailing} failed)` : ''}` +
        (tp.redis
          ? `; at that step ${tp.redis.commandsPerToken.toFixed(2)} Redis commands and ${tp.redis.roundTripsPerToken.worker.toFixed(2)} worker round trips per token.`
          : '.');
  return [
    '### Targets: cost (CPU per token, streams, Redis work)',
    costTargets,
    '### Targets: latency, fan-out and resume (the first benchmark issue)',
    targets,
    '### 1. Added latency per token (ms, model delta → viewer), 40 tokens/s',
    'The p50–p99 columns are per model delta, from its send, so they include frame pacing’s deliberate wait ' +
      '(up to `STREAM_FRAME_MS`, 50 ms) for the frame; *frame p99* is per event, from the send of the newest ' +
      'delta it carries: the relay’s own delay, which the throughput steps judge. The direct design sends one ' +
      'event per delta, so there both are the same.',
    '',
    relay,
    '### 1b. The same at 150 tokens/s',
    relayTable(data.relay150),
    `### 7. CPU per delivered token (µs; from /proc, the simulator and viewers left out)`,
    `At 150 tokens/s${cpu ? ` (headline: ${cpu.ours.concurrency} streams, ours ${cpu.ours.cpu.usPerToken} µs vs direct ${cpu.direct.cpu.usPerToken} µs)` : ''}:`,
    '',
    cpuTable(data.relay150),
    '',
    'At 40 tokens/s:',
    '',
    cpuTable(data.relay),
    '### 2. Time to first token (ms)',
    ttft,
    '### 3 and 6. Fan-out on one API process: ours and resumable-stream',
    fanout,
    '### 4. Throughput: one worker and one API process (ours) against the direct design’s one server',
    tpLine,
    '',
    throughput,
    '',
    [data.throughput150.ours, data.throughput150.direct, data.throughput, data.throughputDirect40]
      .map((r) => `- ${throughputLine(r)}`)
      .join('\n'),
    '### 5 and 6. Resume: a whole 10-section document replayed from the start',
    resume,
  ].join('\n\n');
}

export function benchmarksMarkdown(data: RunData, root: string): string {
  const m = data.machine;
  const method = readFileSync(join(root, 'bench', 'method.md'), 'utf8').trim();
  return [
    '# Benchmarks',
    '',
    '_Generated by `npm run bench` — do not edit by hand; the method is in `bench/method.md`._',
    '',
    `Last run: **${data.plan.name}** plan, ${data.startedAt}, ${data.durationSec} s. Machine: ${m.cpu}, ${m.cores} cores, ` +
      `${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, Redis ${m.redis}${data.privateRedis ? ' (a private instance started by the bench)' : ''}. ` +
      `Load average before / after: ${m.loadAverage.join(' ')} / ${data.loadAverageAfter.join(' ')}. Every process — simulator, API, ` +
      'worker, Redis, Postgres, baseline, peer and the viewers — shares these cores, so the figures are relative: compare rows of ' +
      'the same run.',
    '',
    '## Results',
    '',
    tables(data),
    '',
    method,
    '',
  ].join('\n');
}
