// The command part of completions/cx.zsh: the words cx claims (with their help summaries) and, per
// command, what completes after it, as data for the hand-written glue (_cx_args, _cx_secret).
import { alwaysClaimed, claimedWords, flagsOf, optionBriefs, plusProfileClaims, positionalWords, type Registered, wordOf } from './registered.ts';
import { posixQuote } from './shell-quote.ts';

/** `word:description` for _describe (a colon in the word would need a backslash; words have none). */
const described = (word: string, text: string): string => posixQuote(`${word}:${text}`);

function branch(command: Registered): string {
  const words = claimedWords(command).join('|');
  const { completer } = command.about;
  if (completer === 'codex') return `        (${words}) return 1 ;;`;
  if (completer === 'secret') return `        (${words}) _cx_secret ;;`;
  const args = [
    command.about.plusProfile === true ? '1' : '0',
    positionalWords(command),
    flagsOf(command, 'profile').join(' '),
    flagsOf(command, 'text').join(' '),
  ].map(posixQuote);
  const options = optionBriefs(command).map(([flag, brief]) => described(flag, brief));
  return `        (${words}) _cx_args ${[...args, ...options].join(' ')} ;;`;
}

/** Sets reply to the options (OPTION:BRIEF) a command whose arguments are a launch's takes before them. */
function prefixOptions(commands: readonly Registered[]): string {
  const branches = commands
    .filter((command) => command.about.completer === 'codex')
    .map((command) => `        (${claimedWords(command).join('|')}) reply=(${optionBriefs(command).map(([flag, brief]) => described(flag, brief)).join(' ')}) ;;\n`);
  return `(( $+functions[_cx_prefix_options] )) ||\n_cx_prefix_options() {\n    case $1 in\n${branches.join('')}        (*) reply=() ;;\n    esac\n}\n`;
}

export function zshCommandPart(commands: readonly Registered[]): string {
  return `# The words cx claims as a first argument, those it claims only with a +PROFILE after them
# (codex has commands of those names), and those it offers there with their summaries.
(( $+functions[_cx_claims] )) ||
_cx_claims() {
    reply=(${alwaysClaimed(commands).join(' ')})
}

(( $+functions[_cx_plus_claims] )) ||
_cx_plus_claims() {
    reply=(${plusProfileClaims(commands).join(' ')})
}

(( $+functions[_cx_command_words] )) ||
_cx_command_words() {
    reply=(
${commands.map((command) => `        ${described(wordOf(command), command.describe)}`).join('\n')}
    )
}

# Completes the arguments of cx command $1; 1 for one whose arguments are a launch's (explain).
# _cx_args PLUS POSITIONALS PROFILE_OPTIONS TEXT_OPTIONS OPTION:BRIEF ... (see there).
(( $+functions[_cx_command] )) ||
_cx_command() {
    case $1 in
${commands.map(branch).join('\n')}
        (*) return 1 ;;
    esac
    return 0
}

# The options explain (a launch's arguments follow) takes before codex's arguments, in reply.
${prefixOptions(commands)}`;
}
