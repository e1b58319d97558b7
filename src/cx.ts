// The bundle's entry: gathers the process's inputs and runs cx.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { main } from './main.ts';

function realpaths(paths: readonly (string | undefined)[]): Set<string> {
  const found = new Set<string>();
  for (const path of paths) {
    if (path === undefined) continue;
    try {
      found.add(realpathSync(path));
    } catch {
      // a path that does not exist cannot be a codex candidate either
    }
  }
  return found;
}

// dist/cx.js sits beside bin/ in the package; argv[1] is the script as invoked (maybe a symlink).
const selfPaths = realpaths([process.argv[1], fileURLToPath(new URL('../bin/cx.js', import.meta.url))]);

await main({ argv: process.argv.slice(2), env: process.env, cwd: process.cwd(), selfPaths });
