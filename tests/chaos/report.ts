import { readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Verdict } from './checker.js';
import type { ScenarioFigures } from './recovery-scenarios.js';

export interface ChaosFigures {
  seed: number;
  durationMs: number;
  generations: number;
  apis: number;
  workers: number;
  faults: {
    kills: number;
    modelFaults: { cut: number; stall: number; status429: number; status500: number };
    redisFaults: { kills: number; pauses: number };
  };
  verdicts: Verdict[];
  /** The recovery scenarios run after the main one. */
  scenarios?: ScenarioFigures[];
}

const REPORT = fileURLToPath(new URL('../../docs/RELIABILITY.md', import.meta.url));

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (value: number | undefined) => (value === undefined ? 'n/a' : `${Math.round(value)} ms`);

function scenarioSection(scenarios: readonly ScenarioFigures[]): string {
  if (scenarios.length === 0) return '';
  const rows = scenarios.map(
    (s) =>
      `| ${s.name} | ${s.completed}/${s.generations} | ${s.lost} | ${s.doubled} | ${ms(s.recoveryMs)} | ${ms(s.completedAfterMs)} |`,
  );
  const problems = scenarios.flatMap((s) => s.problems.map((p) => `- ${s.name}: ${p}`));
  return `
## Recovery scenarios

Run after the main one, on a cluster of their own: one API and two worker processes (3 generations
each at once, reconciler every 1 s), on a private redis-server without persistence and on Postgres
through a TCP proxy the run controls. The same checker judges every generation.

${scenarios.map((s) => `- **${s.name}**: ${s.how}.`).join('\n')}

| scenario | completed | sections lost | events or sections doubled | recovery | all completed after |
|---|---|---|---|---|---|
${rows.join('\n')}

*Recovery* is the time from the end of the fault (Redis back, empty; the rows inserted; the proxy open
again) until every generation not yet finished had sent its viewer an event again, waiting for a
free worker slot included (6 slots: in the Redis scenario 2 generations wait for one anyway, and
after the Postgres outage the runs come back at their next checkpoint retry or job attempt, whose
backoffs reach 8–10 s); *all completed after* runs from the same moment until the last generation
was completed and seen whole.
${problems.length > 0 ? `\n### Problems\n\n${problems.join('\n')}\n` : ''}`;
}

/** The sections after the chaos figures (the cluster failover's, written by hand): kept as they are. */
const KEPT_FROM = '\n## On Redis Cluster';

/** Writes docs/RELIABILITY.md from one chaos run's measured figures. */
export async function writeReliabilityReport(f: ChaosFigures): Promise<void> {
  const sum = (pick: (v: Verdict) => number) => f.verdicts.reduce((total, v) => total + pick(v), 0);
  const gaps = f.verdicts.flatMap((v) => v.takeoverGapsMs);
  const completed = f.verdicts.filter((v) => v.status === 'completed').length;
  const failed = f.verdicts.filter((v) => v.problems.length > 0);
  const m = f.faults.modelFaults;
  const text = `# Reliability

Figures of the last chaos run (\`npm run test:chaos\`, also run by \`.ci/run\`), written by the run
itself (tests/chaos/). ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores
(${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.

## What the run does

${f.generations} generations (Terms of Service, privacy policy, NDA in turn) on ${f.workers} worker processes
and ${f.apis} API processes, each a real process, on a Redis of the run's own. Meanwhile:
- a random worker is SIGKILLed every 2.5–5 s and replaced (BullMQ lock 1.5 s);
- the simulated model is told to cut a stream, stall it, answer 429 (Retry-After 1 s) or 500,
  every 1–2 s (each fault hits the next request of any generation);
- every 4–8 s, Redis either drops every client connection (\`CLIENT KILL\`) or stops answering
  anyone for a second (\`CLIENT PAUSE 1000 ALL\`);
- each generation has a viewer that drops its connection after a random number of events and
  resumes with \`Last-Event-ID\` on a random API process; at the end a late viewer replays each log.

The checker then requires, for every generation: completed; every section stored once in Postgres;
both viewers' rebuilt text (tokens since the last reset, and \`section_end\` content) equal to the
stored document; seq from 1 (or, after a \`resync\`, from the rebuilt log's first) without gap or
duplicate.

## Figures

| figure | value |
|---|---|
| seed | ${f.seed} |
| duration | ${(f.durationMs / 1000).toFixed(1)} s |
| generations | ${f.generations} (${completed} completed) |
| workers SIGKILLed | ${f.faults.kills} |
| viewer reconnects | ${sum((v) => v.reconnects)} |
| model faults injected | ${m.cut + m.stall + m.status429 + m.status500} (cut ${m.cut}, stall ${m.stall}, 429 ${m.status429}, 500 ${m.status500}) |
| Redis faults | ${f.faults.redisFaults.kills + f.faults.redisFaults.pauses} (every client killed ${f.faults.redisFaults.kills}, paused 1 s ${f.faults.redisFaults.pauses}) |
| sections lost | ${sum((v) => v.lost)} |
| events or sections duplicated | ${sum((v) => v.duplicated)} |
| generations failing the check | ${failed.length} |
| takeovers seen by viewers | ${gaps.length} |
| takeover gap p50 / max | ${ms(percentile(gaps, 50))} / ${ms(percentile(gaps, 100))} |

The takeover gap is what a viewer waited between the last event of a holder and the first event of
the next one (a killed worker's lock expiring, the stalled-job check, the new claim), measured on the
viewer's clock; it includes retries after model faults that restarted a run.
${failed.length > 0 ? `\n## Problems\n\n${failed.map((v) => `- ${v.id}: ${v.problems.join('; ')}`).join('\n')}\n` : ''}${scenarioSection(f.scenarios ?? [])}`;
  const previous = await readFile(REPORT, 'utf8').catch(() => '');
  const kept = previous.includes(KEPT_FROM) ? previous.slice(previous.indexOf(KEPT_FROM)) : '';
  await writeFile(REPORT, text + kept);
}
