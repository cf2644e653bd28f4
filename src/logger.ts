import { pino, type Logger } from 'pino';

export type { Logger };

// Driver errors carry the data of the failed call in their fields: postgres.js (`query`, `parameters`,
// `args`, and the server's `detail`/`where`/`hint`, which can quote a value), drizzle (`params`),
// ioredis (`command` with its `args`). A prompt or a section's text rides in them. So an error is
// logged from an allow-list of fields, never by copying it.

/** Fields kept when they are short scalars: enough to tell one failure from another. */
const KEPT_FIELDS = [
  'code',
  'errno',
  'severity',
  'routine',
  'constraint_name',
  'table_name',
  'column_name',
  'status',
  'kind',
];

/**
 * The message of an error, without the data it may quote: drizzle's DrizzleQueryError puts the SQL and
 * its parameters in its message, and Postgres quotes the offending value in a data exception's message
 * (`invalid input syntax for type uuid: "…"`).
 */
function safeMessage(error: Error): string {
  if ('query' in error && 'params' in error) return 'query failed';
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('22')) return error.message.split(':')[0] ?? '';
  return error.message.length > 500 ? `${error.message.slice(0, 500)}…` : error.message;
}

/**
 * pino's serializer for `err` and `error`: the type, a message without quoted data, a few codes, the
 * stack frames (not its first line, which repeats the message) and the cause, the same way. Nothing else.
 */
function serializeError(value: unknown, depth = 0): unknown {
  if (!(value instanceof Error)) return value;
  const error = value;
  // Some classes (drizzle's) leave `name` as 'Error': their constructor says more.
  const type = error.name === 'Error' && error.constructor.name ? error.constructor.name : error.name;
  const out: Record<string, unknown> = { type, message: safeMessage(error) };
  for (const field of KEPT_FIELDS) {
    const v = (error as unknown as Record<string, unknown>)[field];
    if ((typeof v === 'string' && v.length <= 100) || typeof v === 'number') out[field] = v;
  }
  const frames = error.stack?.split('\n').filter((line) => /^\s+at /.test(line));
  if (frames?.length) out.stack = frames.join('\n');
  if (error.cause !== undefined && depth < 3) out.cause = serializeError(error.cause, depth + 1);
  return out;
}

/**
 * JSON logs on stdout (or `destination`, for tests that read them). Secrets and whole prompts are
 * never logged (see redact), nor the data of a failed query or Redis command (see serializeError).
 */
export function createLogger(level: string, name: string, destination?: { write(line: string): void }): Logger {
  const options = {
    name,
    level,
    redact: {
      paths: ['prompt', '*.prompt', 'details', '*.details', 'apiKey', '*.apiKey', 'headers.authorization'],
      censor: '[redacted]',
    },
    serializers: { err: serializeError, error: serializeError },
  };
  return destination ? pino(options, destination) : pino(options);
}
