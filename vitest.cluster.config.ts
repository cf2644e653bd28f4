import { defineConfig } from 'vitest/config';

// `npm run test:cluster`: the flows that matter most, again on a real Redis Cluster (3 masters,
// 3 replicas, started by tests/support/redis-cluster-setup.ts), plus a master's failover.
export default defineConfig({
  test: {
    include: [
      'tests/api/routes/generations.test.ts',
      // Resumes at random cut points, every read bounded: no viewer waits on the cluster's pub/sub.
      'tests/api/sse/resume-invariant.test.ts',
      'tests/api/middleware/model-call-limits.test.ts',
      'tests/generations/ownership.test.ts',
      // Compaction and the log's deadline: scripts over several keys of one slot.
      'tests/generations/log-compaction.test.ts',
      'tests/webhooks/batch-service.test.ts',
      'tests/cluster/**/*.test.ts',
    ],
    globalSetup: ['tests/support/global-setup.ts', 'tests/support/redis-cluster-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One file at a time: the cluster's six nodes and the stacks share two cores.
    fileParallelism: false,
  },
});
