// Whether a shim in DIR takes effect: DIR must be on PATH, with no other `codex` before it.
// placementOn decides over PATH's entries with the file system questions passed in.
import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from '../config/home-dirs.ts';
import { readShim } from './inspect.ts';
import { type Realpath, pathEntries, realpathOrNull, sameDir } from './path-dirs.ts';
import { SHIM_NAME } from './shim-script.ts';

export type Placement = { kind: 'off-path' } | { kind: 'first' } | { kind: 'shadowed'; by: string };

/** Where DIR stands on PATH; `otherCodexIn` says whether a directory holds a codex that is not cx. */
export function placementOn(dir: string, entries: readonly string[], realpath: Realpath, otherCodexIn: (dir: string) => boolean): Placement {
  const at = entries.findIndex((entry) => sameDir(entry, dir, realpath));
  if (at < 0) return { kind: 'off-path' };
  const before = entries.slice(0, at).find((entry) => otherCodexIn(entry));
  return before === undefined ? { kind: 'first' } : { kind: 'shadowed', by: join(before, SHIM_NAME) };
}

/** Whether an executable `codex` in this directory is a codex other than cx (which would win over the shim). */
function otherCodexIn(dir: string, selfPaths: ReadonlySet<string>): boolean {
  const path = join(dir, SHIM_NAME);
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
  } catch {
    return false;
  }
  const real = realpathOrNull(path);
  return real !== null && !selfPaths.has(real) && readShim(real) === null;
}

export function shimPlacement(dir: string, env: Env, selfPaths: ReadonlySet<string>): Placement {
  return placementOn(dir, pathEntries(env), realpathOrNull, (entry) => otherCodexIn(entry, selfPaths));
}
