// The page's wording of each status, shared by the browser modules and the server's first render
// (src/views/generation-page.tsx and home-page.tsx import it too). The statuses themselves and their
// groups live in src/domain/statuses.ts, which the browser loads from /static/domain/.

import type { GenerationStatus } from '../../domain/statuses.js';

/** Typed by the status list: a status without a label fails the type check. */
export const STATUS_LABELS: Record<GenerationStatus, string> = {
  queued: 'Queued',
  streaming: 'Writing',
  chunked: 'Writing (chunked fallback)',
  paused: 'Paused',
  cancelled: 'Stopped',
  completed: 'Completed',
  failed: 'Failed',
};

/** The label of a status read from the DOM or a response (unknown words are shown as they are). */
export function statusLabel(status: string): string {
  return (STATUS_LABELS as Record<string, string>)[status] ?? status;
}

/** The JSON `data:` of one of our named SSE events. */
export interface EventData {
  seq: number;
  [field: string]: unknown;
}
