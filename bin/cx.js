#!/usr/bin/env node
'use strict';
// The `cx` executable: everything is in the bundle built from src/ (`npm run build`). CommonJS
// (see bin/package.json): Node starts it sooner than an ES module, and cx sits before every run.
let bundle;
try {
  bundle = require.resolve('../dist/cx.cjs');
} catch {
  process.stderr.write('cx: cx is not built: run `npm run build` in its directory\n');
  process.exit(70);
}
require(bundle);
