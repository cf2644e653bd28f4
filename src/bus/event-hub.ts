import type { Redis } from 'ioredis';
import { generationKeys } from './keys.js';
import { parseBatch, type PublishedBatch } from './published-batch.js';

export interface HubListener {
  onBatch(batch: PublishedBatch): void;
  /** The subscriber reconnected: live messages may have been missed, so re-read the log. */
  onResync(): void;
}

interface Channel {
  listeners: Set<HubListener>;
  ready: Promise<unknown>;
}

/**
 * One Redis subscriber connection per API process, shared by every viewer: a generation's channel
 * is subscribed when its first viewer arrives and dropped when its last one leaves.
 */
export class EventHub {
  private readonly channels = new Map<string, Channel>();
  private connectedOnce = false;

  constructor(
    private readonly subscriber: Redis,
    private readonly prefix: string,
  ) {
    subscriber.on('message', (channel: string, message: string) => this.dispatch(channel, message));
    subscriber.on('ready', () => {
      // ioredis resubscribes by itself after a reconnect; what was published meanwhile is only in the log.
      if (this.connectedOnce) for (const channel of this.channels.values()) for (const l of channel.listeners) l.onResync();
      this.connectedOnce = true;
    });
  }

  /** Number of generations with at least one viewer in this process. */
  get channelCount(): number {
    return this.channels.size;
  }

  /** Resolves once the channel is subscribed, so a log read after it cannot miss a publish. */
  async subscribe(generationId: string, listener: HubListener): Promise<() => void> {
    const name = generationKeys(this.prefix, generationId).channel;
    let channel = this.channels.get(name);
    if (!channel) {
      channel = { listeners: new Set(), ready: this.subscriber.subscribe(name) };
      this.channels.set(name, channel);
    }
    channel.listeners.add(listener);
    const joined = channel;
    try {
      await joined.ready;
    } catch (error) {
      this.leave(name, joined, listener);
      throw error;
    }
    return () => this.leave(name, joined, listener);
  }

  private leave(name: string, channel: Channel, listener: HubListener): void {
    channel.listeners.delete(listener);
    if (channel.listeners.size > 0 || this.channels.get(name) !== channel) return;
    this.channels.delete(name);
    this.subscriber.unsubscribe(name).catch(() => {
      // Connection gone: nothing to unsubscribe from, and ioredis will not resubscribe a dropped name.
    });
  }

  private dispatch(name: string, message: string): void {
    const channel = this.channels.get(name);
    if (!channel) return;
    const batch = parseBatch(message);
    if (!batch) return;
    for (const listener of channel.listeners) listener.onBatch(batch);
  }
}
