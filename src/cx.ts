// The bundle's entry (dist/cx.cjs): gathers the process's inputs and runs cx. The bundle is
// CommonJS because Node starts a CommonJS file several milliseconds sooner than an ES module.
import { join } from 'node:path';
import { endWithInternalError, main } from './main.ts';
import { realPath } from './real-path.ts';

function realpaths(paths: readonly (string | undefined)[]): Set<string> {
  const found = new Set<string>();
  // Usually both name bin/cx.js: resolve it once (each realpath is a walk of lstat calls).
  for (const path of new Set(paths)) {
    if (path === undefined) continue;
    try {
      found.add(realPath(path));
    } catch {
      // a path that does not exist cannot be a codex candidate either
    }
  }
  return found;
}

// dist/ sits beside bin/ in the package; argv[1] is the script as invoked (maybe a symlink).
const selfPaths = realpaths([process.argv[1], join(__dirname, '..', 'bin', 'cx.js')]);

// A write to a closed pipe surfaces as an 'error' event on process.stdout/stderr, outside main's
// try: it ends cx quietly there too, as anything else unexpected ends it with one line.
process.on('uncaughtException', (error) => endWithInternalError(error, process.env));

void main({ argv: process.argv.slice(2), env: process.env, cwd: process.cwd(), selfPaths });
