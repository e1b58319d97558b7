import { defineConfig } from 'vitest/config';

// The unit set: tests that import src/ and assert on what it decides, in this process. No test here
// starts a program, so a mutant in src/ is seen by every test that reaches it: this is the set
// `npm run mutate` (Stryker) runs. They are also part of the normal suite (test/vitest.config.ts
// includes every test file). A test file that spawns codex or cx does not belong in this list.
export const UNIT_TESTS = [
  'test/check/cxrc-restrictions.test.ts',
  'test/cli/person-present.test.ts',
  'test/cli/split-argv.test.ts',
  'test/compat/check-capabilities.test.ts',
  'test/compat/classify.test.ts',
  'test/compat/config-keys.test.ts',
  'test/compat/config-mistakes.test.ts',
  'test/compat/run-asks.test.ts',
  'test/compat/table.test.ts',
  'test/config/codex-config.test.ts',
  'test/config/cx-config.test.ts',
  'test/config/cxrc.test.ts',
  'test/config/legacy-migration.test.ts',
  'test/config/trust-store.test.ts',
  'test/init/profile-spec.test.ts',
  'test/credentials/resolve-credentials.test.ts',
  'test/launch/npm-launcher.test.ts',
  'test/launch/recursion-guard.test.ts',
  'test/plan/child-env.test.ts',
  'test/plan/codex-args.test.ts',
  'test/plan/failover.test.ts',
  'test/plan/profile-placement.test.ts',
  'test/select/match-rules.test.ts',
  'test/select/select-profile.test.ts',
  'test/shim/choose-dir.test.ts',
  'test/shim/placement.test.ts',
  'test/status/prompt-status.test.ts',
  // Tests written for the unit set (*.unit.test.ts): decisions, and recorded answers of the real codex.
  'test/**/*.unit.test.ts',
];

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: UNIT_TESTS,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
