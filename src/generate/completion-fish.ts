// The command part of completions/cx.fish: the words cx claims (with their help summaries) and, per
// command, what completes after it, as data for the hand-written glue (__fish_cx_args, __fish_cx_secret).
import { claimedWords, flagsOf, optionBriefs, positionalWords, type Registered, wordOf } from './registered.ts';
import { fishQuote } from './shell-quote.ts';

/** printf of `word<TAB>text` lines, or nothing to print. */
function printPairs(pairs: readonly [string, string][]): string {
  return pairs.length === 0 ? 'true' : `printf '%s\\t%s\\n' ${pairs.flatMap((pair) => pair.map(fishQuote)).join(' ')}`;
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
  return `${head}            __fish_cx_args ${args.join(' ')} $argv[2..-1]\n            or ${printPairs(optionBriefs(command))}`;
}

export function fishCommandPart(commands: readonly Registered[]): string {
  return `# The words cx claims as a first argument.
function __fish_cx_claims
    printf '%s\\n' ${commands.flatMap(claimedWords).join(' ')}
end

# The words cx offers as a first argument, with their summaries.
function __fish_cx_command_words
    ${printPairs(commands.map((command) => [wordOf(command), command.describe]))}
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
`;
}
