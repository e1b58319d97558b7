// Where `cx shim install` puts the shim when no DIR is named. chooseShimDir decides over PATH's
// entries and the home directory, asking a probe about the file system; defaultShimDir wires in
// the real probe and refuses when no directory fits.
import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Env, userHome } from '../config/home-dirs.ts';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { inspect } from './inspect.ts';
import { type Realpath, isUnder, pathEntries, realpathOrNull, sameDir } from './path-dirs.ts';
import { SHIM_NAME } from './shim-script.ts';

/** What chooseShimDir needs to know about directories. */
export interface DirProbe {
  /** The real path, or null when nothing is there. */
  realpath: Realpath;
  /** The user's own directory, writable by them and by nobody else. */
  usable(dir: string): boolean;
  /** Holds no `codex` other than a cx shim. */
  free(dir: string): boolean;
}

/**
 * ~/.local/bin when it is on PATH (missing is fine: install creates it), else the first directory
 * on PATH under the home directory that is usable and free; null when there is none.
 */
export function chooseShimDir(entries: readonly string[], home: string, probe: DirProbe): string | null {
  const preferred = join(home, '.local', 'bin');
  if (entries.some((entry) => sameDir(entry, preferred, probe.realpath))) {
    const missing = probe.realpath(preferred) === null;
    if (missing || (probe.usable(preferred) && probe.free(preferred))) return preferred;
  }
  return entries.find((entry) => isUnder(entry, home) && probe.usable(entry) && probe.free(entry)) ?? null;
}

/** A directory the shim may go into: the user's own, writable by them and by nobody else. */
function usableDir(dir: string): boolean {
  try {
    const stat = statSync(dir);
    if (!stat.isDirectory() || (stat.mode & 0o002) !== 0) return false;
    if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) return false;
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The probe over the real file system. */
export function fileSystemProbe(selfPaths: ReadonlySet<string>): DirProbe {
  return {
    realpath: realpathOrNull,
    usable: usableDir,
    free: (dir) => inspect(join(dir, SHIM_NAME), selfPaths).kind !== 'other',
  };
}

/**
 * Where `cx shim install` puts the shim without a DIR: ~/.local/bin when it is on PATH (created if
 * missing), else the first directory on PATH under the home directory that the user owns and can
 * write, and that holds no other `codex`.
 */
export function defaultShimDir(env: Env, selfPaths: ReadonlySet<string>): string {
  const home = userHome(env);
  const chosen = chooseShimDir(pathEntries(env), home, fileSystemProbe(selfPaths));
  if (chosen !== null) return chosen;
  throw new CxError(
    `no directory on PATH to put the codex shim in (looked for ${join(home, '.local', 'bin')}, then a directory under ${home} that you own and can write, holding no other codex)`,
    EXIT.usage,
    'name one: cx shim install DIR, and put DIR first on PATH',
  );
}
