import type { Config } from '../config.js';
import type { EventLogOptions } from './event-log.js';

/** A document is a few thousand events at most; the cap only guards Redis against a runaway run. */
const LOG_MAX_EVENTS = 100_000;

export function eventLogOptions(config: Config): EventLogOptions {
  return { prefix: config.REDIS_PREFIX, maxLen: LOG_MAX_EVENTS, ttlSec: config.EVENT_LOG_TTL_SEC };
}
