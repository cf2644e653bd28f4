import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DELIVERY_OUTCOMES, type DeliveryOutcome } from '../domain/batches.js';
import { GENERATION_MODES, OPEN_STATUSES } from '../domain/statuses.js';
import { BUDGETS, type CallKind, type CallOutcome } from '../domain/model-calls.js';
import { DROP_REASONS } from '../domain/suggestion-reader.js';
import { withTimeout } from '../util/with-timeout.js';

// The Prometheus series of the service. One `Metrics` per process (API and worker share it when they
// run in one process), passed down through deps like any other service; nothing here is global.
//
// Where each series is measured, and why there:
// - generations by status and mode: read from Postgres on scrape (see ApiMetricsSource). The row is
//   the truth, it is the same for every process, survives restarts, and needs no hook in each of the
//   places a status changes (API commands, workers, webhooks).
// - queue jobs: BullMQ's counts, on scrape.
// - SSE connections: the API's set of open streams, on scrape.
// - tokens relayed, relay latency: the API's subscriber connection (src/metrics/relay-observer.ts).
// - tokens appended, time to first token, fallbacks, takeovers, run outcomes: the worker, as they happen.
// - webhook deliveries: whoever delivers them, through `webhookDeliveries`.
// - model calls and their tokens, budgets spent, suggestions dropped: the worker, as each call ends
//   (src/worker/model-meter.ts); per draft and per owner they are in Postgres (`usage`).

/** Outcomes of one worker turn at a generation (`processGeneration`'s result, or an error). */
const RUN_OUTCOMES = ['completed', 'failed', 'stopped', 'skipped', 'error'] as const;
type RunOutcome = (typeof RUN_OUTCOMES)[number];

/** What an API process lets the scrape read: its own streams, and the shared queue and database. */
export interface ApiMetricsSource {
  /** Open event streams of this process. */
  openStreams(): number;
  /** Generations with at least one viewer in this process. */
  viewedGenerations(): number;
  queueCounts(): Promise<Record<string, number>>;
  generationCounts(): Promise<{ status: string; mode: string; n: number }[]>;
}

const QUEUE_STATES = [
  'waiting',
  'active',
  'delayed',
  'failed',
  'completed',
  'prioritized',
  'waiting-children',
] as const;
const SCRAPE_TIMEOUT_MS = 1000;

interface SourceSnapshot {
  /** Undefined when Postgres could not be read in time. */
  generations?: { status: string; mode: string; n: number }[];
  /** Undefined when the queue could not be read in time. */
  queue?: Record<string, number>;
}

async function readSources(source: ApiMetricsSource | undefined): Promise<SourceSnapshot> {
  if (!source) return {};
  const [generations, queue] = await Promise.allSettled([
    withTimeout(source.generationCounts(), SCRAPE_TIMEOUT_MS, 'metrics scrape'),
    withTimeout(source.queueCounts(), SCRAPE_TIMEOUT_MS, 'metrics scrape'),
  ]);
  return {
    ...(generations.status === 'fulfilled' ? { generations: generations.value } : {}),
    ...(queue.status === 'fulfilled' ? { queue: queue.value } : {}),
  };
}

/**
 * The scrape's view of an API process (set by bindApi): Postgres and BullMQ are read once per scrape,
 * shared by the gauges that show them (prom-client collects them concurrently, so each awaits the same read).
 */
class ScrapeSource {
  source: ApiMetricsSource | undefined;
  private reading: Promise<SourceSnapshot> | undefined;

  snapshot(): Promise<SourceSnapshot> {
    this.reading ??= readSources(this.source).finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }
}

/**
 * Series an API process reads at scrape time: generations and queue jobs (shared), its own streams.
 * A list of declarations (each a name, a help text and how it is read), long only by their number.
 */
function scrapeSeries(registry: Registry, scrape: ScrapeSource) {
  return {
    sourceUp: new Gauge({
      name: 'cg_metrics_source_up',
      help: 'Whether the scrape could read a source (postgres, queue): 1 yes, 0 no',
      labelNames: ['source'] as const,
      registers: [registry],
      async collect() {
        if (!scrape.source) return;
        const snap = await scrape.snapshot();
        this.set({ source: 'postgres' }, snap.generations ? 1 : 0);
        this.set({ source: 'queue' }, snap.queue ? 1 : 0);
      },
    }),

    generations: new Gauge({
      name: 'cg_generations',
      help: 'Open generations (queued, streaming, chunked, paused) by status and mode, counted in Postgres at scrape time (the same in every API process)',
      labelNames: ['status', 'mode'] as const,
      registers: [registry],
      async collect() {
        if (!scrape.source) return;
        const { generations } = await scrape.snapshot();
        this.reset();
        if (!generations) return;
        for (const status of OPEN_STATUSES) for (const mode of GENERATION_MODES) this.set({ status, mode }, 0);
        for (const row of generations) this.set({ status: row.status, mode: row.mode }, row.n);
      },
    }),

    queueJobs: new Gauge({
      name: 'cg_queue_jobs',
      help: 'Jobs of the generation queue by state (waiting, active, failed, ...), read from BullMQ at scrape time',
      labelNames: ['state'] as const,
      registers: [registry],
      async collect() {
        if (!scrape.source) return;
        const { queue } = await scrape.snapshot();
        this.reset();
        if (!queue) return;
        for (const state of QUEUE_STATES) this.set({ state }, queue[state] ?? 0);
      },
    }),

    sseConnections: new Gauge({
      name: 'cg_sse_connections',
      help: 'Event streams (SSE) open on this API process',
      registers: [registry],
      collect() {
        if (scrape.source) this.set(scrape.source.openStreams());
      },
    }),

    viewedGenerations: new Gauge({
      name: 'cg_sse_viewed_generations',
      help: 'Generations with at least one viewer on this API process (subscribed channels)',
      registers: [registry],
      collect() {
        if (scrape.source) this.set(scrape.source.viewedGenerations());
      },
    }),
  };
}

/** The API's relay of live events to its viewers (src/metrics/relay-observer.ts). */
function relaySeries(registry: Registry) {
  return {
    tokensRelayed: new Counter({
      name: 'cg_tokens_relayed_total',
      help: 'Token events this API process received live for its viewers (once per process, whatever the number of viewers)',
      registers: [registry],
    }),

    relayLatency: new Histogram({
      name: 'cg_relay_latency_seconds',
      help: 'Time from the append of a batch of events in Redis to its delivery to the viewers of this API process',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
}

/** Worker runs as they happen: tokens, first token, fallbacks, takeovers, outcomes; webhook deliveries. */
function workerSeries(registry: Registry) {
  return {
    tokensAppended: new Counter({
      name: 'cg_tokens_appended_total',
      help: 'Token events workers of this process took from the model stream and appended to event logs (before coalescing)',
      registers: [registry],
    }),

    timeToFirstToken: new Histogram({
      name: 'cg_time_to_first_token_seconds',
      help: "Time from the start of a worker's run of a generation to the first token of the model's stream",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32],
      registers: [registry],
    }),

    fallbacks: new Counter({
      name: 'cg_fallbacks_total',
      help: 'Runs that switched from streaming to chunked mode after their stream attempts failed',
      registers: [registry],
    }),

    takeovers: new Counter({
      name: 'cg_takeovers_total',
      help: 'Job attempts that re-ran a generation whose previous attempt stalled (worker lost or killed) or failed',
      labelNames: ['cause'] as const,
      registers: [registry],
    }),

    runs: new Counter({
      name: 'cg_worker_runs_total',
      help: 'Worker turns at a generation by outcome (error: the attempt threw and BullMQ retries it)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),

    webhookDeliveries: new Counter({
      name: 'cg_webhook_deliveries_total',
      help: 'Batch callback delivery attempts by outcome: delivered, retry (another attempt scheduled), failed (no attempt left), gone (410), refused (address not allowed)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
  };
}

/** Model calls and their tokens, budgets spent, suggestions dropped (src/worker/model-meter.ts). */
function modelSeries(registry: Registry) {
  return {
    modelCalls: new Counter({
      name: 'cg_model_calls_total',
      help: 'Model calls made by workers of this process, by model, kind (draft, chunked, rewrite, suggestions) and outcome (answered, failed, stopped)',
      labelNames: ['model', 'kind', 'outcome'] as const,
      registers: [registry],
    }),

    modelTokens: new Counter({
      name: 'cg_model_tokens_total',
      help: 'Tokens of the model calls made by workers of this process, by model, kind, type (prompt, completion) and source (reported by the provider, or estimated when it reported none)',
      labelNames: ['model', 'kind', 'type', 'source'] as const,
      registers: [registry],
    }),

    budgetsExhausted: new Counter({
      name: 'cg_model_budget_exhausted_total',
      help: "Model calls refused because a budget was spent: a run's calls or output tokens, or an owner's daily tokens",
      labelNames: ['budget'] as const,
      registers: [registry],
    }),

    suggestionsDropped: new Counter({
      name: 'cg_suggestions_dropped_total',
      help: "Objects in a model's suggestions answer that were dropped, by reason (malformed, invalid, other_section)",
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
  };
}

/** The HTTP edge: refusals by limit, requests and their durations. */
function httpSeries(registry: Registry) {
  return {
    rateLimited: new Counter({
      name: 'cg_rate_limited_total',
      help: 'Requests refused with 429, by limit (per_minute, open_generations, streams, tokens_per_day, edits_per_minute, edits_per_day)',
      labelNames: ['limit'] as const,
      registers: [registry],
    }),

    httpRequests: new Counter({
      name: 'cg_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),

    httpDuration: new Histogram({
      name: 'cg_http_request_duration_seconds',
      help: 'Time to produce the response head, by method and route pattern (for event streams: time to the stream start)',
      labelNames: ['method', 'route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  };
}

type Series = ReturnType<typeof scrapeSeries> &
  ReturnType<typeof relaySeries> &
  ReturnType<typeof workerSeries> &
  ReturnType<typeof modelSeries> &
  ReturnType<typeof httpSeries>;

/** What the worker and webhook code report through, in words of what happened. */
function recorders(series: Series) {
  return {
    /** Counts one webhook delivery attempt; call it from the webhook delivery code. */
    recordWebhookDelivery(outcome: DeliveryOutcome): void {
      series.webhookDeliveries.inc({ outcome });
    },

    /** The start of one worker run: returns what the run reports as it goes. */
    startRun() {
      const startedAt = performance.now();
      let firstToken = true;
      return {
        /** One token event from the model stream. */
        token(): void {
          series.tokensAppended.inc();
          if (firstToken) {
            firstToken = false;
            series.timeToFirstToken.observe((performance.now() - startedAt) / 1000);
          }
        },
        fallback(): void {
          series.fallbacks.inc();
        },
      };
    },

    /** A job attempt begins: counts it as a takeover when an earlier attempt stalled or failed. */
    jobStarted(job: { attemptsMade: number; stalledCounter?: number }): void {
      if ((job.stalledCounter ?? 0) > 0) series.takeovers.inc({ cause: 'stalled' });
      else if (job.attemptsMade > 0) series.takeovers.inc({ cause: 'retry' });
    },

    runEnded(outcome: RunOutcome): void {
      series.runs.inc({ outcome });
    },

    /** One model call ended: counts it and its tokens. */
    modelCallEnded(call: {
      model: string;
      kind: CallKind;
      outcome: CallOutcome;
      promptTokens: number;
      completionTokens: number;
      estimated: boolean;
    }): void {
      const { model, kind } = call;
      const source = call.estimated ? 'estimated' : 'reported';
      series.modelCalls.inc({ model, kind, outcome: call.outcome });
      series.modelTokens.inc({ model, kind, type: 'prompt', source }, call.promptTokens);
      series.modelTokens.inc({ model, kind, type: 'completion', source }, call.completionTokens);
    },
  };
}

/** Series that exist from the first scrape, so dashboards and rate() see them before the first event. */
function startAtZero(series: Series): void {
  for (const outcome of DELIVERY_OUTCOMES) series.webhookDeliveries.inc({ outcome }, 0);
  for (const outcome of RUN_OUTCOMES) series.runs.inc({ outcome }, 0);
  for (const cause of ['stalled', 'retry']) series.takeovers.inc({ cause }, 0);
  for (const limit of ['per_minute', 'open_generations', 'tokens_per_day', 'edits_per_minute', 'edits_per_day'])
    series.rateLimited.inc({ limit }, 0);
  for (const budget of BUDGETS) series.budgetsExhausted.inc({ budget }, 0);
  for (const reason of DROP_REASONS) series.suggestionsDropped.inc({ reason }, 0);
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const scrape = new ScrapeSource();
  const series: Series = {
    ...scrapeSeries(registry, scrape),
    ...relaySeries(registry),
    ...workerSeries(registry),
    ...modelSeries(registry),
    ...httpSeries(registry),
  };
  startAtZero(series);
  return {
    registry,
    ...series,
    /** Lets the scrape read an API process's streams, queue and database. */
    bindApi(api: ApiMetricsSource): void {
      scrape.source = api;
    },
    ...recorders(series),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
export type RunMetrics = ReturnType<Metrics['startRun']>;
