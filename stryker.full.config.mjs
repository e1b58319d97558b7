// `npm run mutate:full`: as stryker.config.mjs, static mutants included (codex's command table,
// the CI variables…): each needs a whole run of the unit set, so this takes several times longer.
import base from './stryker.config.mjs';

export default { ...base, ignoreStatic: false, incrementalFile: 'reports/stryker-incremental-full.json' };
