import type { EventHub } from '../bus/event-hub.js';
import type { DatabaseHandle } from '../db/client.js';
import type { GenerationQueue } from '../queue/generation-queue.js';
import type { ApiMetricsSource } from '../metrics/metrics.js';
import { OPEN_STATUSES } from '../domain/statuses.js';

/** What an API process's scrape reads: its open streams, and the shared queue and Postgres. */
export function apiMetricsSource(api: {
  streams: { size: number };
  hub: EventHub;
  queue: GenerationQueue;
  database: DatabaseHandle;
}): ApiMetricsSource {
  return {
    openStreams: () => api.streams.size,
    viewedGenerations: () => api.hub.channelCount,
    queueCounts: () =>
      api.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized', 'waiting-children'),
    // Open generations only: the partial index generations_open_quota_idx holds exactly those rows,
    // so a scrape costs about as much as the work in flight, never a scan of every draft ever made.
    generationCounts: () =>
      api.database.sql<{ status: string; mode: string; n: number }[]>`
        select status, mode, count(*)::int as n from generations
        where status in ${api.database.sql(OPEN_STATUSES)} group by status, mode`.then((rows) => [...rows]),
  };
}
