import { APIError } from 'openai';
import { estimatePromptTokens, estimateTokens, type CallKind, type CallOutcome } from '../domain/model-calls.js';
import type { CallLimits, LlmClient, LlmUsage, StreamEnd } from './llm-client.js';

// A model client that counts what it spends. Built per run (a draft, a rewrite, a review) around the
// process's client, it asks its meter before every call (which refuses once the run's budget is spent:
// src/worker/model-meter.ts keeps the count in Postgres, so no retry, fallback, continuation or job
// attempt escapes it) and tells it what each call cost: the provider's usage, or an estimate when
// there is none (a stream we stopped reading sends none).

/** A call the meter allowed: its id, and the output-token limit it must carry. */
export interface CallReservation {
  id: string;
  /** The call's number within its run, from 1. */
  ordinal: number;
  maxOutputTokens: number;
}

export interface CallCost {
  promptTokens: number;
  completionTokens: number;
  /** No usage came from the provider: the figures are estimateTokens' of the text sent and received. */
  estimated: boolean;
  outcome: CallOutcome;
}

export interface CallMeter {
  /** Reserves the next call, or throws (ModelBudgetExceeded, OwnerCallsPaced) without calling the model. */
  begin(kind: CallKind, promptTokens: number): Promise<CallReservation>;
  /**
   * Records what the call cost, and the error that ended it (the provider's own words go to the log
   * only); once per call, and never throws (the run goes on without the record).
   */
  end(call: CallReservation, kind: CallKind, cost: CallCost, error?: unknown): Promise<void>;
}

/**
 * `inner` with every call metered: streamed calls are of `streamKind` (draft, rewrite, suggestions),
 * non-streamed ones `chunked`.
 */
export function meteredLlm(inner: LlmClient, meter: CallMeter, streamKind: CallKind): LlmClient {
  return {
    async *stream(messages, signal, limits) {
      const promptEstimate = estimatePromptTokens(messages);
      const call = await meter.begin(streamKind, promptEstimate);
      const tally = new CallTally(meter, call, streamKind, promptEstimate);
      // The run may stop reading without closing this generator (it aborts the request instead).
      const onAbort = () => void tally.settle('stopped');
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        const stream = inner.stream(messages, signal, within(limits, call));
        let next = await stream.next();
        for (; !next.done; next = await stream.next()) {
          tally.received(next.value);
          yield next.value;
        }
        await tally.settle('answered', next.value.usage);
        return next.value satisfies StreamEnd;
      } catch (error) {
        await tally.failed(error, signal);
        throw error;
      } finally {
        signal.removeEventListener('abort', onAbort);
        void tally.settle('stopped');
      }
    },
    async complete(messages, signal, limits) {
      const promptEstimate = estimatePromptTokens(messages);
      const call = await meter.begin('chunked', promptEstimate);
      const tally = new CallTally(meter, call, 'chunked', promptEstimate);
      try {
        const result = await inner.complete(messages, signal, within(limits, call));
        tally.received(result.text);
        await tally.settle('answered', result.usage);
        return result;
      } catch (error) {
        await tally.failed(error, signal);
        throw error;
      }
    },
  };
}

const within = (limits: CallLimits | undefined, call: CallReservation): CallLimits => ({
  maxOutputTokens: Math.min(limits?.maxOutputTokens ?? Infinity, call.maxOutputTokens),
});

/** One call's text received so far, told to the meter once, however the call ends. */
class CallTally {
  private chars = 0;
  private settled: Promise<void> | undefined;

  constructor(
    private readonly meter: CallMeter,
    private readonly call: CallReservation,
    private readonly kind: CallKind,
    private readonly promptEstimate: number,
  ) {}

  received(text: string): void {
    this.chars += text.length;
  }

  /** An error ended the call. A provider's error answer before any text costs nothing; else estimated. */
  failed(error: unknown, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return this.settle('stopped');
    const refused = error instanceof APIError && error.status !== undefined && this.chars === 0;
    return this.settle('failed', refused ? { promptTokens: 0, completionTokens: 0 } : undefined, error);
  }

  settle(outcome: CallOutcome, usage?: LlmUsage, error?: unknown): Promise<void> {
    const cost = {
      promptTokens: usage?.promptTokens ?? this.promptEstimate,
      completionTokens: usage?.completionTokens ?? estimateTokens(this.chars),
      estimated: usage === undefined,
      outcome,
    };
    this.settled ??= this.meter.end(this.call, this.kind, cost, error);
    return this.settled;
  }
}
