#!/usr/bin/env node
'use strict';
// The `cx` executable: everything is in the bundle built from src/ (`npm run build`). CommonJS
// (see bin/package.json): Node starts it sooner than an ES module, and cx sits before every run.
// The bundle is loaded with the V8 code cache the build or install made for it when there is a
// trustworthy one (src/code-cache/load-cached.ts, docs/code-cache.md), else with a plain require.
// Whether it is built is asked only when loading it failed: a launch is budgeted.
const dist = `${__dirname}/../dist`;
function notBuilt(error) {
  if (require('node:fs').existsSync(`${dist}/cx.cjs`)) throw error;
  process.stderr.write('cx: cx is not built: run `npm run build` in its directory\n');
  process.exit(70);
}
let loader = null;
try {
  loader = require('../dist/code-cache/load-cached.cjs');
} catch {
  // not built, or built before the code cache: load the bundle plainly
}
try {
  if (loader === null) require('../dist/cx.cjs');
  else loader.loadCached(dist, 'cx.cjs');
} catch (error) {
  notBuilt(error);
}
