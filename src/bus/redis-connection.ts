import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

// The one place Redis connections are made: a single node (REDIS_URL) or Redis Cluster
// (REDIS_CLUSTER_NODES). Everything above takes a `RedisClient` and works on either, because every
// multi-key step (the Lua scripts, BullMQ's) keeps its keys in one slot with a `{…}` hash tag.

export type RedisClient = Redis | Cluster;

interface ClusterNode {
  host: string;
  port: number;
}

export interface RedisTarget {
  /** The single node; on a cluster only its credentials and TLS (`rediss:`) are used. */
  url: string;
  /** Cluster seed nodes; empty for a single node. */
  clusterNodes: readonly ClusterNode[];
}

export interface ConnectionRole {
  /** CLIENT SETNAME, so a connection is recognisable in CLIENT LIST. */
  name: string;
  /** Commands issued in one turn of the event loop share a write (per node on a cluster). */
  autoPipelining?: boolean;
  lazyConnect?: boolean;
  /** Holds subscriptions: on a cluster it also keeps one sharded subscriber per master (SSUBSCRIBE). */
  subscriber?: boolean;
  /** A command not answered within this many ms fails (ioredis `commandTimeout`); none by default. */
  commandTimeoutMs?: number;
}

/**
 * A connection for `role`. maxRetriesPerRequest null: during an outage (or a failover) commands wait
 * for the reconnect instead of failing, which BullMQ also requires of the connections it blocks on.
 */
export function connectRedis(target: RedisTarget, role: ConnectionRole): RedisClient {
  const common: RedisOptions = {
    connectionName: role.name,
    maxRetriesPerRequest: null,
    ...(role.commandTimeoutMs !== undefined ? { commandTimeout: role.commandTimeoutMs } : {}),
  };
  if (target.clusterNodes.length === 0) {
    const { autoPipelining: enableAutoPipelining, lazyConnect } = role;
    return new Redis(target.url, { ...common, enableAutoPipelining, lazyConnect });
  }
  const options: ClusterOptions = {
    redisOptions: { ...common, ...credentialsOf(target.url) },
    enableAutoPipelining: role.autoPipelining,
    lazyConnect: role.lazyConnect,
    shardedSubscribers: role.subscriber === true,
    // A master's failover takes a few node timeouts: commands to its slots are retried through it
    // (about 10 s at most) rather than failed, and a lost cluster is reconnected for ever.
    retryDelayOnFailover: 300,
    retryDelayOnClusterDown: 300,
    retryDelayOnTryAgain: 300,
    maxRedirections: 32,
    clusterRetryStrategy: (times) => Math.min(100 * times, 2000),
  };
  return new Cluster([...target.clusterNodes], options);
}

/** Username, password and TLS of a `redis[s]://` URL, for the nodes of a cluster. */
function credentialsOf(url: string): RedisOptions {
  const parsed = new URL(url);
  const options: RedisOptions = {};
  if (parsed.username) options.username = decodeURIComponent(parsed.username);
  if (parsed.password) options.password = decodeURIComponent(parsed.password);
  if (parsed.protocol === 'rediss:') options.tls = {};
  return options;
}

/**
 * How a generation's events travel: sharded pub/sub on a cluster (a publish touches only the shard
 * of the channel's slot, and an API process holds one subscriber per master it needs), classic
 * pub/sub on a single node. The append script publishes with `publishCommand`.
 */
export interface EventPubSub {
  publishCommand: 'PUBLISH' | 'SPUBLISH';
  subscribe(channel: string): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
  /** The client event carrying (channel, message). */
  messageEvent: 'message' | 'smessage';
  /** The client event after which subscriptions are back (a reconnect, or a cluster's new topology). */
  resubscribedEvent: 'ready' | 'subscribersReady';
}

export function eventPubSub(client: RedisClient): EventPubSub {
  if (client.isCluster) {
    return {
      publishCommand: 'SPUBLISH',
      subscribe: (channel) => client.ssubscribe(channel),
      unsubscribe: (channel) => client.sunsubscribe(channel),
      messageEvent: 'smessage',
      resubscribedEvent: 'subscribersReady',
    };
  }
  return {
    publishCommand: 'PUBLISH',
    subscribe: (channel) => client.subscribe(channel),
    unsubscribe: (channel) => client.unsubscribe(channel),
    messageEvent: 'message',
    resubscribedEvent: 'ready',
  };
}
