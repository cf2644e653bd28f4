import type { RedisClient } from './redis-connection.js';
import { controlChannel } from './keys.js';

/**
 * Stop requests from API processes to whichever worker holds a generation. BullMQ's own job
 * cancellation only reaches jobs of the calling process, hence a channel every worker listens on.
 * The request only speeds things up: the API has already fenced the holder out before sending it.
 */
export async function publishStop(redis: RedisClient, prefix: string, generationId: string): Promise<void> {
  await redis.publish(controlChannel(prefix), generationId);
}

/** A worker process's registry of running generations, aborted when a stop request names them. */
export class StopListener {
  private readonly running = new Map<string, Set<AbortController>>();

  constructor(
    private readonly subscriber: RedisClient,
    private readonly prefix: string,
  ) {}

  async start(): Promise<void> {
    this.subscriber.on('message', (channel: string, generationId: string) => {
      if (channel !== controlChannel(this.prefix)) return;
      for (const controller of this.running.get(generationId) ?? []) controller.abort(new Error('stopped on request'));
    });
    await this.subscriber.subscribe(controlChannel(this.prefix));
  }

  /** A signal aborted by a stop request for `generationId`; call the returned function when done. */
  register(generationId: string): { signal: AbortSignal; release(): void } {
    const controller = new AbortController();
    let set = this.running.get(generationId);
    if (!set) this.running.set(generationId, (set = new Set()));
    set.add(controller);
    return {
      signal: controller.signal,
      release: () => {
        set.delete(controller);
        if (set.size === 0) this.running.delete(generationId);
      },
    };
  }
}
