import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Child processes, not worker threads: Temporal's native core bridge misbehaves in threads.
    pool: 'forks',
    // The CI machine has 2 cores; more test files at once only adds contention.
    maxWorkers: 2,
    globalSetup: ['test/global-setup.ts'],
    // Workflow bundling and real servers make individual tests slow-ish, not hung.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
});
