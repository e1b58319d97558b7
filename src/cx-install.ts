// Where this cx is installed, from its own real paths (cx.ts gathers them: argv[1] and the bin/cx.js
// beside its dist/).
import { basename, dirname } from 'node:path';

/** This cx's bin/cx.js, by real path; null when none of its paths is one. */
export function cxScriptOf(selfPaths: ReadonlySet<string>): string | null {
  for (const path of selfPaths) {
    if (basename(path) === 'cx.js' && basename(dirname(path)) === 'bin') return path;
  }
  return null;
}

/** The directory cx is installed in (holding bin/, dist/ and package.json). */
export function cxInstallRoot(selfPaths: ReadonlySet<string>): string | null {
  const script = cxScriptOf(selfPaths);
  return script === null ? null : dirname(dirname(script));
}
