import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time: most tests wait on simulators, child processes and DuckDB, not on a
    // core, so the default (one worker on a 2-core machine) left CI over its 10-minute budget.
    maxWorkers: 2,
  },
});
