import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

// axe-core, the accessibility engine browsers' own tools use, run inside the page under test. It is
// evaluated through the DevTools protocol (page.evaluate), not added as a <script>: the page's strict
// CSP (no inline script) stays on while it runs.

const require = createRequire(import.meta.url);
let source: Promise<string> | undefined;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** The serious and critical violations of the page as it is now (in `scheme`, light by default). */
async function axeViolations(page: Page, scheme: 'light' | 'dark' = 'light'): Promise<string[]> {
  source ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Reduced motion: no transition or fade-in half-way through when the colours are read.
  await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await source);
  const violations = (await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: unknown }> } }
    ).axe;
    // The whole document; the rules of WCAG 2.1 A and AA plus axe's best practices.
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations;
  })) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/** No serious or critical violation, in the light and the dark colour scheme. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    expect(await axeViolations(page, scheme), `${what} (${scheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: null });
}
