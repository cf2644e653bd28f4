import type { TestProject } from 'vitest/node';
import { startRedisCluster } from './redis-cluster.js';

// Global setup of `npm run test:cluster` (after tests/support/global-setup.ts): a cluster of three
// masters and three replicas on ports 7100–7105, whose nodes every stack of the run connects to.

declare module 'vitest' {
  export interface ProvidedContext {
    /** REDIS_CLUSTER_NODES for the stacks of this run; unset (empty) outside the cluster suite. */
    redisClusterNodes?: string;
  }
}

export const CLUSTER_PORTS = [7100, 7101, 7102, 7103, 7104, 7105];

export default async function setup(project: TestProject) {
  const cluster = await startRedisCluster(CLUSTER_PORTS);
  project.provide('redisClusterNodes', cluster.nodes);
  return () => cluster.stop();
}
