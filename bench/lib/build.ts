// The API and worker run from dist/ as in production (`node dist/src/main.js api|worker`), so the
// bench first makes sure dist/ is not older than src/.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') && !/\.test\.tsx?$/.test(entry.name))
      out.push(path);
  }
  return out;
}

/** Source files whose compiled output is missing or older than they are. */
function staleOutputs(root: string): string[] {
  const stale: string[] = [];
  for (const file of sourceFiles(join(root, 'src'))) {
    const out = join(root, 'dist', relative(root, file)).replace(/\.tsx?$/, '.js');
    if (!existsSync(out) || statSync(out).mtimeMs < statSync(file).mtimeMs) stale.push(relative(root, file));
  }
  return stale;
}

export function ensureBuilt(root: string): void {
  const stale = staleOutputs(root);
  if (stale.length === 0) return;
  console.log(`bench: dist/ is stale (${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ', …' : ''}): npm run build`);
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status === 0) return;
  // tsc still emits on type errors; what matters is that dist/ now matches src/.
  const still = staleOutputs(root);
  if (still.length > 0)
    throw new Error(`npm run build failed and left ${still.length} outputs stale: fix the build first`);
  console.warn('bench: npm run build reported errors but emitted every file; benchmarking what it emitted');
}
