// The streamed answer: an SSE body of `chat.completion.chunk`s, one token per chunk, paced at a fixed
// rate, optionally broken off by a cut or stall fault. It is a pull-based ReadableStream, so a slow
// reader applies backpressure, and a reader that goes away (client abort, socket close) cancels it,
// which clears the pending timer and ends all work for the request.
import {
  chunkObject,
  usageChunkObject,
  type CompletionIdentity,
  type FinishReason,
  type Usage,
} from './openai-format.js';

export interface ChatStreamPlan {
  identity: CompletionIdentity;
  /** Content tokens, one per chunk. */
  tokens: readonly string[];
  finishReason: FinishReason;
  /** Tokens per second; 0 sends as fast as the reader takes them. */
  tokensPerSec: number;
  /** Present when the client asked for `stream_options.include_usage`. */
  usage: Usage | undefined;
  fault: { kind: 'cut' | 'stall'; afterChunks: number } | undefined;
  /** Ends the connection abruptly; false when there is no socket (e.g. `app.request()` in tests). */
  cutConnection: () => boolean;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /** Told once how the stream ended and how many content chunks it sent. */
  onEnd?: (end: 'completed' | 'closed' | 'cut', chunksSent: number) => void;
}

// Unpaced streams hand this many chunks to the server per write, then let other work run.
const FAST_BATCH = 256;

const encoder = new TextEncoder();

function sseEvent(data: object | string): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

// One stream's life in one function (pacing, the fault a test asked for, the usage chunk, the end):
// its timers share the state below, which is easier to follow kept together.
export function chatCompletionStream(plan: ChatStreamPlan): ReadableStream<Uint8Array> {
  const { identity, tokens, tokensPerSec, fault } = plan;
  const includeUsage = plan.usage !== undefined;
  // A fault past the end of the text still fires before the end: a cut stream never completes.
  const contentEnd = fault ? Math.min(fault.afterChunks, tokens.length) : tokens.length;
  const stopped = new AbortController();
  let startedAt: number | undefined;
  let next = 0;
  const stop = (end: 'completed' | 'closed' | 'cut' = 'closed') => {
    plan.signal.removeEventListener('abort', onClientGone);
    if (!stopped.signal.aborted) plan.onEnd?.(end, next);
    stopped.abort();
  };
  const onClientGone = () => stop('closed');
  plan.signal.addEventListener('abort', onClientGone, { once: true });

  // Drift-free pacing: token k (0-based) is due at start + (k + 1) / tokensPerSec, whenever the
  // previous write actually happened; a late wake-up sends every token that has fallen due since.
  const dueEnd = (): number => {
    if (tokensPerSec === 0) return Math.min(contentEnd, next + FAST_BATCH);
    const elapsed = performance.now() - (startedAt ?? 0);
    return Math.min(contentEnd, next + FAST_BATCH, Math.floor((elapsed * tokensPerSec) / 1000));
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (startedAt === undefined) {
        startedAt = performance.now();
        controller.enqueue(
          encoder.encode(sseEvent(chunkObject(identity, { role: 'assistant', content: '' }, null, includeUsage))),
        );
        return;
      }

      if (next < contentEnd) {
        let end = dueEnd();
        while (end <= next && !stopped.signal.aborted) {
          const dueAt = (startedAt ?? 0) + ((next + 1) * 1000) / tokensPerSec;
          await sleep(Math.max(1, Math.ceil(dueAt - performance.now())), stopped.signal);
          end = dueEnd();
        }
        if (stopped.signal.aborted) return;
        let batch = '';
        for (; next < end; next++) {
          batch += sseEvent(chunkObject(identity, { content: tokens[next] ?? '' }, null, includeUsage));
        }
        controller.enqueue(encoder.encode(batch));
        if (tokensPerSec === 0) await yieldToEventLoop();
        return;
      }

      if (fault?.kind === 'stall') {
        // Send nothing more, but keep the connection until the client gives up.
        await untilAborted(stopped.signal);
        return;
      }
      if (fault?.kind === 'cut') {
        // One turn of the event loop lets the server write the chunks already handed to it, so the
        // client receives exactly `afterChunks` content chunks before the connection drops.
        await yieldToEventLoop();
        stop('cut');
        if (!plan.cutConnection()) controller.error(new Error('sim: connection cut'));
        return;
      }

      let tail = sseEvent(chunkObject(identity, {}, plan.finishReason, includeUsage));
      if (plan.usage) tail += sseEvent(usageChunkObject(identity, plan.usage));
      tail += sseEvent('[DONE]');
      controller.enqueue(encoder.encode(tail));
      controller.close();
      stop('completed');
    },
    cancel() {
      stop('closed');
    },
  });
}

/** Resolves after `ms`, or at once when `signal` aborts (the timer is cleared, nothing lingers). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
