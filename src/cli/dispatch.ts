// cx's own command line: every cx command (src/commands/, listed in src/commands/index.ts) on
// yargs, which gives the help (`cx COMMAND --help`, `cx --cx-help`), the usage errors (one line,
// exit 64), unknown options, did-you-mean for subcommands and strictness. Loaded lazily, only for a
// cx command: yargs (ESM-only) is imported here with import(), never on the launch path.
import type { Argv } from 'yargs';
import { CxError } from '../cx-error.ts';
import { loadCommand } from './load-command.ts';
import { EXIT } from '../exit-status.ts';
import { CX_COMMAND_MODULES, commandWord } from '../commands/index.ts';
import { MAIN_EPILOGUE, MAIN_USAGE, CX_OPTION_HELP } from '../commands/main-help.ts';
import { type CxCommand, type Dispatched, usageHint } from '../commands/command-module.ts';
import type { CommandContext } from './command-context.ts';
import type { CxInvocation } from './split-argv.ts';
import { safeUsageMessage } from './usage-message.ts';

const HELP_FLAGS = ['-h', '--help'];

/**
 * The words yargs parses for this invocation. `--cx-help` is the help of the command it came with
 * (the main help for a launch). explain's arguments after its prefix are codex's, so only a help
 * flag right after `explain` is cx's; every other command's arguments are its own.
 */
export function yargsWords(invocation: CxInvocation): string[] {
  if (invocation.options.has('--cx-help')) return invocation.command === 'launch' ? ['--help'] : [invocation.command, '--help'];
  if (invocation.command === 'explain') return HELP_FLAGS.includes(invocation.rest[0] ?? '') ? ['explain', '--help'] : ['explain'];
  return [invocation.command, ...invocation.rest];
}

/** yargs with cx's commands (the registry, src/commands/index.ts) and settings; `yargsFactory` is yargs's default export. */
export function buildParser(yargsFactory: () => Argv, words: readonly string[], commands: readonly CxCommand<never>[] = CX_COMMAND_MODULES): Argv<Dispatched> {
  const parser = yargsFactory()
    .scriptName('cx')
    .locale('en')
    .detectLocale(false)
    .exitProcess(false)
    .wrap(100)
    // Values are taken as written: a profile or secret name `0123` stays a string; `--x-y` stays `x-y`.
    .parserConfiguration({
      'parse-numbers': false,
      'parse-positional-numbers': false,
      'camel-case-expansion': false,
      'dot-notation': false,
      'boolean-negation': false,
      'populate--': true,
      'strip-dashed': true,
    })
    .usage(MAIN_USAGE)
    .epilogue(MAIN_EPILOGUE)
    .strict()
    .recommendCommands()
    .help('help')
    .alias('help', 'h')
    // `cx --help` is codex's: the main help does not offer it (`cx COMMAND --help` is each command's).
    .hide('help')
    .version(false);
  // Shown in the main help only: split-argv.ts claims them before codex's arguments.
  for (const [name, describe] of CX_OPTION_HELP) parser.option(name, { type: 'boolean', describe, global: false });
  for (const module of commands) parser.command({ ...module, aliases: module.about.aliases ?? [] } as never);
  return parser
    .demandCommand(1, 'name a cx command')
    .fail((message: string | null, error: Error | undefined) => {
      // An error a handler threw is the command's own (a CxError, or a bug): as it is. yargs's
      // own (YError: an option without its value) is a usage error like the others.
      if (error !== undefined && error.name !== 'YError') throw error;
      throw usageError(message ?? error?.message ?? 'bad arguments', words);
    }) as unknown as Argv<Dispatched>;
}

/** A yargs complaint as cx's usage error: one line naming the command, and where its help is. */
function usageError(message: string, words: readonly string[]): CxError {
  const command = words[0] ?? '';
  const suggestion = /^Did you mean ([a-z]+)\?$/.exec(message.trim());
  if (suggestion !== null) {
    const typed = words.find((word, i) => i > 0 && !word.startsWith('-')) ?? '';
    return new CxError(`unknown command ${safeUsageMessage(typed, [typed])} (cx ${command})`, EXIT.usage, `did you mean \`cx ${command} ${suggestion[1] ?? ''}\`?`);
  }
  const shown = safeUsageMessage(message, words);
  const text = shown.startsWith(`cx ${command} `) ? shown : `${shown.charAt(0).toLowerCase()}${shown.slice(1)} (cx ${command})`;
  return new CxError(text, EXIT.usage, usageHint(command));
}

/** Runs a cx command (not a launch, not `__complete`): parses with yargs and runs its handler. */
export async function dispatchCommand(invocation: CxInvocation, context: CommandContext, commands: readonly CxCommand<never>[] = CX_COMMAND_MODULES): Promise<void> {
  const words = yargsWords(invocation);
  const dispatched: Dispatched = { cx: { context, invocation } };
  const direct = commands.find((module) => commandWord(module) === words[0] && module.runsWithoutParser?.(words) === true);
  if (direct !== undefined) {
    await direct.handler({ ...dispatched, _: [], $0: 'cx' } as never);
    return;
  }
  const { yargsFactory } = await loadCommand('yargs-factory');
  // With a callback, yargs hands the help it would print to it instead of console.log, which would
  // swallow a closed pipe: written here, a closed pipe ends cx quietly (141) as everywhere else.
  let output = '';
  await buildParser(yargsFactory, words, commands).parseAsync(words, dispatched, (_error, _argv, text) => {
    output = text;
  });
  if (output !== '') process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
}

/** The main help as `cx --cx-help` prints it (for tests and docs checks). */
export async function mainHelp(): Promise<string> {
  const { yargsFactory } = await loadCommand('yargs-factory');
  return buildParser(yargsFactory, []).getHelp();
}
