// What every cx command module is: a yargs command module (command, describe, builder, handler)
// whose handler gets, beside what yargs parsed, the run's context (`argv.cx`, handed to yargs by
// src/cli/dispatch.ts) and sets the exit status. Types only: yargs itself loads in dispatch.ts.
import type { Argv, ArgumentsCamelCase, CommandModule } from 'yargs';
import type { CommandContext } from '../cli/command-context.ts';
import type { CommandAbout } from './command-about.ts';
import type { CxInvocation } from '../cli/split-argv.ts';

/** What dispatch.ts passes to every handler, as `argv.cx`. */
export interface Dispatched {
  cx: {
    context: CommandContext;
    /** The split argv (launch path): explain takes its +PROFILE, --cx- options and codex arguments from it. */
    invocation: CxInvocation;
  };
}

/** A cx command: `U` is what its builder adds to argv. */
export interface CxCommandModule<U = object> extends CommandModule<Dispatched, Dispatched & U> {
  command: string;
  describe: string;
  builder: (yargs: Argv<Dispatched>) => Argv<Dispatched & U>;
  handler: (argv: ArgumentsCamelCase<Dispatched & U>) => Promise<void>;
  /**
   * When these words need no parsing, the handler runs without yargs, which costs ~100 ms of CPU
   * to load (a budget of its own: explain, whose arguments are codex's, not yargs's). Its argv then
   * holds only `cx`. `words` starts with the command word.
   */
  runsWithoutParser?: (words: readonly string[]) => boolean;
}

/**
 * A cx command: a module in src/commands/ exporting one of these is registered by `npm run
 * generate` (src/commands/index.ts), which also makes completions, man cx and README from `about`.
 */
export interface CxCommand<U = object> extends CxCommandModule<U> {
  about: CommandAbout;
}

/** The fix a usage error of `cx COMMAND` points to. */
export function usageHint(command: string): string {
  return `\`cx ${command} --help\` shows its usage`;
}

/** The man page pointer each help ends with. */
export const MAN_CX = 'See man cx.';
export const MAN_CXRC = 'See man cxrc for the .cxrc format, and man cx.';

/** The `--json` option of every command that prints information (one object, schemaVersion first). */
export const JSON_OPTION = { type: 'boolean', describe: 'print one JSON object (schemaVersion first) instead of text' } as const;

/** The word a module is run by (the first word of its `command`). */
export function commandWord(module: { command: string }): string {
  return module.command.split(' ')[0] ?? '';
}
