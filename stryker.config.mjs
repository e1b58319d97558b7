// `npm run mutate` (docs/mutation.md): StrykerJS over the modules that decide, against the unit set
// (test/vitest.unit.config.ts). e2e tests run the built bundle, which never sees a mutant, so they
// are not run here. Runs on Node 22 (Stryker 10 needs it); see the `mutate` script.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'test/vitest.unit.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/select/**/*.ts',
    'src/check/**/*.ts',
    'src/compat/**/*.ts',
    'src/plan/**/*.ts',
    'src/credentials/plan-credentials.ts',
    'src/credentials/decide-*.ts',
    'src/credentials/resolve-credentials.ts',
    'src/credentials/requirements.ts',
    'src/credentials/env-file-parse.ts',
    'src/credentials/credential-lines.ts',
    'src/credentials/credential-origin.ts',
    'src/credentials/token-command.ts',
    'src/credentials/secret-names.ts',
    'src/nearest-name.ts',
    'src/status/status-report.ts',
    'src/status/prompt-status.ts',
    'src/init/profile-spec.ts',
    'src/cli/person-present.ts',
    'src/cli/split-argv.ts',
    'src/config/cxrc.ts',
    'src/config/cx-rules.ts',
    'src/config/trust-store.ts',
    'src/credentials/profile-login-links.ts',
    'src/credentials/profile-login-home.ts',
    'src/plan-cache/decide-keep.ts',
  ],
  ignorePatterns: ['dist', 'bench', '.cache', 'reports', '*.log'],
  // Static mutants (module-level constants such as codex's command table) need a fresh module per
  // mutant, which costs a whole vitest run each; `npm run mutate:full` includes them.
  ignoreStatic: true,
  // Kept in git: a later run re-tests only the mutants and tests that changed since.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  // Two cores on the machines this was tuned on; raise it with --concurrency.
  concurrency: 2,
  timeoutMS: 10_000,
  reporters: ['clear-text', 'progress-append-only', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
