/** The error and its causes, outermost first (bounded: a cause chain is never long, but may loop). */
export function errorChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e !== undefined && e !== null && chain.length < 5; e = (e as { cause?: unknown }).cause)
    chain.push(e);
  return chain;
}

/** Node's socket error codes that mean the server is not there (refused, reset, unreachable, timed out). */
export const SOCKET_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** A dependency did not answer within its ceiling (see withTimeout). */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}
