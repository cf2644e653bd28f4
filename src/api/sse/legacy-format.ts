import type { FollowerSink } from '../../bus/log-follower.js';
import { dataOnlyFrame, decodeEntry, parseFrames, type SeqEvent } from '../../domain/event-codec.js';

/**
 * The older data-only format of the first product (`data: {"type":"content",…}`), translated from
 * our named events, so clients written for it keep working on the same jobs and logs.
 *
 * Those clients append every `content` to the section being written, keep it on `section_complete`
 * and stop on `complete`; they know no reset, and nothing in the format can take text back. Yet any
 * unfinished section can be thrown away and written again (a cut stream, the fall back to chunked
 * mode, a takeover). So a section's text is held back until it is final: at its `section_end`
 * (checkpointed in Postgres) it is sent whole, heading included, as one `content`, then
 * `section_complete`. Such a client then ends with exactly the stored document, whatever happened on
 * the way; the price is that it sees the draft grow section by section rather than token by token
 * (clients that want tokens use the named events, which have `reset`).
 */
export function legacyTranslation(
  sessionId: string,
  sink: { write(text: string): void; end(): void; fail(e: unknown): void },
): FollowerSink {
  const data = (payload: object) => dataOnlyFrame({ ...payload, sessionId });
  /** Sections already sent: a replayed log (a rebuilt one, or a takeover's repair) never sends one twice. */
  const sent = new Set<number>();
  const translate = (event: SeqEvent): string => {
    switch (event.type) {
      case 'section_end': {
        const { index, title, content } = event;
        if (sent.has(index)) return '';
        // The old clients showed the headings inside the text they concatenated.
        const text = `${sent.size > 0 ? '\n\n' : ''}## ${index}. ${title}\n\n${content}`;
        sent.add(index);
        return (
          data({ type: 'content', content: text }) + data({ type: 'section_complete', section: index, title, content })
        );
      }
      case 'error':
        return data({ type: 'error', error: event.message });
      case 'done':
        return data({ type: 'complete', status: event.status });
      default:
        // section_start, token, reset, status, resync: nothing the held-back format has to say.
        return '';
    }
  };
  return {
    write(frames) {
      let out = '';
      for (const entry of parseFrames(frames)) out += translate(decodeEntry(entry));
      if (out) sink.write(out);
    },
    end: () => sink.end(),
    fail: (error) => sink.fail(error),
  };
}
