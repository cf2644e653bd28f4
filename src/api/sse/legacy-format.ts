import type { FollowerSink } from '../../bus/log-follower.js';

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
  const data = (payload: object) => `data: ${JSON.stringify({ ...payload, sessionId })}\n\n`;
  /** Sections already sent: a replayed log (a rebuilt one, or a takeover's repair) never sends one twice. */
  const sent = new Set<number>();
  const translate = (event: string, body: Record<string, unknown>): string => {
    switch (event) {
      case 'section_end': {
        const index = Number(body.index);
        if (sent.has(index)) return '';
        // The old clients showed the headings inside the text they concatenated.
        const text = `${sent.size > 0 ? '\n\n' : ''}## ${index}. ${String(body.title)}\n\n${String(body.content)}`;
        sent.add(index);
        return (
          data({ type: 'content', content: text }) +
          data({ type: 'section_complete', section: index, title: body.title, content: body.content })
        );
      }
      case 'error':
        return data({ type: 'error', error: body.message });
      case 'done':
        return data({ type: 'complete', status: body.status });
      default:
        // section_start, token, reset, status: nothing the held-back format has to say.
        return '';
    }
  };
  return {
    write(frames) {
      let out = '';
      for (const frame of frames.split('\n\n')) {
        if (!frame) continue;
        let event = '';
        let json = '';
        for (const line of frame.split('\n')) {
          if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('data: ')) json = line.slice(6);
        }
        if (event && json) out += translate(event, JSON.parse(json) as Record<string, unknown>);
      }
      if (out) sink.write(out);
    },
    end: () => sink.end(),
    fail: (error) => sink.fail(error),
  };
}
