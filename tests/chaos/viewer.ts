import { lastEventId, readEvents, type ReceivedEvent } from '../support/sse-client.js';

export interface ViewerRecord {
  events: ReceivedEvent[];
  reconnects: number;
}

/**
 * A viewer that drops its connection at random and comes back with Last-Event-ID, each time on a
 * random API process, until it has seen the newest `done` of a finished generation.
 */
export async function flakyViewer(
  apiUrls: readonly string[],
  id: string,
  isFinished: () => Promise<boolean>,
  random: () => number,
  deadline: number,
): Promise<ViewerRecord> {
  const record: ViewerRecord = { events: [], reconnects: 0 };
  while (Date.now() < deadline) {
    const api = apiUrls[Math.floor(random() * apiUrls.length)] ?? apiUrls[0];
    const last = lastEventId(record.events);
    const headers: Record<string, string> = last ? { 'last-event-id': last } : {};
    // Mostly short visits, sometimes a long one.
    const stopAfter = random() < 0.2 ? undefined : 5 + Math.floor(random() * 200);
    try {
      const before = record.events.length;
      const part = await readEvents(`${api}/api/generations/${id}/events`, {
        headers,
        stopAfter,
        signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())),
      });
      record.events.push(...part.events);
      if (part.ended && record.events.at(-1)?.event === 'done' && (await isFinished())) return record;
      if (record.events.length === before) await new Promise((r) => setTimeout(r, 100));
    } catch {
      // The connection broke (API or Redis fault): come back like a browser would.
      await new Promise((r) => setTimeout(r, 100));
    }
    record.reconnects += 1;
  }
  return record;
}
