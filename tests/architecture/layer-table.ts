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
