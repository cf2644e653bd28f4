// The one home of a generation's statuses and modes, and of the groups the code asks about. The
// browser loads this file as it is (src/views/assets.ts serves it under /static/domain/), so it
// imports nothing and uses only erasable TypeScript.

export const GENERATION_STATUSES = [
  'queued',
  'streaming',
  'chunked',
  'paused',
  'cancelled',
  'completed',
  'failed',
] as const;
export type GenerationStatus = (typeof GENERATION_STATUSES)[number];

export const GENERATION_MODES = ['stream', 'chunked'] as const;
export type GenerationMode = (typeof GENERATION_MODES)[number];

/** A run is going on or about to: events are expected, and a worker may (re)start the generation. */
export const ACTIVE_STATUSES = ['queued', 'streaming', 'chunked'] as const satisfies readonly GenerationStatus[];

/** Text is being produced right now (the page's typing cursor shows; silence means trouble). */
export const WRITING_STATUSES = ['streaming', 'chunked'] as const satisfies readonly GenerationStatus[];

/** Not ended: holds its owner's open-generation slot, and may still be cancelled. */
export const OPEN_STATUSES = [
  'queued',
  'streaming',
  'chunked',
  'paused',
] as const satisfies readonly GenerationStatus[];

/** No worker runs for it until someone acts on it; one section may then be rewritten. */
export const RESTING_STATUSES = [
  'paused',
  'cancelled',
  'completed',
  'failed',
] as const satisfies readonly GenerationStatus[];

/** Ended for good unless someone rewrites a section. */
export const FINAL_STATUSES = ['cancelled', 'completed', 'failed'] as const satisfies readonly GenerationStatus[];

/** True when `status` belongs to `group` (takes any string: the browser reads statuses from the DOM). */
export function isIn(group: readonly GenerationStatus[], status: string): status is GenerationStatus {
  return (group as readonly string[]).includes(status);
}
