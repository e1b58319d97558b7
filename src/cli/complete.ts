// `cx __complete WHAT`: the dynamic values cx's completion scripts (completions/cx.*) ask for at
// each TAB, one per line on stdout and nothing else. A TAB must never print an error into the
// user's command line, nor hang: whatever goes wrong (no CODEX_HOME, a malformed config.toml, a
// keyring that is down or locked) prints nothing and exits 0. Called on every TAB that needs it,
// so it stays small (budget: 60 ms median); keytar is loaded only to list secrets.
//
//   cx __complete profiles                     profile names (NAME.config.toml files, [profiles.NAME])
//   cx __complete secrets get|rm [PROFILE]     names stored by `cx secret` that the verb can act on
//   cx __complete codex-script bash|zsh|fish   codex's own completion script, from the real codex
import { existsSync } from 'node:fs';
import { loadCodexConfig } from '../config/codex-config.ts';
import type { Env } from '../config/home-dirs.ts';
import { stateDir } from '../config/trust-store.ts';
import { keyringInUseMarker } from '../credentials/keyring-api.ts';
import { codexCompletionScript, realCodexBin } from '../complete/codex-script.ts';
import { isCompletionShell, profileValues, secretValues } from '../complete/values.ts';
import { isValidProfileName } from '../select/profile-name.ts';
import type { CommandContext } from './command-context.ts';
import { loadCommand } from './load-command.ts';
import { writeOut } from './write-out.ts';

/** A TAB waits for the keyring at most this long unless CX_KEYRING_TIMEOUT_MS says otherwise. */
const COMPLETION_KEYRING_TIMEOUT_MS = '400';

function profiles(env: Env): string[] {
  return profileValues(loadCodexConfig(env));
}

async function secrets(args: readonly string[], env: Env): Promise<string[]> {
  const [verb, profile] = args;
  if (verb !== 'get' && verb !== 'rm') return [];
  const scope = profile === undefined || profile === '' ? null : profile;
  if (scope !== null && !isValidProfileName(scope)) return [];
  // `cx secret set` leaves this marker: without it nothing was ever stored, so keytar stays unloaded.
  if (!existsSync(keyringInUseMarker(stateDir(env)))) return [];
  // keyring.ts reads its bound from the process environment; a TAB should not wait 1.5 s. (keytar
  // itself is loaded by keyring.ts at the first call, so only here.)
  process.env['CX_KEYRING_TIMEOUT_MS'] ??= COMPLETION_KEYRING_TIMEOUT_MS;
  // Their own bundles, loaded only here: `cx __complete profiles` (every +<TAB>) then parses neither.
  const [{ keyringList }, { entryOf }] = await Promise.all([loadCommand('keyring'), loadCommand('secret')]);
  const listed = await keyringList();
  if (listed.status !== 'ok') return [];
  return secretValues(listed.accounts.map(entryOf), verb, scope);
}

async function codexScript(args: readonly string[], context: CommandContext): Promise<string[]> {
  const [shell] = args;
  if (!isCompletionShell(shell)) return [];
  const script = await codexCompletionScript(realCodexBin(context), shell, context.env);
  return script.ok ? [script.script.replace(/\n$/, '')] : [];
}

async function values(args: readonly string[], context: CommandContext): Promise<string[]> {
  const [what, ...rest] = args;
  switch (what) {
    case 'profiles':
      return profiles(context.env);
    case 'secrets':
      return secrets(rest, context.env);
    case 'codex-script':
      return codexScript(rest, context);
    default:
      return [];
  }
}

/** Prints the values asked for; always exits 0, printing nothing when they cannot be had. */
export async function completeCommand(args: readonly string[], context: CommandContext): Promise<number> {
  let lines: string[];
  try {
    lines = await values(args, context);
  } catch (error) {
    // A completion offers nothing rather than an error in the middle of a command line.
    if (context.env['CX_DEBUG']) process.stderr.write(`cx __complete: ${error instanceof Error ? error.stack : String(error)}\n`);
    lines = [];
  }
  if (lines.length > 0) writeOut(`${lines.join('\n')}\n`);
  return 0;
}
