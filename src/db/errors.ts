import { errorChain, SOCKET_ERROR_CODES } from '../util/errors.js';

// What a Postgres failure means for the caller, from the errors of postgres.js (drizzle wraps them in a
// DrizzleQueryError whose `cause` is the driver's error, and whose message holds the SQL and its
// parameters: never show that message anywhere, see src/logger.ts).

/**
 * `unavailable`: the database cannot be reached right now (down, restarting, connections cut, too many
 * clients): retrying later can succeed. `refused`: the database refused the data itself (a data
 * exception or a broken constraint): the same write will be refused again.
 */
export type DatabaseFailure = 'unavailable' | 'refused';

/** Node socket errors and postgres.js connection errors: the server is not there. */
const CONNECTION_CODES = new Set([
  ...SOCKET_ERROR_CODES,
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

/** SQLSTATEs of a server that is there but cannot serve: shutting down, starting, out of connections. */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '53000']);

export function databaseFailure(error: unknown): DatabaseFailure | undefined {
  for (const e of errorChain(error)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (CONNECTION_CODES.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith('08')) return 'unavailable';
    // Class 22: data exception (22P05 and 22021 are NUL in jsonb and text); class 23: a constraint.
    if (/^2[23][0-9A-Z]{3}$/.test(code)) return 'refused';
  }
  return undefined;
}
