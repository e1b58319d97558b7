// The directories on PATH, and when two names are one directory. Only realpathOrNull touches the
// file system; the rest decide over strings, with the real-path look-up passed in.
import { realpathSync } from 'node:fs';
import { delimiter, isAbsolute, resolve, sep } from 'node:path';
import type { Env } from '../config/home-dirs.ts';

export type Realpath = (path: string) => string | null;

export const realpathOrNull: Realpath = (path) => {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
};

/** PATH's absolute entries, in order (empty and relative ones depend on the working directory: skipped). */
export function pathEntries(env: Env): string[] {
  return (env['PATH'] ?? '').split(delimiter).filter((entry) => entry !== '' && isAbsolute(entry));
}

/** The same directory by name, or by real path (a symlinked PATH entry). */
export function sameDir(a: string, b: string, realpath: Realpath): boolean {
  if (resolve(a) === resolve(b)) return true;
  const [ra, rb] = [realpath(a), realpath(b)];
  return ra !== null && ra === rb;
}

/** Strictly below home (home itself is not). */
export function isUnder(dir: string, home: string): boolean {
  const d = resolve(dir);
  const h = resolve(home);
  return d !== h && d.startsWith(h.endsWith(sep) ? h : `${h}${sep}`);
}
