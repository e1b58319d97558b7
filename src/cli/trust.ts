import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Env } from '../config/home-dirs.ts';
import { type Cxrc, findCxrc, readCxrc } from '../config/cxrc.ts';
import { grantTrust, revokeTrust } from '../config/trust-store.ts';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { printableLine } from './printable.ts';
import { type KnownWords, knownWords, shownProfile, wordList } from '../check/known-words.ts';
import { loadCodexConfig, profileNames, userTables } from '../config/codex-config.ts';
import { loadCxConfig } from '../config/cx-config.ts';
import { builtinTable } from '../compat/table.ts';

/**
 * The path cx will find this file at when run in its directory: the working directory is always a
 * real path, so a directory reached through a symlink is resolved. The file itself is not: a
 * .cxrc that is a symlink is trusted as itself, at its own path.
 */
function inRealDirectory(path: string): string {
  try {
    return join(realpathSync(dirname(path)), basename(path));
  } catch {
    return path; // reading it will say what is wrong
  }
}

/** The .cxrc a trust command is about: the one named, or the one in effect here. */
function target(args: readonly string[], cwd: string, verb: string): Cxrc {
  if (args.length > 1) throw new CxError(`cx ${verb} takes at most one file`, EXIT.usage, `cx ${verb} [FILE]`);
  const named = args[0];
  const path = named === undefined ? findCxrc(cwd) : inRealDirectory(resolve(cwd, named));
  if (path === null) throw new CxError(`no .cxrc in ${cwd} or above`, EXIT.usage, `name one: cx ${verb} FILE`);
  return readCxrc(path);
}

/** What a .cxrc means, quoting only words cx knows (known-words.ts): never a token it happens to hold. */
export function describeCxrc(cxrc: Cxrc, known: KnownWords): string {
  const parts: string[] = [];
  if (cxrc.profile) {
    const name = shownProfile(known, cxrc.profile.value);
    parts.push(name === null ? 'selects a profile that does not exist (name not shown)' : `selects profile ${name}`);
  }
  const require = cxrc.require;
  if (require?.providers) parts.push(`allows providers ${wordList(known, 'providers', require.providers)}`);
  if (require?.regions) parts.push(`allows regions ${wordList(known, 'regions', require.regions)}`);
  if (require?.featuresOff) parts.push(`requires off: ${wordList(known, 'features', require.featuresOff)}`);
  return parts.length === 0 ? 'says nothing' : parts.join('; ');
}

/** The words cx knows without a plan: the user's profiles and providers, the capability table. */
function knownHere(env: Env): KnownWords {
  const config = loadCodexConfig(env);
  const cx = loadCxConfig(env);
  return knownWords({ profiles: profileNames(config), tables: userTables(config), region: null, table: cx.compat ?? builtinTable() });
}

/** `cx trust [FILE]` / `cx untrust [FILE]`: one record per exact content at that path. */
export function trustCommand(args: readonly string[], env: Env, cwd: string, grant: boolean): number {
  const cxrc = target(args, cwd, grant ? 'trust' : 'untrust');
  if (grant) {
    grantTrust(env, cxrc.path, cxrc.content);
    process.stdout.write(`cx: ${printableLine(`trusted ${cxrc.path} as it is now (${describeCxrc(cxrc, knownHere(env))}); editing or moving it revokes this`)}\n`);
  } else {
    const had = revokeTrust(env, cxrc.path, cxrc.content);
    process.stdout.write(`cx: ${printableLine(had ? `no longer trusting ${cxrc.path}` : `${cxrc.path} was not trusted`)}\n`);
  }
  return 0;
}
