// `npm run test:load`: `npm test` then `npm run test:cluster`, as CI runs them, with two CPU-bound
// processes beside them (a machine busy with other work), TEST_LOAD_RUNS times in a row (1 by
// default; TEST_LOAD_SUITES picks one). Prints each suite's duration and its slowest tests and files (docs/RELIABILITY.md keeps
// the figures), and stops at the first failure. Not part of .ci/run: it takes a long while.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface VitestReport {
  numTotalTests: number;
  numFailedTests: number;
  testResults: {
    name: string;
    startTime: number;
    endTime: number;
    assertionResults: { fullName: string; duration?: number | null; status: string }[];
  }[];
}

/** `TEST_LOAD_SUITES=test:cluster` runs only that one (a comma-separated list of the two scripts). */
const chosen = (process.env.TEST_LOAD_SUITES ?? 'test,test:cluster').split(',');
const SUITES = [
  { name: 'npm test', script: 'test', args: ['test'] },
  { name: 'npm run test:cluster', script: 'test:cluster', args: ['run', 'test:cluster'] },
].filter((suite) => chosen.includes(suite.script));
const runs = Math.max(1, Number(process.env.TEST_LOAD_RUNS ?? 1));
const HOGS = 2;

const hogs: ChildProcess[] = [];
const stopHogs = () => {
  for (const hog of hogs) hog.kill('SIGKILL');
};
process.on('exit', stopHogs);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    stopHogs();
    process.exit(130);
  });

/** Runs npm with `args`, its output passed through; resolves with the exit code. */
function npm(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('npm', args, { stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const short = (file: string) => file.replace(`${process.cwd()}/`, '');

function summarise(report: VitestReport): string[] {
  const tests = report.testResults.flatMap((file) =>
    file.assertionResults.map((t) => ({ name: `${short(file.name)} > ${t.fullName}`, ms: t.duration ?? 0 })),
  );
  const files = report.testResults.map((f) => ({ name: short(f.name), ms: f.endTime - f.startTime }));
  const top = <T extends { ms: number }>(list: T[]) => list.sort((a, b) => b.ms - a.ms).slice(0, 5);
  return [
    `  ${report.testResults.length} files, ${report.numTotalTests} tests, ${report.numFailedTests} failed`,
    '  slowest files:',
    ...top(files).map((f) => `    ${seconds(f.ms)}  ${f.name}`),
    '  slowest tests:',
    ...top(tests).map((t) => `    ${seconds(t.ms)}  ${t.name}`),
  ];
}

async function main(): Promise<number> {
  for (let i = 0; i < HOGS; i++) hogs.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  const dir = mkdtempSync(join(tmpdir(), 'test-load-'));
  const lines: string[] = [];
  try {
    for (let run = 1; run <= runs; run++) {
      for (const suite of SUITES) {
        const out = join(dir, `run${run}-${suite.args.at(-1)}.json`);
        const started = performance.now();
        const code = await npm([
          ...suite.args,
          '--',
          '--reporter=default',
          '--reporter=json',
          `--outputFile.json=${out}`,
        ]);
        const took = performance.now() - started;
        lines.push(`run ${run}/${runs}, ${suite.name}: ${code === 0 ? 'passed' : 'FAILED'} in ${seconds(took)}`);
        try {
          lines.push(...summarise(JSON.parse(readFileSync(out, 'utf8')) as VitestReport));
        } catch {
          lines.push('  (no report)');
        }
        console.log(`\n${lines.join('\n')}\n`);
        if (code !== 0) return code;
      }
    }
    return 0;
  } finally {
    stopHogs();
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
