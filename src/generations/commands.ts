import { resolveOutline } from '../domain/outlines.js';
import { defaultDraftName } from '../domain/draft-names.js';
import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../bus/redis-connection.js';
import { publishStop } from '../bus/control.js';
import { FencedError, type EventLog } from '../bus/event-log.js';
import type { EventBody } from '../domain/events.js';
import {
  ACTIVE_STATUSES,
  OPEN_STATUSES,
  isIn,
  RESTING_STATUSES,
  WRITING_STATUSES,
  type GenerationStatus,
} from '../domain/statuses.js';
import type { Generation, GenerationStore, NewGeneration, SectionVersion } from '../db/generation-store.js';
import type { OpenLimit } from '../db/open-limit.js';
import type { RemoveResult } from '../db/document-list.js';
import {
  enqueueGeneration,
  removeRunJobs,
  removeWaitingJob,
  type GenerationJobData,
  type GenerationQueue,
} from '../queue/generation-queue.js';
import { endRun, takeOwnership, type Ownership } from './ownership.js';
import type { SectionRewrite, VersionOrigin } from '../domain/versions.js';

export interface CommandDeps {
  store: GenerationStore;
  log: EventLog;
  queue: GenerationQueue;
  redis: RedisClient;
  prefix: string;
}

/** Statuses each command may start from; anything else is either already there or too late. */
const STOPPABLE: Record<'cancelled' | 'paused', readonly GenerationStatus[]> = {
  cancelled: OPEN_STATUSES,
  paused: ACTIVE_STATUSES,
};

/** What a rewrite of an applied suggestion adds to a plain regeneration. */
export interface RewriteOptions {
  /** The version source of the rewritten text (absent: `regenerated`). */
  source?: SectionRewrite['source'];
  /** Events appended holding the new run's fence before its `status queued` (the suggestion's close). */
  events?: readonly EventBody[];
}

export type CommandResult =
  | { ok: true; generation: Generation }
  | { ok: false; reason: 'absent' }
  | { ok: false; reason: 'wrong_state'; generation: Generation };

/** The title and text a restore or an edit makes a section's. */
export interface SectionText {
  title: string;
  content: string;
}

/** A restore's or an edit's answer: the version it stored, or why none. */
export type SectionWriteResult =
  { ok: true; generation: Generation; version: number } | Exclude<CommandResult, { ok: true }>;

/**
 * An edit's answer: also `stale` (someone saved first; `latest` is the newest version), `unwritten`
 * (the section has no text yet), and whether the text was already the section's (`unchanged`).
 */
export type EditResult =
  | { ok: true; generation: Generation; version: number; unchanged: boolean }
  | Exclude<CommandResult, { ok: true }>
  | { ok: false; reason: 'stale'; latest: SectionVersion }
  | { ok: false; reason: 'unwritten' };

/**
 * What API processes do to generations: create, cancel, pause, resume. Each takes the generation's
 * fencing token first, so the worker holding it can write nothing more, then appends its events.
 */
export class GenerationCommands {
  constructor(private readonly deps: CommandDeps) {}

  /** Creates and enqueues a generation; throws OpenLimitReached when the owner's `openLimit` is full. */
  async create(
    input: Omit<NewGeneration, 'id' | 'redisPrefix' | 'outline' | 'name'>,
    openLimit?: OpenLimit,
  ): Promise<Generation> {
    const { store, log, queue } = this.deps;
    // The section list is fixed now, from the details: every later run and view reads this one.
    const outline = resolveOutline(input.template, input.details ?? {}, input.language ?? 'en');
    const name = defaultDraftName(input.template, input.language ?? 'en', input.details);
    const row = { id: randomUUID(), ...input, name, outline, redisPrefix: this.deps.prefix };
    // No outbox: if this process dies before the job is added, the reconciler adds it (reconciler.ts).
    const generation = await store.insert(row, openLimit);
    // The row was created holding token 1: the API writes the first event itself. A new log starts at
    // seq 0, so the append need not wait for the claim's answer: both go out in one write, and Redis
    // runs them in order (one connection; on a cluster, one slot).
    const first: EventBody = { type: 'status', status: 'queued', mode: input.mode };
    await Promise.all([
      log.claim(generation.id, generation.fence, 0),
      log.append(generation.id, generation.fence, 0, [first]),
    ]);
    await enqueueGeneration(queue, { generationId: generation.id, run: generation.run });
    return generation;
  }

  /**
   * Deletes a draft everywhere, unless a run is going on (`busy`): its rows in Postgres (one statement,
   * src/db/document-list.ts), then its log and fencing token in Redis and the jobs of its runs. Postgres
   * goes first, so a run cannot start on a draft half deleted; a Redis failure after it answers as one
   * (503), and the log left behind expires like any finished draft's (EVENT_LOG_TTL_SEC).
   */
  async remove(id: string): Promise<RemoveResult> {
    const result = await this.deps.store.documents.remove(id);
    if (result && 'removed' in result) {
      await this.deps.log.forget(id);
      await removeRunJobs(this.deps.queue, id, result.removed.run);
    }
    return result;
  }

  /** Cancel or pause. Repeating it is harmless: a generation already there is returned as it is. */
  async stop(id: string, to: 'cancelled' | 'paused'): Promise<CommandResult> {
    return this.overtakable(id, to, [], async () => {
      const owner = await takeOwnership(this.deps.store, this.deps.log, id, { from: STOPPABLE[to], to });
      if (!owner) return undefined;
      const { run } = owner.generation;
      await publishStop(this.deps.redis, this.deps.prefix, { generationId: id, run });
      await removeWaitingJob(this.deps.queue, { generationId: id, run });
      await endRun(this.deps.store, owner, { status: to, mode: owner.generation.mode });
      return owner.generation;
    });
  }

  /** Continues a paused generation after its last checkpoint, as a new run. */
  async resume(id: string): Promise<CommandResult> {
    return this.overtakable(id, 'queued', WRITING_STATUSES, async () => {
      const owner = await takeOwnership(this.deps.store, this.deps.log, id, {
        from: ['paused'],
        to: 'queued',
        newRun: true,
      });
      if (!owner) return undefined;
      await this.queueRun(owner);
      return owner.generation;
    });
  }

  /**
   * Continues a stopped (cancelled) generation as a new run: the section the stop cut short is written
   * again whole (the worker's claim finds it open in the log and resets it, as after a pause), then the
   * rest. The generation becomes open again, so it must fit in `openLimit` (OpenLimitReached otherwise).
   */
  async continueStopped(id: string, openLimit?: OpenLimit): Promise<CommandResult> {
    return this.overtakable(id, 'queued', WRITING_STATUSES, async () => {
      const owner = await takeOwnership(this.deps.store, this.deps.log, id, {
        from: ['cancelled'],
        to: 'queued',
        newRun: true,
        ...(openLimit ? { openLimit } : {}),
      });
      if (!owner) return undefined;
      await this.queueRun(owner);
      return owner.generation;
    });
  }

  /**
   * Rewrites one section of a generation that is not running, as a new run: its new text streams
   * through the same log (`reset`, `section_start`, tokens, `section_end`), then any section still
   * missing is written too. A completed, failed or cancelled one becomes open again: it must fit
   * in `openLimit` (OpenLimitReached otherwise).
   */
  async regenerate(
    id: string,
    index: number,
    instruction?: string,
    openLimit?: OpenLimit,
    options: RewriteOptions = {},
  ): Promise<CommandResult> {
    return this.overtakable(id, undefined, [], async () => {
      // The rewrite is recorded with the run, so the reconciler can enqueue it again if its job is lost.
      const regenerate = { index, instruction, ...(options.source ? { source: options.source } : {}) };
      const fence = {
        from: RESTING_STATUSES,
        to: 'queued' as const,
        newRun: true,
        error: null,
        regenerate,
        ...(openLimit ? { openLimit } : {}),
      };
      const owner = await takeOwnership(this.deps.store, this.deps.log, id, fence);
      if (!owner) return undefined;
      for (const event of options.events ?? []) owner.writer.push(event);
      await this.queueRun(owner, regenerate);
      return owner.generation;
    });
  }

  /**
   * Makes an earlier version of a section its text again, as a new version (`restored`), for a
   * generation at rest (409 while a run is going on).
   */
  async restore(id: string, index: number, version: SectionVersion): Promise<SectionWriteResult> {
    return this.replaceSection(id, index, version, { source: 'restored' });
  }

  /**
   * The owner's own text for a finished section (`edited`), saved over `baseVersion`, for a
   * generation at rest: `stale` (with the newest version) when that is no longer the section's
   * newest, because someone saved first. The base is checked again under the generation's row lock
   * as the fence is taken, and nobody stores a version without the fence: of two saves on one base,
   * exactly one is stored. The text the section already has is no new version (`unchanged`).
   */
  async edit(generation: Generation, index: number, content: string, baseVersion: number): Promise<EditResult> {
    const { id } = generation;
    if (!isIn(RESTING_STATUSES, generation.status)) return { ok: false, reason: 'wrong_state', generation };
    const newest = async (): Promise<EditResult | SectionVersion> => {
      const latest = await this.deps.store.versions.latest(id, index);
      if (!latest) return { ok: false, reason: 'unwritten' };
      return latest.version === baseVersion ? latest : { ok: false, reason: 'stale', latest };
    };
    // Most stale saves are told so here, without taking the fence (nothing is appended).
    const latest = await newest();
    if ('ok' in latest) return latest;
    if (latest.content === content) return { ok: true, generation, version: latest.version, unchanged: true };
    const text = { title: latest.title, content };
    const result = await this.replaceSection(id, index, text, { source: 'edited' }, baseVersion);
    if (result.ok) return { ...result, unchanged: false };
    // Not stored: a save that came first (stale), or a run or a command that took the generation.
    const now = await newest();
    return 'ok' in now ? now : result;
  }

  /**
   * A restore or an edit: stores `text` as the section's next version, then every viewer gets it
   * through the log like any rewrite (`reset`, `section_start`, the text as one `token`, `section_end`
   * with its version and source), and the run's end again (`status`, `done`), all holding the fence.
   */
  private async replaceSection(
    id: string,
    index: number,
    text: SectionText,
    origin: VersionOrigin,
    baseVersion?: number,
  ): Promise<SectionWriteResult> {
    let version = 0;
    const result = await this.overtakable(id, undefined, [], async () => {
      const base = baseVersion === undefined ? {} : { base: { index, version: baseVersion } };
      const owner = await takeOwnership(this.deps.store, this.deps.log, id, { from: RESTING_STATUSES, ...base });
      if (!owner) return undefined;
      const { writer, generation } = owner;
      const { title, content } = text;
      const section = { index, title, content, mode: 'stream' as const };
      const stored = await this.deps.store.storeVersion(id, owner.token, section, origin);
      if (stored === undefined) throw new FencedError(id);
      version = stored;
      writer.push({ type: 'reset', section: index });
      writer.push({ type: 'section_start', index, title });
      writer.push({ type: 'token', section: index, text: content });
      writer.push({ type: 'section_end', index, title, content, version, source: origin.source });
      const error = generation.error ?? undefined;
      await endRun(this.deps.store, owner, {
        status: generation.status,
        mode: generation.mode,
        ...(error ? { error } : {}),
      });
      return generation;
    });
    return result.ok ? { ...result, version } : result;
  }

  /** Appends `status queued` for the owner's new run and adds its job. */
  private async queueRun(owner: Ownership, regenerate?: GenerationJobData['regenerate']): Promise<void> {
    const { generation, writer } = owner;
    writer.push({ type: 'status', status: 'queued', mode: generation.mode });
    await writer.drain();
    // False when another command took the token meanwhile: then its run is the one that counts.
    if (!(await this.deps.store.update(generation.id, owner.token, { lastSeq: writer.lastSeq })))
      throw new FencedError(generation.id);
    await enqueueGeneration(this.deps.queue, {
      generationId: generation.id,
      run: generation.run,
      ...(regenerate ? { regenerate } : {}),
    });
  }

  /**
   * Runs a command that takes the token. Another command (or a worker) may take it before this one
   * has finished appending: that command then has the last word, and this one answers as if it had
   * found the generation where the other left it (2xx when that is where it was going, else 409).
   */
  private async overtakable(
    id: string,
    target: GenerationStatus | undefined,
    alsoFine: readonly GenerationStatus[],
    command: () => Promise<Generation | undefined>,
  ): Promise<CommandResult> {
    try {
      const generation = await command();
      if (generation) return { ok: true, generation };
    } catch (error) {
      if (!(error instanceof FencedError)) throw error;
    }
    return this.unchanged(id, target, alsoFine);
  }

  /** Why a command changed nothing: no such generation, already where it was asked to go, or too late. */
  private async unchanged(
    id: string,
    target: GenerationStatus | undefined,
    alsoFine: readonly GenerationStatus[] = [],
  ): Promise<CommandResult> {
    const generation = await this.deps.store.find(id);
    if (!generation) return { ok: false, reason: 'absent' };
    if (generation.status === target || alsoFine.includes(generation.status)) return { ok: true, generation };
    return { ok: false, reason: 'wrong_state', generation };
  }
}
