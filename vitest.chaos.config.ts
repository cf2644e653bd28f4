import { defineConfig } from 'vitest/config';

// `npm run test:chaos`: the chaos suite alone (it starts its own processes and Redis).
export default defineConfig({
  test: {
    include: ['tests/chaos/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 360_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
