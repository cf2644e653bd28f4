import type { Logger } from 'pino';
import { EventHub } from './bus/event-hub.js';
import { EventLog, type EventLogOptions } from './bus/event-log.js';
import { connectRedis, type RedisClient, type RedisTarget } from './bus/redis-connection.js';
import type { Config } from './config.js';
import { connectDatabase, type DatabaseHandle } from './db/client.js';
import { GenerationStore } from './db/generation-store.js';
import { sharedSecret } from './db/shared-secrets.js';
import { SuggestionStore } from './db/suggestion-store.js';
import { GenerationCommands } from './generations/commands.js';
import { createLlmClient } from './llm/llm-client.js';
import { createGenerationQueue } from './queue/generation-queue.js';
import { createSuggestionQueue } from './queue/suggestion-queue.js';
import { SuggestionCommands } from './generations/suggestions.js';
import type { ApiDeps } from './api/deps.js';
import type { WorkerDeps } from './worker/index.js';
import { createBatchService, type BatchWorkerDeps } from './webhooks/index.js';
import { apiMetricsSource } from './api/metrics-source.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { generationRecoveryPass, type RecoverySettings } from './generations/reconciler.js';
import type { ReconcilerDeps } from './worker/reconciler.js';
import { batchRecoveryPass, BatchQueues, BatchStore } from './webhooks/index.js';
import { SessionTokens } from './api/middleware/sessions.js';
import { UsageStore } from './db/usage-store.js';
import { modelCallRate } from './bus/call-rate.js';
import { ModelMeters, type MeterSettings } from './worker/model-meter.js';
import { PdfRenderer } from './views/pdf-renderer.js';

// Builds the services of a process from its config. Used by src/main.ts and by the tests, so both
// run the same wiring.

export function eventLogOptions(config: Config): EventLogOptions {
  return { prefix: config.REDIS_PREFIX, ttlSec: config.EVENT_LOG_TTL_SEC, maxAgeSec: config.EVENT_LOG_MAX_AGE_SEC };
}

/** The Postgres store of generations, with the config's version cap. */
export function generationStore(config: Config, connections: Pick<Connections, 'database'>): GenerationStore {
  return new GenerationStore(connections.database.db, { versionsMax: config.SECTION_VERSIONS_MAX });
}

export interface Connections {
  database: DatabaseHandle;
  /** Commands: event appends, log reads, the queue's non-blocking calls. */
  redis: RedisClient;
  /** Subscriber mode: live events (API) or stop requests (worker). */
  subscriber: RedisClient;
  /**
   * A worker's event appends: auto-pipelined, so the appends of many generations made in one turn
   * of the event loop share one write. Kept apart from BullMQ's connection. Connects on first use.
   */
  appends: RedisClient;
  /**
   * The process's Prometheus registry: one per process, so `npm start` (API and worker built on the
   * same connections) serves everything at one /metrics, and each process of a test has its own.
   */
  metrics: Metrics;
  close(): Promise<void>;
}

/**
 * How long an API process's Redis command may wait (for a reconnect, during an outage) before the
 * request answers 503: long enough to ride out a blip, short enough for a client to be told to retry.
 * Workers have no such ceiling: their appends wait for Redis to come back (BullMQ blocks on it anyway).
 */
export const API_REDIS_COMMAND_TIMEOUT_MS = 5_000;

/** A single node (REDIS_URL) or, when REDIS_CLUSTER_NODES is set, a cluster. */
export const redisTarget = (config: Config): RedisTarget => ({
  url: config.REDIS_URL,
  clusterNodes: config.REDIS_CLUSTER_NODES,
});

export function openConnections(
  config: Config,
  name: string,
  options: { role?: 'api' | 'worker' | 'all' } = {},
): Connections {
  const database = connectDatabase(config.DATABASE_URL, { name });
  const target = redisTarget(config);
  const commandTimeoutMs = options.role === 'api' ? API_REDIS_COMMAND_TIMEOUT_MS : undefined;
  const redis = connectRedis(target, { name, commandTimeoutMs });
  const subscriber = connectRedis(target, { name: `${name}-sub`, subscriber: true });
  const appends = connectRedis(target, { name: `${name}-appends`, autoPipelining: true, lazyConnect: true });
  for (const connection of [redis, subscriber, appends]) connection.on('error', () => {});
  return {
    database,
    redis,
    subscriber,
    appends,
    metrics: createMetrics(),
    async close() {
      redis.disconnect();
      subscriber.disconnect();
      appends.disconnect();
      await database.close();
    },
  };
}

/**
 * The API's services. Async for one read: without SESSION_SECRET, the session secret every API
 * process shares is kept in Postgres (made by the first process that asks).
 */
export async function buildApiDeps(config: Config, logger: Logger, connections: Connections): Promise<ApiDeps> {
  const sessionSecret = config.SESSION_SECRET ?? (await sharedSecret(connections.database.db, 'session'));
  const store = generationStore(config, connections);
  const log = new EventLog(connections.redis, eventLogOptions(config));
  const queue = createGenerationQueue(connections.redis, config.REDIS_PREFIX);
  const commands = new GenerationCommands({ store, log, queue, redis: connections.redis, prefix: config.REDIS_PREFIX });
  const suggestionStore = new SuggestionStore(connections.database.db);
  const suggestionQueue = createSuggestionQueue(connections.redis, config.REDIS_PREFIX);
  const suggestionDeps = { store, suggestions: suggestionStore, log, queue: suggestionQueue, commands };
  const deps: ApiDeps = {
    config,
    logger,
    database: connections.database,
    redis: connections.redis,
    store,
    log,
    hub: new EventHub(connections.subscriber, config.REDIS_PREFIX, { currentSeq: (id) => log.currentSeq(id) }),
    queue,
    commands,
    suggestions: { store: suggestionStore, commands: new SuggestionCommands(suggestionDeps), queue: suggestionQueue },
    sse: { heartbeatMs: config.SSE_HEARTBEAT_MS, maxBufferBytes: config.SSE_MAX_BUFFER_BYTES, retryMs: 1000 },
    streams: new Set(),
    batches: createBatchService({ config, logger, redis: connections.redis, db: connections.database.db, log }),
    metrics: connections.metrics,
    usage: new UsageStore(connections.database.db),
    sessions: new SessionTokens(sessionSecret, config.SESSION_TTL_HOURS * 3600),
    pdf: new PdfRenderer(),
  };
  deps.metrics.bindApi(apiMetricsSource(deps));
  return deps;
}

/** The batch (flow parent) and callback workers of a worker process (src/webhooks). */
export function buildBatchWorkerDeps(config: Config, logger: Logger, connections: Connections): BatchWorkerDeps {
  const { metrics } = connections;
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
    metrics: connections.metrics,
    store: generationStore(config, connections),
    suggestions: new SuggestionStore(connections.database.db),
    logOptions: eventLogOptions(config),
    llm: createLlmClient({
      apiKey: config.OPENAI_API_KEY,
      baseURL: config.llmBaseUrl,
      model: config.OPENAI_MODEL,
      timeoutMs: config.LLM_TIMEOUT_MS,
      temperature: config.OPENAI_TEMPERATURE,
      maxOutputTokens: config.OPENAI_MAX_OUTPUT_TOKENS,
    }),
    meters: new ModelMeters({
      usage: new UsageStore(connections.database.db),
      callRate: modelCallRate(connections.redis, config.REDIS_PREFIX, config.RATE_LIMIT_PER_MIN),
      metrics: connections.metrics,
      settings: meterSettings(config),
    }),
  };
}

/** The budgets of model calls and tokens, from the config (README: Configuration). */
export function meterSettings(config: Config): MeterSettings {
  return {
    model: config.OPENAI_MODEL,
    budgets: {
      draft: { calls: config.MODEL_CALLS_PER_DRAFT, outputTokens: config.OUTPUT_TOKENS_PER_DRAFT },
      rewrite: { calls: config.MODEL_CALLS_PER_REWRITE, outputTokens: config.OUTPUT_TOKENS_PER_REWRITE },
      review: { calls: config.MODEL_CALLS_PER_REVIEW, outputTokens: config.OUTPUT_TOKENS_PER_REVIEW },
    },
    tokensPerDay: config.TOKEN_BUDGET_PER_DAY,
  };
}

/** The reconciler of a worker process: its passes over generations and webhook batches. */
export function buildReconcilerDeps(config: Config, logger: Logger, connections: Connections): ReconcilerDeps {
  const settings: RecoverySettings = {
    prefix: config.REDIS_PREFIX,
    graceMs: config.RECONCILE_GRACE_MS,
    maxRecoveries: config.RECONCILE_MAX_RECOVERIES,
    limit: 500,
  };
  const store = generationStore(config, connections);
  const log = new EventLog(connections.redis, eventLogOptions(config));
  const queue = createGenerationQueue(connections.redis, config.REDIS_PREFIX);
  const batchQueues = new BatchQueues(connections.redis, config.REDIS_PREFIX, config.CALLBACK_RETRY_DELAYS_MS);
  const batchDeps = {
    store: new BatchStore(connections.database.db),
    queues: batchQueues,
    generationQueue: queue,
    logger,
  };
  return {
    database: connections.database,
    logger,
    prefix: config.REDIS_PREFIX,
    intervalMs: config.RECONCILE_INTERVAL_MS,
    passes: [generationRecoveryPass({ store, log, queue, logger }, settings), batchRecoveryPass(batchDeps, settings)],
    owned: [queue, batchQueues],
  };
}
