// Making, refreshing and removing a profile's login home (profile-login-home.ts says where it is,
// profile-login-links.ts what it links). Loaded only by `cx login`/`cx logout` and by a launch of a
// profile that has a login of its own (dist/credentials/profile-login-overlay.cjs).
//
// Safety: the login home is made under a temp name, private (0700), then renamed into place, so a
// concurrent run sees none or all of it; links are made one by one with symlink(2), which fails
// rather than replace anything (two runs refreshing the same home at once both succeed). Nothing
// is ever written through a link by cx. The real CODEX_HOME's own auth.json is never linked, read
// or written.
import { lstatSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../config/atomic-write.ts';
import type { Env } from '../config/home-dirs.ts';
import { trustStoreProblem } from '../config/trust-store.ts';
import { CxError } from '../cx-error.ts';
import { errnoCode } from '../errno-code.ts';
import { EXIT } from '../exit-status.ts';
import { findProfileLogin, loginsDir, profileLoginHome, unsafeLoginError } from './profile-login-home.ts';
import { LOGIN_MARKER, SHARED_DIRS, namesToLink } from './profile-login-links.ts';

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return [];
    throw error;
  }
}

function mkdirPrivate(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    // A file of that name in the real home: codex will say what it makes of it.
    if (errnoCode(error) !== 'EEXIST') throw error;
  }
}

function failure(error: unknown, doing: string, path: string): CxError {
  return new CxError(`cannot ${doing} ${path}: ${errnoCode(error) ?? (error instanceof Error ? error.message : String(error))}`, EXIT.cantCreate, `check ${dirname(path)} (XDG_STATE_HOME sets where cx keeps its state)`);
}

/**
 * Brings the login home `dir` up to date with the real CODEX_HOME: the shared directories exist in
 * the real home, and every entry there (but the login's own) has its link. One readdir of each.
 */
export function refreshLoginHome(codexHome: string, dir: string): void {
  try {
    mkdirPrivate(codexHome);
    for (const name of SHARED_DIRS) mkdirPrivate(join(codexHome, name));
    for (const name of namesToLink(entries(codexHome), entries(dir))) {
      try {
        symlinkSync(join(resolve(codexHome), name), join(dir, name));
      } catch (error) {
        if (errnoCode(error) !== 'EEXIST') throw error; // another run made it first
      }
    }
  } catch (error) {
    throw failure(error, 'link the profile login home', dir);
  }
}

function requireSafeState(env: Env): void {
  const problem = trustStoreProblem(env);
  if (problem) throw new CxError(`cx's state directory is not safe for a login: ${problem.message}`, EXIT.cantCreate, problem.fix);
}

/**
 * PROFILE's login home for this CODEX_HOME, made (empty of any login: codex's login then writes
 * one) when there is none. `created` says whether this call made it.
 */
export function ensureLoginHome(env: Env, codexHome: string, profile: string): { dir: string; created: boolean } {
  requireSafeState(env);
  const found = findProfileLogin(env, codexHome, profile);
  if (found !== null) {
    if (found.problem !== null) throw unsafeLoginError(profile, found.problem);
    refreshLoginHome(codexHome, found.dir);
    return { dir: found.dir, created: false };
  }
  const dir = profileLoginHome(env, codexHome, profile);
  const random = process.getBuiltinModule('node:crypto').randomBytes(6).toString('hex');
  const temp = join(dirname(dir), `.${profile}.${process.pid}.${random}.tmp`);
  try {
    mkdirSync(dirname(dir), { recursive: true, mode: 0o700 });
    mkdirSync(temp, { mode: 0o700 });
    writeFileAtomic(join(temp, LOGIN_MARKER), `${JSON.stringify({ profile, codexHome: resolve(codexHome), createdAt: new Date().toISOString() })}\n`);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw failure(error, 'create the profile login home', dir);
  }
  refreshLoginHome(codexHome, temp);
  try {
    renameSync(temp, dir);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    // Another `cx login` of the same profile made it first: use theirs.
    if (errnoCode(error) === 'ENOTEMPTY' || errnoCode(error) === 'EEXIST') return ensureLoginHome(env, codexHome, profile);
    throw failure(error, 'create the profile login home', dir);
  }
  return { dir, created: true };
}

/**
 * Removes PROFILE's login home: renamed away first (a run starting now no longer finds it), then
 * removed. Links are removed, never followed, so nothing of the real CODEX_HOME goes. Returns
 * whether there was one.
 */
export function removeLoginHome(env: Env, codexHome: string, profile: string): boolean {
  const dir = profileLoginHome(env, codexHome, profile);
  if (lstatSync(dir, { throwIfNoEntry: false }) === undefined) return false;
  const random = process.getBuiltinModule('node:crypto').randomBytes(6).toString('hex');
  const away = join(loginsDir(env, codexHome), `.${basename(dir)}.${process.pid}.${random}.removed`);
  try {
    renameSync(dir, away);
    // rm does not follow symbolic links: it unlinks them.
    rmSync(away, { recursive: true, force: true });
  } catch (error) {
    throw failure(error, 'remove the profile login home', dir);
  }
  return true;
}
