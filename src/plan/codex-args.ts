import { NO_PROFILE_SUBCOMMANDS, PROFILE_SUBCOMMANDS, ROOT_VALUE_OPTIONS } from './codex-cli.ts';

export interface CodexArgsShape {
  /** The subcommand, or null when codex runs its TUI (no subcommand; maybe a prompt). */
  subcommand: string | null;
  /** The profile named by `-p/--profile` in the arguments, if any. */
  explicitProfile: string | null;
  /** Whether codex accepts `-p` for this command line. */
  acceptsProfile: boolean;
}

/** Reads codex's arguments without changing them: which subcommand runs and whether -p is there. */
export function readCodexArgs(args: readonly string[]): CodexArgsShape {
  let firstWord: string | null = null;
  let firstWordIndex = -1;
  let explicitProfile: string | null = null;

  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg === '--') break; // everything after is positional for codex
    if (arg === '-p' || arg === '--profile') {
      explicitProfile = args[i + 1] ?? '';
      i += 1;
      continue;
    }
    if (arg.startsWith('--profile=')) {
      explicitProfile = arg.slice('--profile='.length);
      continue;
    }
    if (arg.startsWith('-p') && !arg.startsWith('--')) {
      explicitProfile = arg.slice(2).replace(/^=/, '');
      continue;
    }
    if (firstWord !== null) continue; // after the subcommand, only -p matters here
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
  return { subcommand, explicitProfile, acceptsProfile };
}
