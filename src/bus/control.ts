import type { RedisClient } from './redis-connection.js';
import { controlChannel } from './keys.js';

/** Which run of which generation a stop request is for. */
export interface RunRef {
  generationId: string;
  run: number;
}

/**
 * Stop requests from API processes to whichever worker holds a generation. BullMQ's own job
 * cancellation only reaches jobs of the calling process, hence a channel every worker listens on.
 * The request only speeds things up: the API has already fenced the holder out before sending it.
 * It names the run, so a request that arrives late (after a resume started the next run) stops nothing.
 */
export async function publishStop(redis: RedisClient, prefix: string, target: RunRef): Promise<void> {
  await redis.publish(controlChannel(prefix), JSON.stringify(target));
}

const runKey = (target: RunRef) => `${target.generationId}:${target.run}`;

/** The run a stop message names, or undefined for anything else on the channel. */
function parseStop(message: string): RunRef | undefined {
  try {
    const value = JSON.parse(message) as Partial<RunRef>;
    return typeof value.generationId === 'string' && Number.isInteger(value.run) ? (value as RunRef) : undefined;
  } catch {
    return undefined;
  }
}

/** A worker process's registry of running generations, aborted when a stop request names their run. */
export class StopListener {
  private readonly running = new Map<string, Set<AbortController>>();

  constructor(
    private readonly subscriber: RedisClient,
    private readonly prefix: string,
  ) {}

  async start(): Promise<void> {
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== controlChannel(this.prefix)) return;
      const target = parseStop(message);
      if (!target) return;
      for (const controller of this.running.get(runKey(target)) ?? [])
        controller.abort(new Error('stopped on request'));
    });
    await this.subscriber.subscribe(controlChannel(this.prefix));
  }

  /** A signal aborted by a stop request for this run; call the returned function when done. */
  register(target: RunRef): { signal: AbortSignal; release(): void } {
    const key = runKey(target);
    const controller = new AbortController();
    const set = this.running.get(key) ?? new Set<AbortController>();
    this.running.set(key, set);
    set.add(controller);
    return {
      signal: controller.signal,
      release: () => {
        set.delete(controller);
        if (set.size === 0) this.running.delete(key);
      },
    };
  }
}
