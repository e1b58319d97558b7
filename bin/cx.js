#!/usr/bin/env node
'use strict';
// The `cx` executable: everything is in the bundle built from src/ (`npm run build`). CommonJS
// (see bin/package.json): Node starts it sooner than an ES module, and cx sits before every run.
// The bundle is loaded with the V8 code cache the build or install made for it when there is a
// trustworthy one (src/code-cache/load-cached.ts, docs/code-cache.md), else with a plain require.
let bundle;
try {
  bundle = require.resolve('../dist/cx.cjs');
} catch {
  process.stderr.write('cx: cx is not built: run `npm run build` in its directory\n');
  process.exit(70);
}
let loader = null;
try {
  loader = require('../dist/code-cache/load-cached.cjs');
} catch {
  // a build from before the code cache: load the bundle plainly
}
if (loader === null) require(bundle);
else loader.loadCached(require('node:path').dirname(bundle), 'cx.cjs');
