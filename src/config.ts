import { z } from 'zod';
import { keyId } from './domain/owners.js';

// Every setting of the service, parsed once at start by the composition root and passed down.
// A bad value stops the process with a message naming the variable (see `loadConfig`).

const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** A Standard Webhooks secret: `whsec_` then base64. */
const whsecSecret = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'expected a Standard Webhooks secret: whsec_ followed by base64')
  .optional();

/** ALLOWED_HOSTS without API keys: the loopback names, which DNS rebinding cannot point elsewhere. */
export const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;
/** `*`, `name`, `*.name` (any subdomain), each with an optional `:port`; IPv6 in brackets. */
const HOST_PATTERN = /^(\*|(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*\.?|\[[0-9a-f:.]+\])(:\d{1,5})?$/;

/** Shorter keys can be guessed; the process refuses to start with one. */
const MIN_KEY_CHARS = 24;
const MIN_SECRET_BYTES = 32;

const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    PORT: int(3000, 0),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default('postgres://postgres@127.0.0.1:5432/postgres'),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
    /**
     * Redis Cluster seed nodes, comma-separated `host:port`; when set, every connection is a cluster
     * client (REDIS_URL then only lends its credentials and TLS) and events go by sharded pub/sub.
     */
    REDIS_CLUSTER_NODES: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const parts = (v ?? '')
          .split(',')
          .map((p) => p.trim())
          .filter((p) => p !== '');
        const nodes = parts.map((part) => /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/.exec(part));
        if (nodes.some((m) => m === null || Number(m[2]) > 65535)) {
          ctx.addIssue({ code: 'custom', message: 'expected comma-separated host:port pairs' });
          return z.NEVER;
        }
        return nodes.map((m) => ({ host: m![1]!.replace(/^\[|\]$/g, ''), port: Number(m![2]) }));
      }),
    /** Prefix of every Redis key and of the BullMQ queue: lets tests and tenants share one Redis. */
    REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9:_-]+$/)
      .default('cg'),
    OPENAI_API_KEY: optionalText,
    OPENAI_BASE_URL: optionalText.pipe(z.url().optional()),
    OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
    /** Ceiling for one LLM call, streamed or not. */
    LLM_TIMEOUT_MS: int(120_000, 1000),
    /** Sampling temperature; unset: not sent (reasoning models refuse the parameter). */
    OPENAI_TEMPERATURE: optionalText.pipe(z.coerce.number<string>().min(0).max(2).optional()),
    /** Output-token limit of every call, sent as `max_completion_tokens` (lowered when a run's budget is nearly spent). */
    OPENAI_MAX_OUTPUT_TOKENS: int(16_384, 16),
    /** Model calls one draft run (first run, resume) may make, retries, fallbacks and job attempts included. */
    MODEL_CALLS_PER_DRAFT: int(8, 1),
    /** Model calls one section rewrite (regenerate, an applied suggestion) may make. */
    MODEL_CALLS_PER_REWRITE: int(4, 1),
    /** Model calls one suggestions request may make. */
    MODEL_CALLS_PER_REVIEW: int(2, 1),
    /** Output tokens one draft run may spend across its calls. */
    OUTPUT_TOKENS_PER_DRAFT: int(32_768, 16),
    /** Output tokens one section rewrite may spend. */
    OUTPUT_TOKENS_PER_REWRITE: int(8_192, 16),
    /** Output tokens one suggestions request may spend. */
    OUTPUT_TOKENS_PER_REVIEW: int(8_192, 16),
    /** Tokens (prompt and completion) one owner may spend per UTC day; past it, new model work is refused. 0 = no budget. */
    TOKEN_BUDGET_PER_DAY: int(0, 0),
    /**
     * The address every server of this process listens on (the API, the simulator, a worker's
     * metrics): the loopback interface unless told otherwise; the container image says 0.0.0.0.
     */
    HOST: z.string().min(1).default('127.0.0.1'),
    SIM_PORT: int(4010, 0),
    /** The host the workers reach the simulated model at when no key is set (`sim` under docker compose). */
    SIM_HOST: z.string().min(1).default('127.0.0.1'),
    SIM_TOKENS_PER_SEC: z.coerce.number().min(0).default(40),
    WORKER_CONCURRENCY: int(20, 1),
    JOB_LOCK_MS: int(30_000, 500),
    STREAM_STALL_MS: int(20_000, 100),
    /** Frame pacing: a generation's events are appended at most once per this many ms (0 = off). */
    STREAM_FRAME_MS: int(50, 0),
    CHUNK_SECTIONS: int(4, 1),
    SHUTDOWN_GRACE_MS: int(20_000, 0),
    /** Largest prompt accepted, in characters. */
    PROMPT_MAX_CHARS: int(4000, 1),
    /** Largest request body accepted, in bytes. */
    BODY_LIMIT_BYTES: int(64 * 1024, 1024),
    /** Bytes an SSE viewer may have unsent before it is dropped (it resumes from the log). */
    SSE_MAX_BUFFER_BYTES: int(1024 * 1024, 1024),
    SSE_HEARTBEAT_MS: int(15_000, 100),
    /** How long a generation's event log is kept after its run ends. */
    EVENT_LOG_TTL_SEC: int(3600, 1),
    /**
     * The longest a log is kept after it was started, however often later changes (edits, restores)
     * end a run again: past it, the log goes once it is at rest, and the next change rebuilds it.
     */
    EVENT_LOG_MAX_AGE_SEC: int(86_400, 60),
    /** Versions a section keeps at most: the first one and the newest; those in between are pruned. */
    SECTION_VERSIONS_MAX: int(50, 2),
    /** Edits and restores one owner (or client address without keys) may save per minute; 0 = no limit. */
    EDITS_PER_MIN: int(30, 0),
    /** The same per day (a rolling 24 hours); 0 = no limit. */
    EDITS_PER_DAY: int(1000, 0),
    /** Standard Webhooks secret (`whsec_…`) that signs incoming batch webhooks; unset: the route answers 503. */
    WEBHOOK_SECRET: optionalText.pipe(whsecSecret),
    /** Standard Webhooks secret (`whsec_…`) that signs our result callbacks. */
    CALLBACK_SIGNING_SECRET: optionalText.pipe(whsecSecret),
    /** Lifts the SSRF guard on callback URLs (local use and tests only; logged at start). */
    CALLBACK_ALLOW_PRIVATE: z.stringbool().default(false),
    /** Delays between callback attempts, comma-separated milliseconds (one more attempt than delays). */
    CALLBACK_RETRY_DELAYS_MS: z
      .string()
      .default('5000,300000,1800000,7200000,18000000,36000000')
      .transform((v, ctx) => {
        const delays = v.split(',').map((part) => Number(part.trim()));
        if (delays.some((d) => !Number.isInteger(d) || d < 0)) {
          ctx.addIssue({ code: 'custom', message: 'expected comma-separated non-negative integers (milliseconds)' });
          return z.NEVER;
        }
        return delays;
      }),
    /** Ceiling of one callback attempt (connect, send, answer). */
    CALLBACK_TIMEOUT_MS: int(15_000, 100),
    /**
     * Largest batch webhook body accepted, in bytes. The default carries the documented largest batch:
     * 100 prompts of PROMPT_MAX_CHARS characters, each up to 6 bytes of JSON (a \u escape), plus
     * their metadata (see webhookBodyLimit).
     */
    WEBHOOK_BODY_LIMIT_BYTES: optionalText.pipe(z.coerce.number<string>().int().min(1024).optional()),
    /** Ports a callback URL may use besides 80 and 443, comma-separated (the SSRF guard refuses others). */
    CALLBACK_ALLOWED_PORTS: z
      .string()
      .default('')
      .transform((v, ctx) => {
        const ports = v
          .split(',')
          .map((p) => p.trim())
          .filter((p) => p !== '')
          .map(Number);
        if (ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) {
          ctx.addIssue({ code: 'custom', message: 'expected comma-separated port numbers (1-65535)' });
          return z.NEVER;
        }
        return ports;
      }),
    /** Comma-separated bearer keys; when set, every draft has an owner and /api/* requires a key or a session. */
    API_KEYS: z
      .string()
      .optional()
      .transform((v) =>
        (v ?? '')
          .split(',')
          .map((k) => k.trim())
          .filter((k) => k !== ''),
      )
      .pipe(
        z.array(
          z
            .string()
            .regex(/^[\x21-\x7e]+$/, 'API keys must be printable ASCII without spaces')
            .min(MIN_KEY_CHARS, `every API key must be at least ${MIN_KEY_CHARS} characters (openssl rand -base64 32)`),
        ),
      ),
    /**
     * Signs page sessions and share links; never derived from the keys. Required with API_KEYS;
     * without keys a random one is made at start (anonymous sessions then end with the process).
     */
    SESSION_SECRET: optionalText.pipe(
      z
        .string()
        .refine((v) => Buffer.byteLength(v) >= MIN_SECRET_BYTES, `must be at least ${MIN_SECRET_BYTES} bytes`)
        .optional(),
    ),
    /** The id of the API key (see README) that owns webhook batches and may read them; unset: no key reads them. */
    WEBHOOK_OWNER_KEY_ID: optionalText.pipe(
      z
        .string()
        .regex(/^[0-9a-f]{12}$/, 'expected a key id: 12 hex digits')
        .optional(),
    ),
    /** How long a page session lasts from its start (sign-in, or a browser's first visit without keys). */
    SESSION_TTL_HOURS: int(168, 1).pipe(z.number().max(8760)),
    /**
     * Host headers the API answers (421 otherwise), comma-separated; unset: the loopback names without
     * API_KEYS (a local deployment, against DNS rebinding), any with them (keys guard every draft).
     */
    ALLOWED_HOSTS: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const hosts = (v ?? '')
          .split(',')
          .map((h) => h.trim().toLowerCase())
          .filter((h) => h !== '');
        if (hosts.some((h) => !HOST_PATTERN.test(h))) {
          ctx.addIssue({
            code: 'custom',
            message: 'expected comma-separated host names (name, *.name, name:port, or *)',
          });
          return z.NEVER;
        }
        return hosts.length > 0 ? hosts : undefined;
      }),
    /** A batch webhook's body must have arrived this long after its headers (408 and closed otherwise). */
    WEBHOOK_BODY_TIMEOUT_MS: int(10_000, 100),
    /** Webhook bodies larger than BODY_LIMIT_BYTES one API process receives at once (503 beyond). */
    WEBHOOK_BODIES_IN_FLIGHT: int(4, 1),
    /** Bearer token of /metrics (and of a worker's metrics port); unset: open without API_KEYS, off with them. */
    METRICS_TOKEN: optionalText,
    /** Open event streams one client (IP, /64 for IPv6) or one owner may hold per API process; 0 = no cap. */
    MAX_STREAMS_PER_CLIENT: int(50, 0),
    /** A request whose headers and body have not all arrived after this long gets 408 and is closed. */
    REQUEST_TIMEOUT_MS: int(30_000, 100),
    /** Opens the queue dashboard at /admin/queues to whoever presents it; unset = no dashboard. */
    ADMIN_TOKEN: optionalText,
    /** Model calls one API key (or client IP) may make per minute, shared by all API and worker processes; 0 = no limit. */
    RATE_LIMIT_PER_MIN: int(10, 0),
    /** Generations one API key (or client IP) may have queued, running or paused at once; 0 = no limit. */
    MAX_OPEN_GENERATIONS: int(20, 0),
    /** Reverse proxies in front of the API whose X-Forwarded-For is trusted (0 = use the socket address). */
    TRUST_PROXY: int(0, 0),
    /** Pause between two reconciler passes (worker processes; one acts at a time); 0 = no reconciler. */
    RECONCILE_INTERVAL_MS: int(15_000, 0),
    /** A `queued` generation (or a batch) untouched for less than this may still be getting its job. */
    RECONCILE_GRACE_MS: int(5_000, 0),
    /** Times the reconciler re-enqueues one run of a generation (or a batch's parent) before failing it. */
    RECONCILE_MAX_RECOVERIES: int(5, 1),
    /** When set, a worker process serves /metrics and /healthz on this port (the API serves its own). */
    WORKER_METRICS_PORT: optionalText.pipe(z.coerce.number<string>().int().min(0).max(65535).optional()),
  })
  .superRefine((c, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (c.API_KEYS.length > 0 && c.SESSION_SECRET === undefined) {
      const hint = `at least ${MIN_SECRET_BYTES} random bytes: openssl rand -base64 48`;
      issue('SESSION_SECRET', `required when API_KEYS is set (${hint})`);
    }
    const owner = c.WEBHOOK_OWNER_KEY_ID;
    if (c.API_KEYS.length > 0 && owner !== undefined && !c.API_KEYS.some((k) => keyId(k) === owner)) {
      issue('WEBHOOK_OWNER_KEY_ID', 'is the id of none of API_KEYS (the first 12 hex digits of its SHA-256)');
    }
  })
  .transform((c) => ({
    ...c,
    WEBHOOK_BODY_LIMIT_BYTES: c.WEBHOOK_BODY_LIMIT_BYTES ?? webhookBodyLimit(c.PROMPT_MAX_CHARS),
    ALLOWED_HOSTS: c.ALLOWED_HOSTS ?? (c.API_KEYS.length > 0 ? ['*'] : [...LOCAL_HOSTS]),
    /** No key means the simulated model, reached over HTTP like the real one. */
    simulated: c.OPENAI_API_KEY === undefined,
    llmBaseUrl:
      c.OPENAI_BASE_URL ?? (c.OPENAI_API_KEY === undefined ? `http://${c.SIM_HOST}:${c.SIM_PORT}/v1` : undefined),
  }));

/**
 * Bytes of the largest batch webhook: 100 requests, each a prompt of `promptMaxChars` characters at
 * up to 6 bytes of JSON per character, 4,096 characters of metadata (same), and the fields around them.
 */
export function webhookBodyLimit(promptMaxChars: number): number {
  return 100 * ((promptMaxChars + 4096) * 6 + 256) + 4096;
}

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws a ConfigError listing every bad variable by name. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(config)'}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
