// A command's registry part (`about`) and its yargs builder name the same options: what the shells
// complete is what the parser takes and the help shows.
import yargs from 'yargs';
import type { Argv } from 'yargs';
import { describe, expect, it } from 'vitest';
import { CX_COMMAND_MODULES, commandWord } from '../../src/commands/index.ts';

/** The options a builder gives yargs, and those of its subcommands (secret's and shim's verbs). */
function parsedOptions(builder: (y: Argv) => Argv): string[] {
  const names = new Set<string>();
  const parser = yargs();
  const command = parser.command.bind(parser);
  // A subcommand's builder runs only when it is parsed: run each one here too.
  (parser as unknown as { command: (m: { builder?: (y: Argv) => Argv }) => Argv }).command = (module) => {
    if (typeof module.builder === 'function') for (const name of parsedOptions(module.builder)) names.add(name);
    return command(module as never);
  };
  builder(parser);
  const { key } = (parser as unknown as { getOptions: () => { key: Record<string, unknown> } }).getOptions();
  for (const name of Object.keys(key)) names.add(name);
  return [...names].filter((name) => !['help', 'version'].includes(name));
}

describe('about.options and the builders agree', () => {
  it.each(CX_COMMAND_MODULES.map((module) => [commandWord(module), module] as const))('%s', (_word, module) => {
    const parsed = parsedOptions(module.builder as unknown as (y: Argv) => Argv);
    for (const name of Object.keys(module.about.options)) expect(parsed, `--${name}`).toContain(name);
  });
});
