import { FencedError, type EventLog } from '../bus/event-log.js';
import { ACTIVE_STATUSES, type GenerationMode, type GenerationStatus } from '../domain/statuses.js';
import {
  SEQ_BLOCK,
  type Generation,
  type GenerationStore,
  type SectionCheckpoint,
  type TakeFenceOptions,
} from '../db/generation-store.js';
import { EventWriter, type EventWriterOptions } from './event-writer.js';
import { compactLog, documentEvents, worthCompacting } from './log-compaction.js';

/** The right to write one generation's events and checkpoints, until someone takes it over. */
export interface Ownership {
  generation: Generation;
  token: number;
  /** Section started in the log but neither ended nor reset by the previous holder (0 when none). */
  openSection: number;
  /** The checkpointed sections, in order, as they were when the token was taken. */
  sections: SectionCheckpoint[];
  writer: EventWriter;
}

/** The `reason` of the `resync` that opens a log rebuilt from Postgres. */
const REBUILT_REASON = 'the event log was lost and has been rebuilt from the stored sections';

/**
 * Takes a generation's fencing token: first in Postgres (which orders competing claims and fences
 * checkpoints), then in Redis (which fences appends). Between the two steps the previous holder can
 * still append tokens, which the new holder's `reset` discards, but it can no longer finish a section.
 *
 * When the log is gone (expired after a run, or lost with Redis's data) it is started again past
 * `seq_ceiling`, above any seq a viewer can hold, and opened with `resync` plus every stored section:
 * a viewer with an older cursor is served from that `resync` on, and a replay from the start is whole.
 * A log at rest whose history outgrew its document is compacted to the same shape (log-compaction.ts).
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
  const start = Math.max(generation.lastSeq, generation.seqCeiling);
  // Read while the token goes to Redis: once takeFence returned, no older holder can checkpoint, so
  // the sections cannot change under the claim, and the worker saves a round trip before the model call.
  const [claim, sections] = await Promise.all([log.claim(generationId, token, start), store.sections(generationId)]);
  const { seq, openSection, seeded } = claim;
  // A log at rest whose history outgrew its document is compacted before anything is appended.
  if (worthCompacting(claim)) await compactLog(log, generationId, token, claim, sections);
  const seqs = {
    ceiling: generation.seqCeiling,
    block: SEQ_BLOCK,
    reserve: (upTo: number) => store.reserveSeqs(generationId, token, upTo),
  };
  const writer = new EventWriter(log, generationId, token, seq, { ...writerOptions, seqs });
  // A log that never had an event (a new row) needs no rebuilding.
  if (seeded && start > 0) {
    writer.push({ type: 'resync', reason: REBUILT_REASON });
    for (const event of documentEvents(sections)) writer.push(event);
  }
  return { generation, token, openSection, sections, writer };
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
  const lastSeq = writer.lastSeq + 2;
  // At rest the ceiling is exact: a log expired since then continues right after `done`.
  const updated = await store.update(generation.id, token, {
    status: outcome.status,
    error: outcome.error ?? null,
    lastSeq,
    seqCeiling: lastSeq,
  });
  if (!updated) throw new FencedError(generation.id);
  writer.push({ type: 'status', status: outcome.status, mode: outcome.mode });
  writer.push({ type: 'done', status: outcome.status });
  await writer.drain();
}

/**
 * Fails run `run` of a generation for good, visibly (`error` event, `failed` status), if it is still
 * active: for a job BullMQ gave up on, or one the reconciler could not bring back. False when
 * someone moved it on meanwhile.
 */
export async function failRun(
  store: GenerationStore,
  log: EventLog,
  generationId: string,
  run: number,
  message: string,
): Promise<boolean> {
  const owner = await takeOwnership(store, log, generationId, {
    from: ACTIVE_STATUSES,
    run,
    to: 'failed',
    error: message,
  });
  // The reason goes in with the status: nobody reads `failed` without it, even before the events.
  if (!owner) return false;
  if (owner.openSection > 0) owner.writer.push({ type: 'reset', section: owner.openSection });
  owner.writer.push({ type: 'error', message });
  await endRun(store, owner, { status: 'failed', mode: owner.generation.mode, error: message });
  return true;
}
