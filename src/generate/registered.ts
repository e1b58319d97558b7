// What the generators read of each registered command: its word, help summary and registry part.
import type { CommandAbout, Completer } from '../commands/command-about.ts';

export interface Registered {
  /** yargs's command string: the word, then its positionals (`trust [FILE]`). */
  command: string;
  describe: string;
  about: CommandAbout;
}

/** The word a command is run by. */
export function wordOf(command: Registered): string {
  return command.command.split(' ')[0] ?? '';
}

/** The words a command is claimed by: its name, then its aliases. */
export function claimedWords(command: Registered): string[] {
  return [wordOf(command), ...(command.about.aliases ?? [])];
}

/** Whether cx claims the command's words only when a +PROFILE follows them. */
export function claimedWithPlusProfileOnly(command: Registered): boolean {
  return command.about.claim === 'with +PROFILE';
}

/** The words cx claims whatever follows them (the shells take the others for codex's until a +PROFILE). */
export function alwaysClaimed(commands: readonly Registered[]): string[] {
  return commands.filter((command) => !claimedWithPlusProfileOnly(command)).flatMap(claimedWords);
}

/** The words cx claims only with a +PROFILE after them. */
export function plusProfileClaims(commands: readonly Registered[]): string[] {
  return commands.filter(claimedWithPlusProfileOnly).flatMap(claimedWords);
}

/** The option flags (`--json`) whose value is of `kind`, or that are switches (`kind` null). */
export function flagsOf(command: Registered, kind: 'profile' | 'text' | null): string[] {
  return Object.entries(command.about.options)
    .filter(([, option]) => (option.value ?? null) === kind)
    .map(([name]) => `--${name}`);
}

/** Every option flag with its brief, in the order declared. */
export function optionBriefs(command: Registered): [string, string][] {
  return Object.entries(command.about.options).map(([name, option]) => [`--${name}`, option.brief]);
}

/** A completer as the shells' glue reads it: `words:a,b`, `file`, `directory`, `none`. */
export function completerWord(completer: Completer): string {
  return typeof completer === 'string' ? completer : `words:${completer.words.join(',')}`;
}

/** The positional completers as one space-separated word list ('' when none). */
export function positionalWords(command: Registered): string {
  return (command.about.positionals ?? []).map(completerWord).join(' ');
}

/** The line that opens and the one that closes a generated block, in a file whose comments start with `comment`. */
export function markers(comment: string, what: string): { begin: string; end: string } {
  return {
    begin: `${comment} BEGIN GENERATED ${what} (from src/commands/ by npm run generate; do not edit)`,
    end: `${comment} END GENERATED ${what}`,
  };
}
