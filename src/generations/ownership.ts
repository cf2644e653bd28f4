import { FencedError, type EventLog } from '../bus/event-log.js';
import type { GenerationMode, GenerationStatus } from '../domain/statuses.js';
import type { Generation, GenerationStore, TakeFenceOptions } from '../db/generation-store.js';
import { EventWriter, type EventWriterOptions } from './event-writer.js';

/** The right to write one generation's events and checkpoints, until someone takes it over. */
export interface Ownership {
  generation: Generation;
  token: number;
  /** Section started in the log but neither ended nor reset by the previous holder (0 when none). */
  openSection: number;
  writer: EventWriter;
}

/**
 * Takes a generation's fencing token: first in Postgres (which orders competing claims and fences
 * checkpoints), then in Redis (which fences appends). Between the two steps the previous holder can
 * still append tokens, which the new holder's `reset` discards, but it can no longer finish a section.
 */
export async function takeOwnership(
  store: GenerationStore,
  log: EventLog,
  generationId: string,
  fence: TakeFenceOptions,
  writerOptions?: EventWriterOptions,
): Promise<Ownership | undefined> {
  const generation = await store.takeFence(generationId, fence);
  if (!generation) return undefined;
  const token = generation.fence;
  const { seq, openSection } = await log.claim(generationId, token, generation.lastSeq);
  const writer = new EventWriter(log, generationId, token, seq, writerOptions);
  return { generation, token, openSection, writer };
}

/**
 * Ends the owner's run with `status`: records it (and the final seq) in Postgres first, so anyone who
 * sees `done` and then asks the API reads the final status, then appends `status` and `done`.
 */
export async function endRun(
  store: GenerationStore,
  owner: Ownership,
  outcome: { status: GenerationStatus; mode: GenerationMode; error?: string },
): Promise<void> {
  const { writer, token, generation } = owner;
  await writer.drain();
  const updated = await store.update(generation.id, token, {
    status: outcome.status,
    error: outcome.error ?? null,
    lastSeq: writer.lastSeq + 2,
  });
  if (!updated) throw new FencedError(generation.id, -1);
  writer.push({ type: 'status', status: outcome.status, mode: outcome.mode });
  writer.push({ type: 'done', status: outcome.status });
  await writer.drain();
}
