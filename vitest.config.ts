import { defineConfig } from 'vitest/config';

/**
 * Files run one at a time: those on Temporal's time-skipping test server (two servers skipping days
 * at once on 2 cores stall each other's timers), and the 300-dialog load test, which would starve them.
 */
const SERIAL_TESTS = ['test/workflows/dialog-*.test.ts', 'test/integration/routing-concurrency.test.ts'];

export default defineConfig({
  test: {
    // Child processes, not worker threads: Temporal's native core bridge misbehaves in threads.
    pool: 'forks',
    // The CI machine has 2 cores; more test files at once only adds contention.
    maxWorkers: 2,
    globalSetup: ['test/global-setup.ts'],
    // Workflow bundling and real servers make individual tests slow-ish, not hung.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'serial',
          include: SERIAL_TESTS,
          fileParallelism: false,
        },
      },
      { extends: true, test: { name: 'main', include: ['test/**/*.test.ts'], exclude: [...SERIAL_TESTS, '**/node_modules/**'] } },
    ],
  },
});
