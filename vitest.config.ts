import { defineConfig } from 'vitest/config';

/** Test files that run dialogs on Temporal's time-skipping test server (see test/support/time-skipping-worker.ts). */
const TIME_SKIPPING_TESTS = ['test/workflows/dialog-*.test.ts'];

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
          name: 'time-skipping',
          include: TIME_SKIPPING_TESTS,
          // Two Java time-skipping servers skipping days at once on 2 cores stall each other's
          // timers past the test timeout; these files run one after another.
          fileParallelism: false,
        },
      },
      { extends: true, test: { name: 'main', include: ['test/**/*.test.ts'], exclude: [...TIME_SKIPPING_TESTS, '**/node_modules/**'] } },
    ],
  },
});
