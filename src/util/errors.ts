/** The error and its causes, outermost first (bounded: a cause chain is never long, but may loop). */
export function errorChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e !== undefined && e !== null && chain.length < 5; e = (e as { cause?: unknown }).cause)
    chain.push(e);
  return chain;
}

/** A dependency did not answer within its ceiling (see withTimeout). */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}
