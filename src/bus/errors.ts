import { errorChain, SOCKET_ERROR_CODES } from '../util/errors.js';

// What an ioredis failure means for the caller.

/** Messages ioredis rejects a command with when Redis cannot be reached (it has no codes for these). */
const UNAVAILABLE_MESSAGES = [
  'Connection is closed.',
  'Command timed out',
  "Stream isn't writeable and enableOfflineQueue options is false",
];
const CONNECTION_CODES = SOCKET_ERROR_CODES;

/** True when `error` says Redis is down or did not answer in time (as opposed to refusing a command). */
export function isRedisUnavailable(error: unknown): boolean {
  return errorChain(error).some((e) => {
    if (!(e instanceof Error)) return false;
    if (e.name === 'MaxRetriesPerRequestError' || UNAVAILABLE_MESSAGES.includes(e.message)) return true;
    // LOADING (restarting with a dataset), and replicas that cannot serve yet.
    if (/^(LOADING|MASTERDOWN|TRYAGAIN|CLUSTERDOWN)\b/.test(e.message)) return true;
    const code = (e as { code?: unknown }).code;
    return typeof code === 'string' && CONNECTION_CODES.has(code);
  });
}
