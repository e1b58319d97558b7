// Where a profile's own login lives, and whether it has one: on the launch path, so it costs one
// lstat and loads nothing. A login of its own is a directory in cx's state dir that codex is given
// as its CODEX_HOME: the profile's own auth.json (or codex's keyring entry, which codex keys by the
// CODEX_HOME path, so it is the profile's own too), and links to everything else in the real
// CODEX_HOME (profile-login-overlay.ts). One directory per (real CODEX_HOME, profile): profiles
// belong to a CODEX_HOME, and two homes may each have a profile of the same name.
import { lstatSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Env } from '../config/home-dirs.ts';
import { stateDir } from '../config/trust-store.ts';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';

/**
 * A short, stable name for a CODEX_HOME path (FNV-1a, 64 bits): computed on every launch that
 * selects a profile, where loading node:crypto would cost milliseconds. Not a security boundary:
 * the directory it names is the user's own, and it records the home it was made for.
 */
export function homeKey(codexHome: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(resolve(codexHome), 'utf8')) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/** The directory holding every profile login made for this CODEX_HOME. */
export function loginsDir(env: Env, codexHome: string): string {
  return join(stateDir(env), 'logins', homeKey(codexHome));
}

/** The CODEX_HOME codex is given for PROFILE's own login. */
export function profileLoginHome(env: Env, codexHome: string, profile: string): string {
  return join(loginsDir(env, codexHome), profile);
}

export type ProfileLogin = { dir: string; problem: null } | { dir: string; problem: string };

const uid = (): number | null => (typeof process.getuid === 'function' ? process.getuid() : null);

/**
 * PROFILE's own login for this CODEX_HOME, or null when it has none (one lstat). One that is there
 * but not a private directory of this user has a problem: the launch is refused rather than run
 * with codex's own login (that would use another account without saying so).
 */
export function findProfileLogin(env: Env, codexHome: string, profile: string): ProfileLogin | null {
  const dir = profileLoginHome(env, codexHome, profile);
  let stat: ReturnType<typeof lstatSync>;
  try {
    stat = lstatSync(dir, { throwIfNoEntry: false });
  } catch (error) {
    // A name too long for a path (a profile of thousands of letters), or a file where a directory
    // of the state dir should be: there is no login there. Anything else (EACCES) cannot be judged.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENAMETOOLONG' || code === 'ENOTDIR') return null;
    return { dir, problem: `${dir} cannot be checked (${code ?? 'error'})` };
  }
  if (stat === undefined) return null;
  const me = uid();
  if (!stat.isDirectory()) return { dir, problem: `${dir} is not a directory` };
  if (me !== null && stat.uid !== me) return { dir, problem: `${dir} belongs to another user (uid ${stat.uid})` };
  if ((stat.mode & 0o077) !== 0) return { dir, problem: `${dir} can be read or written by others (mode ${(stat.mode & 0o777).toString(8)})` };
  return { dir, problem: null };
}

/** The profiles among `names` that have a login of their own for this CODEX_HOME (`cx profiles`, doctor). */
export function profilesWithOwnLogin(env: Env, codexHome: string, names: readonly string[]): string[] {
  return names.filter((name) => findProfileLogin(env, codexHome, name) !== null);
}

/** A login home that is there but cannot be used (findProfileLogin says why): the launch is refused. */
export function unsafeLoginError(profile: string, problem: string): CxError {
  return new CxError(`the login of profile ${profile} cannot be used: ${problem}`, EXIT.config, `remove it (\`cx logout +${profile}\`), then \`cx login +${profile}\` again`);
}
