import type { RedisClient } from '../bus/redis-connection.js';
import type { Logger } from 'pino';
import type { EventHub } from '../bus/event-hub.js';
import type { EventLog } from '../bus/event-log.js';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/client.js';
import type { GenerationStore } from '../db/generation-store.js';
import type { GenerationCommands } from '../generations/commands.js';
import type { GenerationQueue } from '../queue/generation-queue.js';
import type { SseResponse, SseResponseOptions } from './sse/sse-response.js';
import type { BatchService } from '../webhooks/batch-service.js';
import type { Metrics } from '../metrics/metrics.js';
import type { SessionTokens } from './middleware/sessions.js';
import type { SuggestionStore } from '../db/suggestion-store.js';
import type { SuggestionCommands } from '../generations/suggestions.js';
import type { SuggestionQueue } from '../queue/suggestion-queue.js';
import type { UsageStore } from '../db/usage-store.js';
import type { PdfRenderer } from '../views/pdf-renderer.js';

/** Everything the HTTP edge uses, built once by the composition root (src/main.ts) or by a test. */
export interface ApiDeps {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  redis: RedisClient;
  store: GenerationStore;
  log: EventLog;
  hub: EventHub;
  queue: GenerationQueue;
  commands: GenerationCommands;
  /** The model's suggestions for drafts at rest: stored ones, and the commands that request, apply, dismiss. */
  suggestions: { store: SuggestionStore; commands: SuggestionCommands; queue: SuggestionQueue };
  sse: SseResponseOptions;
  /** Open event streams of this process. */
  streams: Set<SseResponse>;
  /** Webhook batches: intake, status, callback deliveries (src/webhooks). */
  batches: BatchService;
  /** Prometheus series of this process (src/metrics/metrics.ts), served at /metrics. */
  metrics: Metrics;
  /** What model calls cost: per draft (`usage` of GET /api/generations/:id) and per owner and day. */
  usage: UsageStore;
  /** Signs page sessions and share links with SESSION_SECRET (src/api/middleware/sessions.ts). */
  sessions: SessionTokens;
  /** Lays out PDF downloads on worker threads of this process (src/views/pdf-renderer.ts). */
  pdf: PdfRenderer;
}

export type AppEnv = {
  Bindings: { incoming: import('node:http').IncomingMessage; outgoing: import('node:http').ServerResponse };
};
