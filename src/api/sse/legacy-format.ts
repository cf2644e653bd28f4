import type { FollowerSink } from '../../bus/log-follower.js';

/**
 * The older data-only format of the first product (`data: {"type":"content",…}`), translated from
 * our named events, so clients written for it keep working on the same jobs and logs.
 */
export function legacyTranslation(sessionId: string, sink: { write(text: string): void; end(): void; fail(e: unknown): void }): FollowerSink {
  const data = (payload: object) => `data: ${JSON.stringify({ ...payload, sessionId })}\n\n`;
  let sectionsSeen = 0;
  const translate = (event: string, body: Record<string, unknown>): string => {
    switch (event) {
      case 'section_start':
        // The old clients showed the headings inside the text they concatenated.
        return data({ type: 'content', content: `${sectionsSeen++ > 0 ? '\n\n' : ''}## ${body.index}. ${body.title}\n\n` });
      case 'token':
        return data({ type: 'content', content: body.text });
      case 'section_end':
        return data({ type: 'section_complete', section: body.index, title: body.title, content: body.content });
      case 'reset':
        return data({ type: 'reset', section: body.section });
      case 'error':
        return data({ type: 'error', error: body.message });
      case 'done':
        return data({ type: 'complete', status: body.status });
      default:
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
