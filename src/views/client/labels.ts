// Wording and status groups shared by the browser modules and the server's first render
// (src/views/generation-page.tsx imports them too).

export const STATUS_LABELS: Record<string, string> = {
  queued: 'Queued',
  streaming: 'Writing',
  chunked: 'Writing (chunked fallback)',
  paused: 'Paused',
  cancelled: 'Stopped',
  completed: 'Completed',
  failed: 'Failed',
};

/** A run is going on: events are expected. */
export const ACTIVE_STATUSES: readonly string[] = ['queued', 'streaming', 'chunked'];

/** Text is being produced right now (the typing cursor shows, silence means trouble). */
export const WRITING_STATUSES: readonly string[] = ['streaming', 'chunked'];

/** Statuses from which one section may be rewritten. */
export const REWRITABLE_STATUSES: readonly string[] = ['completed', 'failed', 'cancelled', 'paused'];

/** The JSON `data:` of one of our named SSE events. */
export interface EventData {
  seq: number;
  [field: string]: unknown;
}

/** The event names of the stream (README "Events"). */
export const EVENT_TYPES = ['status', 'section_start', 'token', 'section_end', 'reset', 'done', 'error'] as const;
export type StreamEventType = (typeof EVENT_TYPES)[number];
