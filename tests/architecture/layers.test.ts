import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allowedImport, COVERED_BY, LAYERS, unitOf } from './layer-table.js';

// The layer table of docs/ARCHITECTURE.md, enforced: every relative import in src/ goes from a unit to
// one of the units below it (tests/architecture/layer-table.ts), and no two units import each other.

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every relative import of src/, as paths relative to src/ (`api/app.ts` → `bus/event-hub.ts`). */
function importsOf(files: string[]): { from: string; to: string }[] {
  return files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(IMPORT)].map((m) => {
      const target = normalize(join(dirname(file), (m[1] ?? m[2])!)).replace(/\.js$/, '.ts');
      return { from: relative(SRC, file), to: relative(SRC, target) };
    });
  });
}

const imports = importsOf(sourceFiles(SRC));

describe('layers', () => {
  it('names a layer for every file of src/', () => {
    const files = sourceFiles(SRC).map((f) => relative(SRC, f));
    expect(files.filter((f) => unitOf(f) === undefined)).toEqual([]);
  });

  it('imports only downwards, as the layer table says', () => {
    const wrong = imports.filter(({ from, to }) => !allowedImport(from, to)).map(({ from, to }) => `${from} -> ${to}`);
    expect(wrong).toEqual([]);
  });

  it('has no cycle between folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const { from, to } of imports) {
      // A file at the root of src/ (config.ts, wiring.ts) is a node of its own, a folder's files are one.
      const [a, b] = [from, to].map((path) => (path.includes('/') ? dirname(path) : path)) as [string, string];
      if (a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`)) continue;
      edges.set(a, (edges.get(a) ?? new Set()).add(b));
    }
    const reaches = (start: string, goal: string, seen = new Set<string>()): boolean =>
      [...(edges.get(start) ?? [])].some((next) => {
        if (next === goal) return true;
        if (seen.has(next)) return false;
        seen.add(next);
        return reaches(next, goal, seen);
      });
    const cycles = [...edges.keys()].filter((folder) => reaches(folder, folder));
    expect(cycles).toEqual([]);
  });

  it('catches an import against the table (the check itself can fail)', () => {
    expect(allowedImport('domain/events.ts', 'api/app.ts')).toBe(false);
    expect(allowedImport('bus/event-hub.ts', 'config.ts')).toBe(false);
    expect(allowedImport('worker/processor.ts', 'webhooks/batch-store.ts')).toBe(false);
    expect(allowedImport('webhooks/workers.ts', 'views/layout.tsx')).toBe(false);
    expect(allowedImport('api/app.ts', 'bus/event-hub.ts')).toBe(true);
    expect(LAYERS.length).toBeGreaterThan(4);
  });

  it('finds the tests of every module over 100 lines: at its path, or named by the table', () => {
    const long = sourceFiles(SRC)
      .map((f) => relative(SRC, f))
      .filter((f) => readFileSync(join(SRC, f), 'utf8').split('\n').length > 100);
    const atPath = (f: string) => {
      const base = f.replace(/\.tsx?$/, '');
      const dir = join(ROOT, 'tests', dirname(base));
      const name = base.slice(base.lastIndexOf('/') + 1);
      // `x.test.ts`, or split by theme as `x.<theme>.test.ts`.
      return (
        existsSync(dir) &&
        readdirSync(dir).some((t) => t === `${name}.test.ts` || (t.startsWith(`${name}.`) && t.endsWith('.test.ts')))
      );
    };
    const mapped = (f: string) => COVERED_BY[f] !== undefined && existsSync(join(ROOT, COVERED_BY[f]!));
    expect(long.filter((f) => !atPath(f) && !mapped(f))).toEqual([]);
    // The table names no module that now has tests at its path, and no test file that is gone.
    expect(Object.keys(COVERED_BY).filter((f) => atPath(f) || !mapped(f))).toEqual([]);
  });
});
