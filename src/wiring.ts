import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { EventHub } from './bus/event-hub.js';
import { EventLog, type EventLogOptions } from './bus/event-log.js';
import type { Config } from './config.js';
import { connectDatabase, type DatabaseHandle } from './db/client.js';
import { GenerationStore } from './db/generation-store.js';
import { GenerationCommands } from './generations/commands.js';
import { createLlmClient } from './llm/llm-client.js';
import { createGenerationQueue } from './queue/generation-queue.js';
import type { ApiDeps } from './api/deps.js';
import type { WorkerDeps } from './worker/index.js';
import { createBatchService, type BatchWorkerDeps } from './webhooks/index.js';
import { apiMetricsSource } from './api/metrics-source.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { SessionTokens } from './api/middleware/sessions.js';
import { keyId } from './domain/owners.js';
import { SESSION_TTL_SEC } from './api/middleware/callers.js';

// Builds the services of a process from its config. Used by src/main.ts and by the tests, so both
// run the same wiring.

/** A document is a few thousand events at most; the cap only guards Redis against a runaway run. */
const LOG_MAX_EVENTS = 100_000;

export function eventLogOptions(config: Config): EventLogOptions {
  return { prefix: config.REDIS_PREFIX, maxLen: LOG_MAX_EVENTS, ttlSec: config.EVENT_LOG_TTL_SEC };
}

export interface Connections {
  database: DatabaseHandle;
  /** Commands: event appends, log reads, the queue's non-blocking calls. */
  redis: Redis;
  /** Subscriber mode: live events (API) or stop requests (worker). */
  subscriber: Redis;
  /**
   * A worker's event appends: auto-pipelined, so the appends of many generations made in one turn
   * of the event loop share one write. Kept apart from BullMQ's connection. Connects on first use.
   */
  appends: Redis;
  close(): Promise<void>;
}

export function openConnections(config: Config, name: string): Connections {
  const database = connectDatabase(config.DATABASE_URL, { name });
  // maxRetriesPerRequest null: during a Redis outage commands wait for the reconnect instead of failing.
  const redis = new Redis(config.REDIS_URL, { connectionName: `${name}`, maxRetriesPerRequest: null });
  const subscriber = new Redis(config.REDIS_URL, { connectionName: `${name}-sub`, maxRetriesPerRequest: null });
  const appends = new Redis(config.REDIS_URL, {
    connectionName: `${name}-appends`,
    maxRetriesPerRequest: null,
    enableAutoPipelining: true,
    lazyConnect: true,
  });
  for (const connection of [redis, subscriber, appends]) connection.on('error', () => {});
  return {
    database,
    redis,
    subscriber,
    appends,
    async close() {
      redis.disconnect();
      subscriber.disconnect();
      appends.disconnect();
      await database.close();
    },
  };
}

// One metrics registry per process: keyed by its connections, so `npm start` (API and worker built
// on the same connections) serves everything at one /metrics, and each process of a test has its own.
const registries = new WeakMap<Connections, Metrics>();
export function metricsFor(connections: Connections): Metrics {
  let metrics = registries.get(connections);
  if (!metrics) registries.set(connections, (metrics = createMetrics()));
  return metrics;
}

export function buildApiDeps(config: Config, logger: Logger, connections: Connections): ApiDeps {
  const store = new GenerationStore(connections.database.db);
  const log = new EventLog(connections.redis, eventLogOptions(config));
  const queue = createGenerationQueue(connections.redis, config.REDIS_PREFIX);
  const deps: ApiDeps = {
    config,
    logger,
    database: connections.database,
    redis: connections.redis,
    store,
    log,
    hub: new EventHub(connections.subscriber, config.REDIS_PREFIX, { currentSeq: (id) => log.currentSeq(id) }),
    queue,
    commands: new GenerationCommands({ store, log, queue, redis: connections.redis, prefix: config.REDIS_PREFIX }),
    sse: { heartbeatMs: config.SSE_HEARTBEAT_MS, maxBufferBytes: config.SSE_MAX_BUFFER_BYTES, retryMs: 1000 },
    streams: new Set(),
    batches: createBatchService({ config, logger, redis: connections.redis, db: connections.database.db, log }),
    metrics: metricsFor(connections),
    // Without API_KEYS the secret may be left out: anonymous sessions then last as long as the process.
    sessions: new SessionTokens(config.SESSION_SECRET ?? SessionTokens.randomSecret(), config.API_KEYS.map(keyId), SESSION_TTL_SEC),
  };
  deps.metrics.bindApi(apiMetricsSource(deps));
  return deps;
}

/** The batch (flow parent) and callback workers of a worker process (src/webhooks). */
export function buildBatchWorkerDeps(config: Config, logger: Logger, connections: Connections): BatchWorkerDeps {
  const metrics = metricsFor(connections);
  return {
    config,
    logger,
    connection: connections.redis,
    db: connections.database.db,
    onDelivery: (event) => metrics.recordWebhookDelivery(event.outcome),
  };
}

export function buildWorkerDeps(config: Config, logger: Logger, connections: Connections): WorkerDeps {
  return {
    config,
    logger,
    bullConnection: connections.redis,
    redis: connections.appends,
    subscriber: connections.subscriber,
    metrics: metricsFor(connections),
    store: new GenerationStore(connections.database.db),
    logOptions: eventLogOptions(config),
    llm: createLlmClient({
      apiKey: config.OPENAI_API_KEY,
      baseURL: config.llmBaseUrl,
      model: config.OPENAI_MODEL,
      timeoutMs: config.LLM_TIMEOUT_MS,
    }),
  };
}
