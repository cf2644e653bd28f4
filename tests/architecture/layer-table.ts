// The layer table of docs/ARCHITECTURE.md, in the order data flows: each unit may import only units
// of a lower rank (and itself). Units of the same rank are peers and may not import each other.

export interface Layer {
  rank: number;
  /** Folders of src/ (`db`), or files at its root (`config.ts`). */
  units: string[];
  what: string;
}

export const LAYERS: Layer[] = [
  { rank: 0, units: ['domain', 'util', 'logger.ts'], what: 'events, statuses, templates, parser, Markdown; no I/O' },
  {
    rank: 1,
    units: ['db', 'bus', 'queue', 'llm', 'metrics'],
    what: 'adapters: Postgres, Redis log and fan-out, BullMQ, the model, Prometheus',
  },
  { rank: 2, units: ['generations'], what: 'use cases: create, control, own and write a generation' },
  { rank: 3, units: ['config.ts'], what: 'the parsed configuration, read by the edges and the root only' },
  {
    rank: 4,
    units: ['worker', 'webhooks', 'sim'],
    what: 'edges: job processing, batch webhooks and callbacks, the simulated model',
  },
  { rank: 5, units: ['views'], what: 'pages and browser scripts, used by the API only' },
  { rank: 6, units: ['api'], what: 'the HTTP edge, with its middleware, OpenAPI document and event streams' },
  { rank: 7, units: ['wiring.ts'], what: 'the composition root: builds each process from the config' },
  { rank: 8, units: ['main.ts'], what: 'the entry point: picks a role, starts it, stops it on a signal' },
];

/** The unit of a path relative to src/ (`api/routes/pages.tsx` → `api`). */
export function unitOf(path: string): string | undefined {
  const unit = path.includes('/') ? path.slice(0, path.indexOf('/')) : path;
  return LAYERS.some((layer) => layer.units.includes(unit)) ? unit : undefined;
}

const rankOf = (unit: string) => LAYERS.find((layer) => layer.units.includes(unit))?.rank;

export function allowedImport(from: string, to: string): boolean {
  const [a, b] = [unitOf(from), unitOf(to)];
  if (a === undefined || b === undefined) return false;
  if (a === b) return true;
  return rankOf(b)! < rankOf(a)!;
}

/**
 * Modules of src/ over 100 lines whose tests are not at their path (`tests/<folder>/<module>.test.ts`), and
 * the test file that covers them: the pages' browser scripts are driven through the page in Chromium, the
 * simulator through its HTTP app, wiring through the tests that build processes with it.
 */
export const COVERED_BY: Record<string, string> = {
  'domain/heading-line.ts': 'tests/domain/answer-shapes.test.ts',
  'sim/answer-shapes.ts': 'tests/worker/answer-shapes.test.ts',
  'api/json-bodies.ts': 'tests/api/routes/versions.test.ts',
  'db/document-list.ts': 'tests/api/routes/my-documents.test.ts',
  'sim/detail-clauses.ts': 'tests/sim/drafts-from-details.test.ts',
  'sim/jurisdiction.ts': 'tests/sim/suggestion-writer.test.ts',
  'sim/nda-banks.ts': 'tests/sim/legal-writer.test.ts',
  'sim/phrase-banks-fr.ts': 'tests/sim/legal-writer.test.ts',
  'sim/privacy-banks.ts': 'tests/sim/legal-writer.test.ts',
  'sim/revisions.ts': 'tests/sim/suggestion-writer.test.ts',
  'views/client/my-documents.ts': 'tests/browser/my-documents.test.ts',
  'views/markdown-blocks.ts': 'tests/views/docx-document.test.ts',
  'api/app.ts': 'tests/api/openapi/document.test.ts',
  'api/middleware/callers.ts': 'tests/api/middleware/model-call-limits.test.ts',
  'api/middleware/sessions.ts': 'tests/security/sessions.security.test.ts',
  'api/openapi/docs-page.ts': 'tests/api/openapi/document.test.ts',
  'api/openapi/operations.ts': 'tests/api/openapi/document.test.ts',
  'api/routes/admin.ts': 'tests/api/middleware/api-keys.test.ts',
  'api/routes/pages.tsx': 'tests/browser/reading.test.ts',
  'api/routes/webhooks.ts': 'tests/security/webhooks.security.test.ts',
  'api/schemas.ts': 'tests/api/validation.test.ts',
  'api/sse/stream-events.ts': 'tests/api/routes/generations.test.ts',
  'bus/scripts.ts': 'tests/bus/event-log.test.ts',
  'db/schema.ts': 'tests/db/generation-store.test.ts',
  'db/section-versions.ts': 'tests/api/routes/versions.test.ts',
  'domain/outlines.ts': 'tests/domain/details.test.ts',
  'generations/suggestions.ts': 'tests/api/routes/suggestions.test.ts',
  'llm/metered-client.ts': 'tests/worker/model-meter.test.ts',
  'main.ts': 'tests/generations/reconciler.test.ts',
  'sim/chat-stream.ts': 'tests/sim/app.test.ts',
  'sim/directives.ts': 'tests/sim/app.test.ts',
  'sim/faults.ts': 'tests/sim/app.test.ts',
  'sim/openai-format.ts': 'tests/sim/app.test.ts',
  'sim/phrase-banks.ts': 'tests/sim/legal-writer.test.ts',
  'views/assets.ts': 'tests/api/routes/static-assets.test.ts',
  'views/client/controls.ts': 'tests/browser/controls.test.ts',
  'views/client/event-stream.ts': 'tests/browser/stream-recovery.test.ts',
  'views/client/follow-live.ts': 'tests/browser/reading.test.ts',
  'views/client/live-body.ts': 'tests/browser/live-markdown.test.ts',
  'views/client/live-document.ts': 'tests/browser/streaming.test.ts',
  'views/client/section-dom.ts': 'tests/browser/streaming.test.ts',
  'views/client/section-editor.ts': 'tests/browser/live-edits.test.ts',
  'views/client/suggestions.ts': 'tests/browser/suggestions.test.ts',
  'views/client/versions-panel.ts': 'tests/browser/live-edits.test.ts',
  'views/details-form.tsx': 'tests/views/form-errors.test.ts',
  'views/document-styles.ts': 'tests/browser/accessibility.test.ts',
  'views/generation-page.tsx': 'tests/browser/streaming.test.ts',
  'views/home-page.tsx': 'tests/browser/streaming.test.ts',
  'views/i18n/en.ts': 'tests/views/i18n/catalogue.test.ts',
  'views/i18n/fr.ts': 'tests/views/i18n/catalogue.test.ts',
  'views/section-view.tsx': 'tests/browser/reading.test.ts',
  'views/styles.ts': 'tests/browser/accessibility.test.ts',
  'webhooks/batch-queue.ts': 'tests/webhooks/batch-service.test.ts',
  'webhooks/batch-store.ts': 'tests/webhooks/batch-service.test.ts',
  'webhooks/workers.ts': 'tests/webhooks/callback-delivery.test.ts',
  'wiring.ts': 'tests/worker/processor.test.ts',
  'worker/index.ts': 'tests/worker/generation-run.test.ts',
};
