// Removes shims cx wrote, and only those: from a named DIR, or from every directory on PATH.
// Returns what happened; the command says it.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Env } from '../config/home-dirs.ts';
import { errnoCode } from '../errno-code.ts';
import { inspect } from './inspect.ts';
import { pathEntries, realpathOrNull } from './path-dirs.ts';
import { SHIM_NAME } from './shim-script.ts';

export type Removal = { kind: 'removed' } | { kind: 'failed'; code: string };

export function removeShim(target: string): Removal {
  try {
    rmSync(target);
    return { kind: 'removed' };
  } catch (error) {
    return { kind: 'failed', code: errnoCode(error) ?? 'error' };
  }
}

export type DirUninstall = { kind: 'none' } | { kind: 'foreign'; what: string } | Removal;

/** Removes `target` (DIR/codex) if it is a cx shim; anything else there is left alone. */
export function uninstallShimAt(target: string, selfPaths: ReadonlySet<string>): DirUninstall {
  const existing = inspect(target, selfPaths);
  if (existing.kind === 'none') return { kind: 'none' };
  if (existing.kind === 'other') return { kind: 'foreign', what: existing.what };
  return removeShim(target);
}

/**
 * The cx shims on PATH, each directory once. Lazy, so that each is looked at just before it is
 * removed, and nothing after a failed removal is looked at.
 */
export function* shimsOnPath(env: Env, selfPaths: ReadonlySet<string>): Generator<string> {
  const seen = new Set<string>();
  for (const entry of pathEntries(env)) {
    const key = realpathOrNull(entry) ?? resolve(entry);
    if (seen.has(key)) continue;
    seen.add(key);
    const target = join(entry, SHIM_NAME);
    if (inspect(target, selfPaths).kind === 'shim') yield target;
  }
}
