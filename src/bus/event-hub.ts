import { eventPubSub, type EventPubSub, type RedisClient } from './redis-connection.js';
import { generationKeys } from './keys.js';
import { parseBatch, type PublishedBatch } from './published-batch.js';
import { withTimeout } from '../util/with-timeout.js';

/** Past this, a viewer is closed (and reconnects) rather than left waiting on Redis. */
export const REDIS_REPLY_TIMEOUT_MS = 5000;

export interface HubListener {
  onBatch(batch: PublishedBatch): void;
  /**
   * Live messages may have been missed (the subscriber reconnected, or the channel was quiet while
   * the log says there is more): re-read the log after the listener's cursor. `seq`, when known, is
   * the log's newest seq, so a listener already there has nothing to do.
   */
  onResync(seq?: number): void;
}

interface Channel {
  name: string;
  generationId: string;
  listeners: Set<HubListener>;
  ready: Promise<unknown>;
  lastMessageAt: number;
}

export interface EventHubOptions {
  /** The log's newest seq for a generation (undefined once expired): checked on quiet channels. */
  currentSeq?: (generationId: string) => Promise<number | undefined>;
  /** A channel without a message for this long has its log checked, in case a publish was lost. */
  quietCheckMs?: number;
}

/**
 * One Redis subscriber connection per API process (on a cluster, one sharded subscriber per master
 * it needs), shared by every viewer: a generation's channel is subscribed when its first viewer
 * arrives and dropped when its last one leaves.
 */
export class EventHub {
  private readonly channels = new Map<string, Channel>();
  private connectedOnce = false;
  /** Batches received this turn, per channel, delivered together by `flush`. */
  private readonly due = new Map<Channel, PublishedBatch[]>();
  private flushScheduled = false;
  private sweeper: NodeJS.Timeout | undefined;
  private readonly observers = new Set<(channel: string, message: string) => void>();
  private readonly onMessage = (channel: string, message: string) => {
    this.dispatch(channel, message);
    for (const observe of this.observers) observe(channel, message);
  };
  private readonly onReady = () => {
    if (this.connectedOnce) void this.resyncAfterReconnect();
    this.connectedOnce = true;
  };

  private readonly pubsub: EventPubSub;

  constructor(
    private readonly subscriber: RedisClient,
    private readonly prefix: string,
    private readonly options: EventHubOptions = {},
  ) {
    this.pubsub = eventPubSub(subscriber);
  }

  /** Listens on the subscriber connection and starts the quiet-channel checks. */
  start(): this {
    const { messageEvent, resubscribedEvent } = this.pubsub;
    if (this.subscriber.listeners(messageEvent).includes(this.onMessage)) return this;
    this.subscriber.on(messageEvent, this.onMessage);
    this.subscriber.on(resubscribedEvent, this.onReady);
    if (this.options.currentSeq) {
      const every = this.options.quietCheckMs ?? 5000;
      this.sweeper = setInterval(() => void this.checkQuietChannels(every), every);
      this.sweeper.unref();
    }
    return this;
  }

  /**
   * Sees every message the hub receives, after the hub has queued it for its viewers (metrics watch
   * the relay here, which keeps them out of the fan-out code). Returns the way to stop.
   */
  observe(observer: (channel: string, message: string) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** Stops listening and the quiet-channel checks (the subscriber connection is the caller's to close). */
  close(): void {
    clearInterval(this.sweeper);
    this.subscriber.off(this.pubsub.messageEvent, this.onMessage);
    this.subscriber.off(this.pubsub.resubscribedEvent, this.onReady);
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
      const ready = this.pubsub.subscribe(name);
      channel = { name, generationId, listeners: new Set(), ready, lastMessageAt: Date.now() };
      this.channels.set(name, channel);
    }
    channel.listeners.add(listener);
    const joined = channel;
    try {
      await withTimeout(joined.ready, REDIS_REPLY_TIMEOUT_MS, 'subscribe');
    } catch (error) {
      this.leave(joined, listener);
      throw error;
    }
    // Held by every viewer while it watches: it keeps only the shared channel, not its own name.
    return () => this.leave(joined, listener);
  }

  private leave(channel: Channel, listener: HubListener): void {
    channel.listeners.delete(listener);
    const { name } = channel;
    if (channel.listeners.size > 0 || this.channels.get(name) !== channel) return;
    this.channels.delete(name);
    this.pubsub.unsubscribe(name).catch(() => {
      // Connection gone: nothing to unsubscribe from, and ioredis will not resubscribe a dropped name.
    });
  }

  /**
   * ioredis resubscribes by itself after a reconnect, but on its own schedule: a PING on the same
   * connection answers only once those SUBSCRIBEs are done, and only then is re-reading the log
   * sure to leave no gap. What was published meanwhile is in the log. A cluster's sharded
   * subscribers (after a failover, a new master's) are not reachable for a PING: the channels are
   * subscribed again, which is a no-op for Redis and answers once the subscription holds.
   */
  private async resyncAfterReconnect(): Promise<void> {
    try {
      const names = [...this.channels.keys()];
      if (this.subscriber.isCluster) await Promise.all(names.map((name) => this.pubsub.subscribe(name)));
      else await this.subscriber.ping();
    } catch {
      return; // dropped again: the next 'ready' does this
    }
    for (const channel of this.channels.values()) for (const listener of channel.listeners) listener.onResync();
  }

  /** A publish can be lost (a connection killed mid-flight); a quiet channel's log is checked. */
  private async checkQuietChannels(quietMs: number): Promise<void> {
    const now = Date.now();
    for (const channel of this.channels.values()) {
      if (now - channel.lastMessageAt < quietMs) continue;
      channel.lastMessageAt = now;
      const seq = await this.options.currentSeq?.(channel.generationId).catch(() => undefined);
      if (seq !== undefined) for (const listener of channel.listeners) listener.onResync(seq);
    }
  }

  private dispatch(name: string, message: string): void {
    const channel = this.channels.get(name);
    if (!channel) return;
    channel.lastMessageAt = Date.now();
    const batch = parseBatch(message);
    if (!batch) return;
    const due = this.due.get(channel);
    if (due) due.push(batch);
    else this.due.set(channel, [batch]);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /**
   * Delivers what arrived during this turn of the event loop: a channel's consecutive batches are
   * joined and encoded once, so each viewer gets one write per turn. Under load that is what keeps
   * fan-out to thousands of viewers from drowning in per-write costs; when idle it adds no wait.
   */
  private flush(): void {
    this.flushScheduled = false;
    const due = [...this.due];
    this.due.clear();
    for (const [channel, batches] of due) {
      for (const batch of joinConsecutive(batches)) {
        batch.bytes = Buffer.from(batch.frames);
        for (const listener of channel.listeners) listener.onBatch(batch);
      }
    }
  }
}

/** Joins batches that follow each other without a gap (the usual case) into one. */
function joinConsecutive(batches: PublishedBatch[]): PublishedBatch[] {
  const joined: PublishedBatch[] = [];
  for (const batch of batches) {
    const previous = joined.at(-1);
    if (previous && batch.first === previous.last + 1) {
      joined[joined.length - 1] = { ...batch, first: previous.first, frames: previous.frames + batch.frames };
    } else {
      joined.push(batch);
    }
  }
  return joined;
}
