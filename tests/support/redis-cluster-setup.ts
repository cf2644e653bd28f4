import type { TestProject } from 'vitest/node';
import { clusterPorts, startRedisCluster } from './redis-cluster.js';

// Global setup of `npm run test:cluster` (after tests/support/global-setup.ts): a cluster of three
// masters and three replicas on ports 7100–7105 (see clusterPorts), whose nodes every stack of the run connects to.

declare module 'vitest' {
  export interface ProvidedContext {
    /** REDIS_CLUSTER_NODES for the stacks of this run; unset (empty) outside the cluster suite. */
    redisClusterNodes?: string;
  }
}

export const CLUSTER_PORTS = clusterPorts(0);

export default async function setup(project: TestProject) {
  const cluster = await startRedisCluster(CLUSTER_PORTS);
  project.provide('redisClusterNodes', cluster.nodes);
  return () => cluster.stop();
}
