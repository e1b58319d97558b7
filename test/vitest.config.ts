import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    // Process-level tests start real programs; every one is bounded.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // At least two files at a time, even on two cores (vitest's default is cores − 1): most tests
    // wait on processes (codex turns, shells, ptys), so two files side by side take the suite from
    // ~650 s to ~430 s there. (The signal tests of test/hardening/hostile-machine.test.ts failed one
    // run in two at two workers until cx tied `aws sso login` to its signals before spawning it.)
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
