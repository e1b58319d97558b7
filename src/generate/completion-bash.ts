// The command part of completions/cx.bash: the words cx claims and, per command, what completes
// after it, as data for the hand-written glue (_cx_args, _cx_secret) in the same file.
import { alwaysClaimed, claimedWords, flagsOf, optionBriefs, plusProfileClaims, positionalWords, type Registered, wordOf } from './registered.ts';
import { posixQuote } from './shell-quote.ts';

function branch(command: Registered): string {
  const words = claimedWords(command).join(' | ');
  const { completer } = command.about;
  if (completer === 'codex') return `        ${words}) return 1 ;;`;
  if (completer === 'secret') return `        ${words}) _cx_secret ;;`;
  const args = [
    command.about.plusProfile === true ? '1' : '0',
    positionalWords(command),
    optionBriefs(command).map(([flag]) => flag).join(' '),
    flagsOf(command, 'profile').join(' '),
    flagsOf(command, 'text').join(' '),
  ];
  return `        ${words}) _cx_args ${args.map(posixQuote).join(' ')} ;;`;
}

/** Sets _cx_prefix to the options a command whose arguments are a launch's takes before them. */
function prefixOptions(commands: readonly Registered[]): string {
  const branches = commands
    .filter((command) => command.about.completer === 'codex')
    .map((command) => `        ${claimedWords(command).join(' | ')}) _cx_prefix=${posixQuote(optionBriefs(command).map(([flag]) => flag).join(' '))} ;;\n`);
  return `_cx_prefix_options() {\n    case $1 in\n${branches.join('')}        *) _cx_prefix='' ;;\n    esac\n}\n`;
}

export function bashCommandPart(commands: readonly Registered[]): string {
  return `# The words cx claims as a first argument, those it claims only with a +PROFILE after them
# (codex has commands of those names), and those it offers there.
_cx_claimed=${posixQuote(alwaysClaimed(commands).join(' '))}
_cx_plus_claimed=${posixQuote(plusProfileClaims(commands).join(' '))}
_cx_commands=${posixQuote(commands.map(wordOf).join(' '))}

# Completes the arguments of cx command $1; 1 for one whose arguments are a launch's (explain).
# _cx_args PLUS POSITIONALS OPTIONS PROFILE_OPTIONS TEXT_OPTIONS (see there).
_cx_command() {
    case $1 in
${commands.map(branch).join('\n')}
        *) return 1 ;;
    esac
    return 0
}

# The options explain (a launch's arguments follow) takes before codex's arguments, in _cx_prefix.
${prefixOptions(commands)}`;
}
