import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { TimeoutError } from '../../src/util/errors.js';
import { withTimeout } from '../../src/util/with-timeout.js';

export interface ReceivedEvent {
  id: string | undefined;
  event: string;
  data: Record<string, unknown>;
  /** performance.now() when the client parsed it. */
  receivedAt: number;
}

export interface ReadOptions {
  headers?: Record<string, string>;
  method?: string;
  body?: string;
  /** Stop reading (abort the connection) after this many events. */
  stopAfter?: number;
  /** Stop reading after this many heartbeat comments (a stream with nothing to send). */
  stopAfterPings?: number;
  signal?: AbortSignal;
  /** Called with each event as it arrives (a viewer watching a stream that has not ended yet). */
  onEvent?: (event: ReceivedEvent) => void;
  /**
   * The longest wait for the response's head, and then for each next piece of the stream (an event or
   * a heartbeat comment), before the read fails with the connection's story. The server sends one or
   * the other within its heartbeat interval (SSE_HEARTBEAT_MS, 15 s in tests unless set), or closes.
   */
  readTimeoutMs?: number;
}

/** Past the tests' heartbeat interval (15 s) with room for a loaded machine. */
const DEFAULT_READ_TIMEOUT_MS = 40_000;

export interface ReadResult {
  status: number;
  contentType: string | null;
  events: ReceivedEvent[];
  /**
   * True when the server ended the stream (as opposed to us stopping early), or answered 204: there
   * is nothing after the cursor (a run that ended at it).
   */
  ended: boolean;
  /** Heartbeat comments received. */
  pings: number;
}

/** The cursor a client resumes from: the id of the newest event that had one (a `resync` may have none). */
export const lastEventId = (events: readonly ReceivedEvent[]) => events.findLast((e) => e.id !== undefined)?.id;

/** A read that waited past its bound: the connection's story, to tell a hang from a slow test. */
class StalledStreamError extends Error {
  override name = 'StalledStreamError';
}

/** Rejects with the story `describe()` tells once `ms` pass without `work` settling. */
function bounded<T>(work: Promise<T>, ms: number, onStall: () => void, describe: () => string): Promise<T> {
  return withTimeout(work, ms, 'read').catch((error: unknown) => {
    if (!(error instanceof TimeoutError)) throw error;
    onStall();
    throw new StalledStreamError(describe());
  });
}

/**
 * The next piece of a raw stream, within `ms` (the tests' default bound unless given): a test that
 * reads a stream by hand waits no longer than `readEvents` does, and says what it was reading.
 */
export function readWithin(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  what: string,
  ms = DEFAULT_READ_TIMEOUT_MS,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  return bounded(
    reader.read(),
    ms,
    () => void reader.cancel().catch(() => {}),
    () => `stream stalled: nothing for ${ms} ms while reading ${what}`,
  );
}

/**
 * Reads an SSE response with eventsource-parser, as an API client would. Every wait (the response's
 * head, then each read) has its own bound, so a connection that neither sends nor closes fails fast
 * with what it had received, not at the test's timeout.
 */
export async function readEvents(url: string, options: ReadOptions = {}): Promise<ReadResult> {
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const boundMs = options.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
  const openedAt = performance.now();
  let lastByteAt = openedAt;
  let stage = 'waiting for the response head';
  const result: ReadResult = { status: 0, contentType: null, events: [], ended: false, pings: 0 };
  const story = () => {
    const cursor = options.headers?.['last-event-id'] ?? new URL(url).searchParams.get('after') ?? 'none';
    const last = result.events.at(-1);
    return (
      `stream stalled: nothing for ${boundMs} ms while ${stage}: ${options.method ?? 'GET'} ${url}, cursor ${cursor}, ` +
      `status ${result.status || 'none'}, ${result.events.length} events received (last seq ${lastEventId(result.events) ?? 'none'}, ` +
      `last event ${last?.event ?? 'none'}), ${result.pings} pings, last byte ${Math.round(lastByteAt - openedAt)} ms ` +
      `after opening, ${Math.round(performance.now() - openedAt)} ms open`
    );
  };
  const response = await bounded(
    fetch(url, { method: options.method ?? 'GET', headers: options.headers, body: options.body, signal }),
    boundMs,
    () => controller.abort(),
    story,
  );
  result.status = response.status;
  result.contentType = response.headers.get('content-type');
  if (!response.body || !result.contentType?.startsWith('text/event-stream')) {
    await response.text().catch(() => {});
    result.ended = response.status === 204;
    return result;
  }
  let stop = false;
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      if (stop) return;
      const event: ReceivedEvent = {
        id: message.id,
        event: message.event ?? 'message',
        data: JSON.parse(message.data) as Record<string, unknown>,
        receivedAt: performance.now(),
      };
      result.events.push(event);
      options.onEvent?.(event);
      if (options.stopAfter !== undefined && result.events.length >= options.stopAfter) stop = true;
    },
    onComment() {
      result.pings += 1;
      if (options.stopAfterPings !== undefined && result.pings >= options.stopAfterPings) stop = true;
    },
  });
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  stage = 'reading the stream';
  try {
    for (;;) {
      const { done, value } = await bounded(reader.read(), boundMs, () => controller.abort(), story);
      lastByteAt = performance.now();
      if (done) {
        result.ended = true;
        break;
      }
      parser.feed(decoder.decode(value, { stream: true }));
      if (stop) {
        controller.abort();
        break;
      }
    }
  } catch (error) {
    if (error instanceof StalledStreamError || (!stop && !signal.aborted)) throw error;
  }
  return result;
}

export interface Reconstructed {
  sections: Map<number, { title: string; text: string; content?: string }>;
  /** Seqs received, since the last `resync` (which starts them again). */
  seqs: number[];
  finalStatus: string | undefined;
  /** `resync` events received (the log was lost and rebuilt, or the cursor was past its end). */
  resyncs: number;
}

/**
 * Applies events the way DESIGN's invariant 2 describes a client: tokens append to their section,
 * `reset` drops a section's unfinished text, `section_end` carries the content, and `resync` drops
 * everything (what follows rebuilds the document).
 */
export function reconstruct(events: readonly ReceivedEvent[]): Reconstructed {
  const sections: Reconstructed['sections'] = new Map();
  let seqs: number[] = [];
  let finalStatus: string | undefined;
  let resyncs = 0;
  for (const { event, data } of events) {
    if (event === 'resync') {
      resyncs += 1;
      sections.clear();
      seqs = (data.seq as number) > 0 ? [data.seq as number] : [];
      continue;
    }
    seqs.push(data.seq as number);
    switch (event) {
      case 'section_start':
        sections.set(data.index as number, { title: data.title as string, text: '' });
        break;
      case 'token': {
        const section = sections.get(data.section as number);
        if (!section) throw new Error(`token for section ${String(data.section)} before its start`);
        section.text += data.text as string;
        break;
      }
      case 'reset': {
        const section = sections.get(data.section as number);
        if (section) {
          section.text = '';
          delete section.content;
        }
        break;
      }
      case 'section_end':
        sections.set(data.index as number, {
          title: data.title as string,
          text: sections.get(data.index as number)?.text ?? '',
          content: data.content as string,
        });
        break;
      case 'done':
        finalStatus = data.status as string;
        break;
    }
  }
  return { sections, seqs, finalStatus, resyncs };
}

/** What every viewer gets when a section's text is replaced at rest (an edit, a restore): see replaceSection. */
export const REPLACED_SECTION_EVENTS = ['reset', 'section_start', 'token', 'section_end', 'status', 'done'];
