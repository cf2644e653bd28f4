import { Cluster, Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { connectRedis, eventPubSub, type RedisClient } from '../../src/bus/redis-connection.js';

// The factory's choice between one node and a cluster, and what each means for events. The
// cluster itself is exercised by `npm run test:cluster` (tests/cluster/).

const opened: RedisClient[] = [];
afterEach(() => {
  for (const client of opened.splice(0)) client.disconnect();
});
const open = (...args: Parameters<typeof connectRedis>) => {
  const client = connectRedis(...args);
  opened.push(client);
  return client;
};

describe('connectRedis', () => {
  it('opens one node at REDIS_URL without cluster nodes, events by PUBLISH / SUBSCRIBE', () => {
    const client = open({ url: 'redis://127.0.0.1:6390', clusterNodes: [] }, { name: 'unit', lazyConnect: true });
    expect(client).toBeInstanceOf(Redis);
    expect((client as Redis).options.maxRetriesPerRequest).toBeNull();
    expect(eventPubSub(client)).toMatchObject({
      publishCommand: 'PUBLISH',
      messageEvent: 'message',
      resubscribedEvent: 'ready',
    });
  });

  it('opens a cluster client with cluster nodes, with REDIS_URL lending only its credentials and TLS; events by SPUBLISH / SSUBSCRIBE', () => {
    const client = open(
      { url: 'rediss://app:s%40cret@ignored:1', clusterNodes: [{ host: '127.0.0.1', port: 6391 }] },
      { name: 'unit', lazyConnect: true, subscriber: true },
    );
    expect(client).toBeInstanceOf(Cluster);
    const cluster = client as Cluster;
    expect(cluster.options.shardedSubscribers).toBe(true);
    expect(cluster.options.redisOptions).toMatchObject({
      username: 'app',
      password: 's@cret',
      tls: {},
      maxRetriesPerRequest: null,
    });
    expect(eventPubSub(client)).toMatchObject({
      publishCommand: 'SPUBLISH',
      messageEvent: 'smessage',
      resubscribedEvent: 'subscribersReady',
    });
  });

  it('keeps sharded subscribers off the connections that do not subscribe', () => {
    const client = open(
      { url: 'redis://127.0.0.1', clusterNodes: [{ host: '127.0.0.1', port: 6391 }] },
      { name: 'unit', lazyConnect: true },
    );
    expect((client as Cluster).options.shardedSubscribers).toBe(false);
  });
});
