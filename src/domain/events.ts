// The event contract of DESIGN.md: what workers append to a generation's log and what SSE viewers
// receive. `seq` is assigned by the atomic append in Redis, so producers build events without it.

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

/** Statuses after which no worker runs for the generation until someone acts on it. */
export const RESTING_STATUSES: readonly GenerationStatus[] = ['paused', 'cancelled', 'completed', 'failed'];
export const FINAL_STATUSES: readonly GenerationStatus[] = ['cancelled', 'completed', 'failed'];

export const GENERATION_MODES = ['stream', 'chunked'] as const;
export type GenerationMode = (typeof GENERATION_MODES)[number];

export type EventBody =
  | { type: 'status'; status: GenerationStatus; mode: GenerationMode; reason?: string }
  | { type: 'section_start'; index: number; title: string }
  | { type: 'token'; section: number; text: string }
  | { type: 'section_end'; index: number; title: string; content: string }
  | { type: 'reset'; section: number }
  | { type: 'done'; status: GenerationStatus }
  | { type: 'error'; message: string };

export type EventType = EventBody['type'];

/** An event as stored and delivered: its body plus the seq the log gave it. */
export type GenerationEvent = EventBody & { seq: number };

/** The JSON `data:` of an event, without its type (the SSE `event:` line carries that). */
export function eventData(event: EventBody): Record<string, unknown> {
  const { type: _type, ...data } = event;
  return data;
}
