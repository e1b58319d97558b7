// The command part of completions/cx.fish: the words cx claims (with their help summaries) and, per
// command, what completes after it, as data for the hand-written glue (__fish_cx_args, __fish_cx_secret).
import { alwaysClaimed, claimedWords, flagsOf, optionBriefs, plusProfileClaims, positionalWords, type Registered, wordOf } from './registered.ts';
import { fishQuote } from './shell-quote.ts';

/** printf of `word<TAB>text` lines (one pair a line after the first), or nothing to print. */
function printPairs(pairs: readonly [string, string][], indent: string): string {
  if (pairs.length === 0) return 'true';
  return `printf '%s\\t%s\\n' ${pairs.map((pair) => pair.map(fishQuote).join(' ')).join(` \\\n${indent}    `)}`;
}

/** The options a command whose arguments are a launch's takes before them, as `OPTION<TAB>BRIEF` lines. */
function prefixOptions(commands: readonly Registered[]): string {
  const branches = commands
    .filter((command) => command.about.completer === 'codex')
    .map((command) => `        case ${claimedWords(command).join(' ')}\n            ${printPairs(optionBriefs(command), '            ')}\n`);
  return `function __fish_cx_prefix_options\n    switch $argv[1]\n${branches.join('')}    end\nend\n`;
}

function branch(command: Registered): string {
  const head = `        case ${claimedWords(command).join(' ')}\n`;
  const { completer } = command.about;
  if (completer === 'codex') return `${head}            return 1`;
  if (completer === 'secret') return `${head}            __fish_cx_secret $argv[2..-1]`;
  const args = [
    command.about.plusProfile === true ? '1' : '0',
    positionalWords(command),
    flagsOf(command, 'profile').join(' '),
    flagsOf(command, 'text').join(' '),
  ].map(fishQuote);
  return `${head}            __fish_cx_args ${args.join(' ')} $argv[2..-1]\n            or ${printPairs(optionBriefs(command), '            ')}`;
}

export function fishCommandPart(commands: readonly Registered[]): string {
  return `# The words cx claims as a first argument.
function __fish_cx_claims
    printf '%s\\n' ${alwaysClaimed(commands).join(' ')}
end

# The words cx claims only with a +PROFILE after them (codex has commands of those names).
function __fish_cx_plus_claims
    ${plusProfileClaims(commands).length === 0 ? 'true' : `printf '%s\\n' ${plusProfileClaims(commands).join(' ')}`}
end

# The words cx offers as a first argument, with their summaries.
function __fish_cx_command_words
    ${printPairs(commands.map((command) => [wordOf(command), command.describe]), '    ')}
end

# Completes the arguments of cx command $argv[1] ($argv[2..-1]: the words after it, the last the
# one under the cursor); 1 for one whose arguments are a launch's (explain).
function __fish_cx_command
    switch $argv[1]
${commands.map(branch).join('\n')}
        case '*'
            return 1
    end
    return 0
end

# The options explain (a launch's arguments follow) takes before codex's arguments.
${prefixOptions(commands)}`;
}
