import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('REDIS_CLUSTER_NODES', () => {
  it('is empty when unset or blank: one Redis at REDIS_URL', () => {
    expect(loadConfig({}).REDIS_CLUSTER_NODES).toEqual([]);
    expect(loadConfig({ REDIS_CLUSTER_NODES: '  ' }).REDIS_CLUSTER_NODES).toEqual([]);
  });

  it('parses comma-separated host:port pairs, names, addresses and bracketed IPv6 alike', () => {
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'redis-1:6379, 10.0.0.2:7000,[::1]:7001,' }).REDIS_CLUSTER_NODES).toEqual([
      { host: 'redis-1', port: 6379 },
      { host: '10.0.0.2', port: 7000 },
      { host: '::1', port: 7001 },
    ]);
  });

  it('refuses a node without a port, with a port out of range, or a URL, naming the variable', () => {
    for (const bad of ['redis-1', 'redis-1:70000', 'redis://redis-1:6379', 'a:1,b']) {
      expect(() => loadConfig({ REDIS_CLUSTER_NODES: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ REDIS_CLUSTER_NODES: bad })).toThrow(
        /REDIS_CLUSTER_NODES: expected comma-separated host:port pairs/,
      );
    }
  });
});
