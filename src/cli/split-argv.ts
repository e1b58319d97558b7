import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { describeInvalidProfileName, isValidProfileName } from '../select/profile-name.ts';
import { notAPrompt } from './not-a-prompt.ts';

/**
 * First-argument words cx claims (product.md); everything else belongs to codex. Each is a yargs
 * command module listed in src/commands/index.ts (test/commands/parser.unit.test.ts checks they agree).
 */
export const CX_COMMANDS = [
  'explain',
  'doctor',
  'profiles',
  'trust',
  'untrust',
  'secret',
  'completion',
  'migrate',
  'shim',
  'status',
  'init',
  'login',
  'logout',
] as const;
/** Commands that are codex's own too: cx claims them only when a +PROFILE follows (`cx login +work`). */
const PROFILE_ONLY_COMMANDS: readonly string[] = ['login', 'logout'];
/** Words cx claims but does not advertise: the completion scripts' entry point for dynamic values. */
export const HIDDEN_COMMANDS = ['__complete'] as const;
export type CxCommand = (typeof CX_COMMANDS)[number] | (typeof HIDDEN_COMMANDS)[number];

/** The `--cx-…` options, each a switch. */
export const CX_OPTIONS = ['--cx-dry-run', '--cx-force', '--cx-strict', '--cx-version', '--cx-help'] as const;
export type CxOption = (typeof CX_OPTIONS)[number];

export interface CxInvocation {
  /** `launch` unless the first argument is a cx command word; `--cx-dry-run` turns a launch into `explain`. */
  command: CxCommand | 'launch';
  /** The name given as a leading `+PROFILE`, if any. */
  plusProfile: string | null;
  options: ReadonlySet<CxOption>;
  /** `explain --json`. */
  json: boolean;
  /** `explain --verbose`: every source consulted (the short form fits a screen). */
  verbose?: boolean;
  /** Arguments for codex (or for the cx command), exactly as given and in order. */
  rest: string[];
  /** True when a leading `--` ended cx's claims. */
  escaped: boolean;
}

function isCxCommand(word: string | undefined): word is CxCommand {
  return (CX_COMMANDS as readonly string[]).includes(word ?? '') || (HIDDEN_COMMANDS as readonly string[]).includes(word ?? '');
}

function isCxOption(word: string): word is CxOption {
  return (CX_OPTIONS as readonly string[]).includes(word);
}

function usage(message: string, hint?: string): CxError {
  return new CxError(message, EXIT.usage, hint);
}

/**
 * Splits cx's argv into what cx claims and what goes to codex. cx claims only: a first argument
 * that is a cx command word; then, before the first codex argument, a `+PROFILE`, `--cx-…`
 * options (and `--json`, `--verbose` for explain) and a `--` that ends the claims. The rest is never looked at.
 */
export function splitArgv(argv: readonly string[]): CxInvocation {
  let command: CxInvocation['command'] = 'launch';
  let i = 0;
  const first = argv[0];
  // `login` and `logout` are cx's only with a +PROFILE after them: `cx login` alone is codex's own.
  if (isCxCommand(first) && !(PROFILE_ONLY_COMMANDS.includes(first) && !(argv[1] ?? '').startsWith('+'))) {
    command = first;
    i = 1;
  }

  const options = new Set<CxOption>();
  let plusProfile: string | null = null;
  let json = false;
  let verbose = false;
  let escaped = false;

  // Only a launch and explain take the prefix; other commands parse their own arguments.
  const takesPrefix = command === 'launch' || command === 'explain';
  while (takesPrefix && i < argv.length) {
    const arg = argv[i] as string;
    if (arg === '--') {
      escaped = true;
      i += 1;
      break;
    }
    if (arg.startsWith('+')) {
      const name = arg.slice(1);
      if (plusProfile !== null) {
        throw usage(`two profiles given: +${plusProfile} and ${arg}`, 'give one +PROFILE');
      }
      if (name === '') {
        throw usage('`+` needs a profile name', 'write it as +NAME, e.g. `cx +work exec …`');
      }
      if (!isValidProfileName(name)) {
        throw usage(describeInvalidProfileName(name), `to pass ${JSON.stringify(arg)} to codex, write \`cx -- ARGS\``);
      }
      plusProfile = name;
      i += 1;
      continue;
    }
    if (arg.startsWith('--cx-')) {
      if (!isCxOption(arg)) {
        throw usage(
          `unknown cx option ${arg}`,
          `cx options are ${CX_OPTIONS.join(', ')}; to pass it to codex, write \`cx -- ${arg}\``,
        );
      }
      options.add(arg);
      i += 1;
      continue;
    }
    if (command === 'explain' && arg === '--json') {
      json = true;
      i += 1;
      continue;
    }
    if (command === 'explain' && arg === '--verbose') {
      verbose = true;
      i += 1;
      continue;
    }
    break;
  }

  if (command === 'launch' && options.has('--cx-dry-run')) command = 'explain';
  const rest = argv.slice(i);
  if (takesPrefix) {
    // `login` and `logout` alone are codex's own commands, not prompts.
    const refusal = notAPrompt(rest, escaped, CX_COMMANDS.filter((word) => !PROFILE_ONLY_COMMANDS.includes(word)));
    if (refusal !== null) throw refusal;
  }
  return { command, plusProfile, options, json, rest, escaped, ...(verbose ? { verbose } : {}) };
}
