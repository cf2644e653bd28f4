// When to try a callback again. The schedule (CALLBACK_RETRY_DELAYS_MS; by default 5 s, 5 min,
// 30 min, 2 h, 5 h, 10 h) gives the delay after each failed attempt, so a callback is tried at most
// `schedule.length + 1` times over about 18 hours. A receiver's Retry-After is honoured: we never
// come back sooner than it asks (capped, so a hostile value cannot park a job for a year).

const RETRY_AFTER_CAP_MS = 24 * 3600 * 1000;

/** Attempts one callback gets: the first plus one per delay. */
export const attemptsFor = (schedule: readonly number[]) => schedule.length + 1;

/**
 * Delay before the next attempt after `failedAttempts` attempts failed (1 after the first), or
 * undefined when the schedule is spent.
 */
export function nextDelayMs(
  schedule: readonly number[],
  failedAttempts: number,
  retryAfterMs?: number,
): number | undefined {
  const planned = schedule[failedAttempts - 1];
  if (planned === undefined) return undefined;
  return Math.max(planned, Math.min(retryAfterMs ?? 0, RETRY_AFTER_CAP_MS));
}

/** Retry-After as milliseconds: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
