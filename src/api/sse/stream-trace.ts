import type { ServerResponse } from 'node:http';
import type { FollowerSink } from '../../bus/log-follower.js';
import type { Logger } from '../../logger.js';

/** Numbers the traced streams of this process, so one viewer's lines can be told from another's. */
let traced = 0;

/**
 * A viewer's story, logged at debug level: the cursor it resumed from, what its follower read from
 * the log, when its subscription held, every write (the seq it ended at), and how it ended. Wraps the
 * sink only when debug is on, so the thousands of viewers of a busy process pay nothing otherwise.
 */
export function tracedSink(
  sink: FollowerSink,
  res: ServerResponse,
  logger: Logger | undefined,
  generationId: string,
  after: number,
): FollowerSink {
  if (!logger?.isLevelEnabled('debug')) return sink;
  const log = logger.child({ stream: ++traced, generationId });
  let lastSeq = after;
  log.debug({ after }, 'stream opened');
  res.on('close', () => log.debug({ lastSeq }, 'stream closed'));
  return {
    write(frames, seq, bytes) {
      lastSeq = seq;
      log.debug({ seq, bytes: bytes?.length ?? frames.length }, 'stream sent');
      sink.write(frames, seq, bytes);
    },
    end() {
      log.debug({ lastSeq }, 'stream ended');
      sink.end();
    },
    fail(error) {
      log.debug({ lastSeq, err: error }, 'stream failed');
      sink.fail(error);
    },
    trace(step, detail) {
      log.debug(detail ?? {}, `stream ${step}`);
    },
  };
}
