import { codexTrim } from '../config/codex-trim.ts';
import { NO_PROFILE_SUBCOMMANDS, PROFILE_SUBCOMMANDS, REMOTE_OPTIONS, ROOT_VALUE_OPTIONS } from './codex-cli.ts';

export interface CodexArgsShape {
  /** The subcommand, or null when codex runs its TUI (no subcommand; maybe a prompt). */
  subcommand: string | null;
  /** The profile named by `-p/--profile` in the arguments, if any. */
  explicitProfile: string | null;
  /** Whether codex accepts `-p` for this command line. */
  acceptsProfile: boolean;
  /** `-h/--help/-V/--version`: codex prints and exits, running no model. */
  informational: boolean;
  /** Settings the arguments override, in order: `-c key=value`, `-m`, `--enable/--disable F`, `--search`. */
  overrides: ArgOverride[];
  /** `-C DIR` / `--cd DIR` / `--cd=DIR` (root or after the subcommand; the last wins): codex's working root. */
  cd: string | null;
  /** `--oss` (use a local provider) and `--local-provider NAME`. */
  oss: boolean;
  localProvider: string | null;
  /** `exec --ignore-user-config`: codex reads neither config.toml nor the profile file (checked against the binary). */
  ignoreUserConfig: boolean;
  /** `--remote ADDR` or `--remote-auth-token-env VAR` (anywhere before `--`): codex runs on a remote app server. */
  remote: boolean;
}

/** One setting given on the command line, as codex would apply it over the config files. */
export interface ArgOverride {
  /** Dotted path, e.g. `model_providers.x.base_url`. */
  key: string;
  /** The raw text after `=` (for -c), parsed as TOML later. */
  raw: string;
  /** `-c` values are TOML; the others are plain strings or booleans. */
  kind: 'toml' | 'string' | 'boolean';
}

/** The value of an option written `--opt value`, `--opt=value` or `-ovalue`, and how many words it used. */
function optionValue(args: readonly string[], i: number, long: string, short: string | null): { value: string; used: number } | null {
  const arg = args[i] as string;
  if (arg === long || (short !== null && arg === short)) return args[i + 1] === undefined ? null : { value: args[i + 1] as string, used: 2 };
  if (arg.startsWith(`${long}=`)) return { value: arg.slice(long.length + 1), used: 1 };
  if (short !== null && arg.startsWith(short) && !arg.startsWith('--') && arg.length > 2) return { value: arg.slice(2).replace(/^=/, ''), used: 1 };
  return null;
}

function readOverride(args: readonly string[], i: number): { override: ArgOverride; used: number } | null {
  const config = optionValue(args, i, '--config', '-c');
  if (config) {
    const eq = config.value.indexOf('=');
    if (eq < 0) return null; // no `=`: codex itself rejects it
    const key = codexTrim(config.value.slice(0, eq));
    if (key === '') return null; // codex itself rejects it
    return { override: { key, raw: config.value.slice(eq + 1), kind: 'toml' }, used: config.used };
  }
  const model = optionValue(args, i, '--model', '-m');
  if (model) return { override: { key: 'model', raw: model.value, kind: 'string' }, used: model.used };
  for (const [flag, on] of [['--enable', 'true'], ['--disable', 'false']] as const) {
    const feature = optionValue(args, i, flag, null);
    if (feature) return { override: { key: `features.${feature.value}`, raw: on, kind: 'boolean' }, used: feature.used };
  }
  if (args[i] === '--search') return { override: { key: 'web_search', raw: 'live', kind: 'string' }, used: 1 };
  return null;
}

/**
 * The index just after the last `-c/--config` override whose key is `key` or under it (scanning as
 * readCodexArgs does, up to a `--`), or 0 when there is none: where a later `-c` for that key goes
 * so that it is applied after the user's own (codex applies `-c` overrides in order).
 */
export function afterOverridesOf(args: readonly string[], key: string): number {
  let after = 0;
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === '--') break;
    const read = readOverride(args, i);
    if (!read) continue;
    const first = read.override.key.split('.')[0];
    if (read.override.kind === 'toml' && first === key) after = i + read.used;
    i += read.used - 1;
  }
  return after;
}

/**
 * The arguments without their `-p NAME` / `--profile NAME` / `--profile=NAME` (scanning as
 * readCodexArgs does, up to a `--`): for a -p that cx applies itself instead of codex.
 */
export function withoutProfileOption(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === '--') {
      out.push(...args.slice(i));
      break;
    }
    const override = readOverride(args, i);
    if (override) {
      out.push(...args.slice(i, i + override.used));
      i += override.used - 1;
      continue;
    }
    const profile = optionValue(args, i, '--profile', '-p');
    if (profile) {
      i += profile.used - 1;
      continue;
    }
    out.push(args[i] as string);
  }
  return out;
}

/** Reads codex's arguments without changing them: which subcommand runs and whether -p is there. */
export function readCodexArgs(args: readonly string[]): CodexArgsShape {
  let firstWord: string | null = null;
  let firstWordIndex = -1;
  let explicitProfile: string | null = null;
  const overrides: ArgOverride[] = [];
  let informational = false;
  let cd: string | null = null;
  let oss = false;
  let localProvider: string | null = null;
  let ignoreUserConfig = false;
  let remote = false;

  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg === '--') break; // everything after is positional for codex
    const remoteOption = REMOTE_OPTIONS.find((option) => arg === option || arg.startsWith(`${option}=`));
    if (remoteOption !== undefined) {
      remote = true;
      if (arg === remoteOption) i += 1; // its value
      continue;
    }
    const override = readOverride(args, i);
    if (override) {
      overrides.push(override.override);
      i += override.used - 1;
      continue;
    }
    const profile = optionValue(args, i, '--profile', '-p');
    if (profile) {
      explicitProfile = profile.value;
      i += profile.used - 1;
      continue;
    }
    const dir = optionValue(args, i, '--cd', '-C');
    if (dir) {
      cd = dir.value;
      i += dir.used - 1;
      continue;
    }
    const local = optionValue(args, i, '--local-provider', null);
    if (local) {
      localProvider = local.value;
      i += local.used - 1;
      continue;
    }
    if (arg === '--oss') oss = true;
    if (arg === '--ignore-user-config') ignoreUserConfig = true;
    if (['-h', '--help', '-V', '--version'].includes(arg)) informational = true;
    if (firstWord !== null) continue; // after the subcommand, only -p and help matter here
    if (ROOT_VALUE_OPTIONS.has(arg)) {
      i += 1; // skip the option's value
      continue;
    }
    if (arg.startsWith('-')) continue; // a flag, or an option with its value attached
    firstWord = arg;
    firstWordIndex = i;
  }

  // A first word codex does not know as a subcommand is the TUI's prompt, which takes -p.
  const known = firstWord !== null && (PROFILE_SUBCOMMANDS.has(firstWord) || NO_PROFILE_SUBCOMMANDS.has(firstWord));
  const subcommand = known ? firstWord : null;
  let acceptsProfile = true;
  if (subcommand !== null && NO_PROFILE_SUBCOMMANDS.has(subcommand)) {
    acceptsProfile = subcommand === 'debug' && args[firstWordIndex + 1] === 'prompt-input';
  }
  return { subcommand, explicitProfile, acceptsProfile, informational, overrides, cd, oss, localProvider, ignoreUserConfig, remote };
}
