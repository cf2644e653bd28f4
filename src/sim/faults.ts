// Fault injection for the simulator. Tests make the model misbehave in two ways: a directive inside the
// prompt (`[[sim:cut=5;times=1]]`, see directives.ts) or a fault queued by a harness through
// `POST /_sim/faults`. Both describe the same FaultSpec; this module decides, per chat request, which
// fault (if any) that request gets, and keeps the counters `GET /_sim/stats` reports.
import { z } from 'zod';

export const faultFields = {
  /** Destroy the connection after this many content chunks (streamed requests only). */
  cut: z.int().min(0).optional(),
  /** Stop sending after this many content chunks and hold the connection (streamed requests only). */
  stall: z.int().min(0).optional(),
  /** Answer this HTTP status at once with an OpenAI error body. */
  status: z.int().min(400).max(599).optional(),
  /** Seconds for the Retry-After header (429 always has one, default 1). */
  retryAfter: z.number().min(0).optional(),
  /** Apply to this many matching requests only (default: a queued fault once, a directive always). */
  times: z.int().positive().optional(),
};

export const faultSpecSchema = z
  .strictObject({ ...faultFields, streamOnly: z.boolean().optional() })
  .refine((spec) => spec.cut !== undefined || spec.stall !== undefined || spec.status !== undefined, {
    message: 'a fault needs at least one of cut, stall, status',
  });

export type FaultSpec = z.infer<typeof faultSpecSchema>;

/** The fault one request actually gets. */
export type ActiveFault =
  { kind: 'status'; status: number; retryAfter: number | undefined } | { kind: 'cut' | 'stall'; afterChunks: number };

export interface SimStats {
  requests: number;
  streamed: number;
  faultsInjected: { cut: number; stall: number; status: number };
}

/**
 * What a spec does to one request, or undefined when it does not match it. A status fault matches any
 * request; cut and stall only streamed ones, because a non-streamed call has no chunks to cut. That
 * asymmetry is what lets the service's non-streamed fallback succeed while streams keep failing.
 * When both cut and stall are given, whichever comes first wins.
 */
function faultFor(spec: FaultSpec, streamed: boolean): ActiveFault | undefined {
  if (spec.streamOnly && !streamed) return undefined;
  if (spec.status !== undefined) return { kind: 'status', status: spec.status, retryAfter: spec.retryAfter };
  if (!streamed) return undefined;
  const { cut, stall } = spec;
  if (cut !== undefined && (stall === undefined || cut <= stall)) return { kind: 'cut', afterChunks: cut };
  if (stall !== undefined) return { kind: 'stall', afterChunks: stall };
  return undefined;
}

interface QueuedFault {
  spec: FaultSpec;
  remaining: number;
}

export class FaultBook {
  #queue: QueuedFault[] = [];
  // How many matching requests each exact directive string has faulted, for its `times` limit.
  #directiveUses = new Map<string, number>();
  #stats: SimStats = { requests: 0, streamed: 0, faultsInjected: { cut: 0, stall: 0, status: 0 } };

  /** Queues a harness fault; returns how many queued faults are pending. */
  enqueue(spec: FaultSpec): number {
    this.#queue.push({ spec, remaining: spec.times ?? 1 });
    return this.#queue.length;
  }

  clearQueue(): void {
    this.#queue = [];
  }

  stats(): SimStats {
    return structuredClone(this.#stats);
  }

  /**
   * Counts one chat request and picks its fault: the oldest queued fault that matches it (harness
   * faults apply whatever the prompt says), else the prompt's directive while its `times` lasts.
   * Requests a fault does not match leave its budget untouched.
   */
  decide(streamed: boolean, directive?: { key: string; spec: FaultSpec }): ActiveFault | undefined {
    this.#stats.requests += 1;
    if (streamed) this.#stats.streamed += 1;
    const fault = this.#fromQueue(streamed) ?? (directive && this.#fromDirective(directive, streamed));
    if (fault) this.#stats.faultsInjected[fault.kind] += 1;
    return fault;
  }

  #fromQueue(streamed: boolean): ActiveFault | undefined {
    for (const [index, queued] of this.#queue.entries()) {
      const fault = faultFor(queued.spec, streamed);
      if (!fault) continue;
      queued.remaining -= 1;
      if (queued.remaining <= 0) this.#queue.splice(index, 1);
      return fault;
    }
    return undefined;
  }

  #fromDirective(directive: { key: string; spec: FaultSpec }, streamed: boolean): ActiveFault | undefined {
    const fault = faultFor(directive.spec, streamed);
    if (!fault) return undefined;
    const uses = (this.#directiveUses.get(directive.key) ?? 0) + 1;
    this.#directiveUses.set(directive.key, uses);
    const { times } = directive.spec;
    return times === undefined || uses <= times ? fault : undefined;
  }
}
