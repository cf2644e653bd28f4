import { FencedError, type EventLog } from '../bus/event-log.js';
import type { Generation, GenerationStore } from '../db/generation-store.js';
import type { OpenLimit } from '../db/open-limit.js';
import type { Suggestion, SuggestionStore } from '../db/suggestion-store.js';
import { isIn, RESTING_STATUSES } from '../domain/statuses.js';
import { enqueueSuggestions, hasPendingSuggestions, type SuggestionQueue } from '../queue/suggestion-queue.js';
import type { CommandResult, GenerationCommands } from './commands.js';
import { endRun, takeOwnership } from './ownership.js';

export interface SuggestionCommandDeps {
  store: GenerationStore;
  suggestions: SuggestionStore;
  log: EventLog;
  queue: SuggestionQueue;
  commands: GenerationCommands;
}

/** Why a suggestion command changed nothing, beyond CommandResult's reasons. */
export type SuggestionResult = CommandResult | { ok: false; reason: 'closed'; suggestion: Suggestion };

/**
 * What the owner does with suggestions: ask for them (a job: the worker calls the model), apply one
 * (a rewrite of its section as a new run, kept as a `suggested` version) or dismiss one. Every event
 * is appended holding the generation's fence, like any other writer's.
 */
export class SuggestionCommands {
  constructor(private readonly deps: SuggestionCommandDeps) {}

  /**
   * Queues a request for a draft at rest: `conflict` while a run is going on, `busy` while an earlier
   * request of the same draft is still being answered. The worker asks the model (src/worker/suggestion-job.ts).
   */
  async request(generation: Generation, section?: number): Promise<'queued' | 'busy' | 'wrong_state'> {
    const { store, log, queue } = this.deps;
    if (!isIn(RESTING_STATUSES, generation.status)) return 'wrong_state';
    if (await hasPendingSuggestions(queue, generation.id)) return 'busy';
    // `suggestions_start` is in the log before the reply: a page that reconnects after its newest
    // event on a 202 is streamed what follows (not told at once that the draft has ended), and the
    // job is added after it, so the job's events (ending at `done`) always come after it.
    try {
      const owner = await takeOwnership(store, log, generation.id, { from: RESTING_STATUSES });
      if (!owner) return 'wrong_state';
      owner.writer.push({ type: 'suggestions_start', ...(section !== undefined ? { section } : {}) });
      await owner.writer.drain();
      if (!(await store.update(generation.id, owner.token, { lastSeq: owner.writer.lastSeq }))) return 'wrong_state';
    } catch (error) {
      if (error instanceof FencedError) return 'wrong_state';
      throw error;
    }
    const queued = await enqueueSuggestions(queue, {
      generationId: generation.id,
      ...(section !== undefined ? { section } : {}),
    });
    return queued ? 'queued' : 'busy';
  }

  /** True while a request of this draft is waiting or being answered (a new one would be a 409). */
  pending(generationId: string): Promise<boolean> {
    return hasPendingSuggestions(this.deps.queue, generationId);
  }

  /**
   * Rewrites the suggestion's section with its instruction, as regenerate does (a new run, the old
   * text kept as a version), recorded as `suggested`. The suggestion is marked applied first, so two
   * applies cannot both start a rewrite; if the rewrite cannot start (a run is going on, the open
   * limit is full) it is open again. `suggestion_closed` goes out with the new run's first events.
   */
  async apply(generation: Generation, suggestion: Suggestion, openLimit?: OpenLimit): Promise<SuggestionResult> {
    const { suggestions, commands } = this.deps;
    if (!(await suggestions.close(generation.id, suggestion.id, 'applied')))
      return { ok: false, reason: 'closed', suggestion };
    let result: CommandResult;
    try {
      result = await commands.regenerate(generation.id, suggestion.section, suggestion.instruction, openLimit, {
        source: 'suggested',
        events: [{ type: 'suggestion_closed', id: suggestion.id, outcome: 'applied' }],
      });
    } catch (error) {
      await suggestions.reopen(generation.id, suggestion.id);
      throw error;
    }
    if (!result.ok) await suggestions.reopen(generation.id, suggestion.id);
    return result;
  }

  /**
   * Dismisses an open suggestion of a draft at rest (409 while a run is going on, as for a restore):
   * takes the fence, closes it, appends `suggestion_closed`, then the run's end again (`status`,
   * `done`) with the status the draft had, so the log ends at a `done` as a resting draft's does.
   */
  async dismiss(generation: Generation, suggestion: Suggestion): Promise<SuggestionResult> {
    const { store, log, suggestions } = this.deps;
    try {
      const owner = await takeOwnership(store, log, generation.id, { from: RESTING_STATUSES });
      if (owner) {
        const closed = await suggestions.close(generation.id, suggestion.id, 'dismissed');
        if (closed) owner.writer.push({ type: 'suggestion_closed', id: suggestion.id, outcome: 'dismissed' });
        const { status, mode, error } = owner.generation;
        await endRun(store, owner, { status, mode, ...(error ? { error } : {}) });
        return closed ? { ok: true, generation: owner.generation } : { ok: false, reason: 'closed', suggestion };
      }
    } catch (error) {
      if (!(error instanceof FencedError)) throw error;
    }
    const latest = await store.find(generation.id);
    if (!latest) return { ok: false, reason: 'absent' };
    return { ok: false, reason: 'wrong_state', generation: latest };
  }
}
