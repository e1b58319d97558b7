'use strict';
// npm's postinstall: makes the V8 code cache for the installing Node (docs/code-cache.md). cx works
// without one, so this never fails an install: no build yet (a fresh checkout), --ignore-scripts,
// a read-only package directory or any error just leave cx loading its bundle plainly.
try {
  const { existsSync } = require('node:fs');
  const { join } = require('node:path');
  const maker = join(__dirname, '..', 'dist', 'code-cache', 'make-caches.cjs');
  if (existsSync(maker)) {
    require('node:child_process').spawnSync(process.execPath, [maker, '--install'], { stdio: 'ignore', timeout: 120000 });
  }
} catch {
  // see above
}
process.exitCode = 0;
