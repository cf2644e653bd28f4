import { createParser, type EventSourceMessage } from 'eventsource-parser';

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
  signal?: AbortSignal;
  /** Called with each event as it arrives (a viewer watching a stream that has not ended yet). */
  onEvent?: (event: ReceivedEvent) => void;
}

export interface ReadResult {
  status: number;
  contentType: string | null;
  events: ReceivedEvent[];
  /** True when the server ended the stream (as opposed to us stopping early). */
  ended: boolean;
}

/** The cursor a client resumes from: the id of the newest event that had one (a `resync` may have none). */
export const lastEventId = (events: readonly ReceivedEvent[]) => events.findLast((e) => e.id !== undefined)?.id;

/** Reads an SSE response with eventsource-parser, as an API client would. */
export async function readEvents(url: string, options: ReadOptions = {}): Promise<ReadResult> {
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const response = await fetch(url, {
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    signal,
  });
  const result: ReadResult = {
    status: response.status,
    contentType: response.headers.get('content-type'),
    events: [],
    ended: false,
  };
  if (!response.body || !result.contentType?.startsWith('text/event-stream')) {
    await response.text().catch(() => {});
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
  });
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
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
    if (!stop && !signal.aborted) throw error;
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
