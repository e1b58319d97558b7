// `cx login +PROFILE [CODEX LOGIN ARGS]` and `cx logout +PROFILE`: a login of the profile's own.
// codex's own `codex login` runs with the profile's login home as its CODEX_HOME
// (credentials/profile-login-overlay.ts), so what it stores (auth.json, or its keyring entry, which
// codex keys by the CODEX_HOME path) belongs to that profile only; codex's own login is never
// touched. stdin, stdout and stderr are codex's (`--with-api-key` reads the key from stdin, and cx
// never sees it). Loaded only for these two commands (dist/cli/login.cjs).
import { resolve } from 'node:path';
import { loadCodexConfig, profileNames } from '../config/codex-config.ts';
import { type Env, codexHomeProblem } from '../config/home-dirs.ts';
import { ensureLoginHome, removeLoginHome } from '../credentials/profile-login-overlay.ts';
import { findProfileLogin } from '../credentials/profile-login-home.ts';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { spawnCodex } from '../launch/spawn-codex.ts';
import { nearestName } from '../nearest-name.ts';
import { describeInvalidProfileName, isValidProfileName } from '../select/profile-name.ts';
import type { CommandContext } from './command-context.ts';
import { printableLine } from './printable.ts';

/** `cx logout +PROFILE` for a profile with no login of its own (EX_NOINPUT, as `cx secret rm`). */
export const NO_LOGIN_STATUS = 66;

/** The profile a `+PROFILE` word names, checked to exist in codex's config; never echoes an invalid word. */
export function loginProfile(command: 'login' | 'logout', word: string | undefined, profiles: readonly string[]): string {
  const usage = `usage: cx ${command} +PROFILE${command === 'login' ? ' [CODEX LOGIN ARGS]' : ''}`;
  if (word === undefined || !word.startsWith('+')) throw new CxError(`cx ${command} needs a profile as its first argument, written +PROFILE`, EXIT.usage, usage);
  const name = word.slice(1);
  if (!isValidProfileName(name)) throw new CxError(describeInvalidProfileName(name).replace(/`.*`/s, 'given'), EXIT.usage, usage);
  if (profiles.includes(name)) return name;
  const meant = nearestName(name, profiles);
  const existing = profiles.length === 0 ? 'there are none' : `those that exist: ${profiles.join(', ')}`;
  throw new CxError(`profile ${name} does not exist (no ${name}.config.toml and no [profiles.${name}] in codex's config); ${existing}`, EXIT.config, meant === null ? 'create the profile first (cx init NAME)' : `did you mean +${meant}?`);
}

/**
 * Runs codex as a launch does (terminal inherited; Ctrl-C is codex's, SIGTERM and SIGHUP passed
 * on) but comes back, so that a failed first login can be cleaned up. Its exit as a shell reports
 * it: its status, or 128 + the signal that ended it.
 */
function runCodex(bin: string, args: readonly string[], env: Record<string, string>): Promise<number> {
  return new Promise((done, fail) =>
    spawnCodex(bin, args, env, fail, (code, signal) => {
      const { signals } = process.getBuiltinModule('node:os').constants;
      done(code ?? 128 + (signal === null ? 0 : signals[signal]));
    }),
  );
}

/** How to run codex (found as a launch finds it) in a login home; refused before anything is made when there is none. */
async function codexRunner(context: CommandContext, args: string[]): Promise<(dir: string) => Promise<number>> {
  const plan = await context.plan({ rest: args, plusProfile: null, options: new Set() }, { interactive: false });
  const bin = plan.bin;
  if (bin === null) throw plan.refusal ?? new CxError('codex was not found', EXIT.notFound, 'set CX_CODEX_BIN to the real codex binary');
  return (dir) => {
    const env: Record<string, string> = { ...plan.env, CODEX_HOME: dir };
    if (context.env['CODEX_SQLITE_HOME'] === undefined) env['CODEX_SQLITE_HOME'] = resolve(plan.codexConfig.home);
    return runCodex(bin, args, env);
  };
}

function profilesOf(env: Env): { home: string; profiles: string[] } {
  // A CODEX_HOME that does not exist is refused as a launch refuses it, never created here.
  const problem = codexHomeProblem(env);
  if (problem !== null) throw new CxError(problem, EXIT.config, 'create that directory, or unset CODEX_HOME to use ~/.codex');
  const config = loadCodexConfig(env);
  return { home: config.home, profiles: profileNames(config) };
}

/** `cx login +PROFILE [ARGS]`: codex's login, stored for PROFILE only. Returns codex's exit. */
export async function runLogin(words: readonly string[], context: CommandContext): Promise<number> {
  const { home, profiles } = profilesOf(context.env);
  const profile = loginProfile('login', words[0], profiles);
  const run = await codexRunner(context, ['login', ...words.slice(1)]);
  const { dir, created } = ensureLoginHome(context.env, home, profile);
  let status: number | null = null;
  try {
    status = await run(dir);
  } finally {
    // A first login that failed leaves no login home behind (a later launch would use an empty one).
    if (status !== 0 && created) removeLoginHome(context.env, home, profile);
  }
  return status;
}

/** `cx logout +PROFILE`: codex's logout in PROFILE's login home, then the home goes. */
export async function runLogout(words: readonly string[], context: CommandContext): Promise<number> {
  const { home, profiles } = profilesOf(context.env);
  const profile = loginProfile('logout', words[0], profiles);
  if (words.length > 1) throw new CxError('cx logout takes only +PROFILE', EXIT.usage, 'usage: cx logout +PROFILE');
  const found = findProfileLogin(context.env, home, profile);
  if (found === null) {
    process.stderr.write(`${printableLine(`cx: profile ${profile} has no login of its own (runs with it use codex's own login)`)}\n`);
    return NO_LOGIN_STATUS;
  }
  // codex's logout removes what its login stored, a keyring entry included; a home that is not
  // safe to run codex in is only removed.
  const status = found.problem === null ? await (await codexRunner(context, ['logout']))(found.dir) : 0;
  removeLoginHome(context.env, home, profile);
  process.stderr.write(`${printableLine(`cx: profile ${profile} has no login of its own any more; runs with it use codex's own login`)}\n`);
  return status;
}
