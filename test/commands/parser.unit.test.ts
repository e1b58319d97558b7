// cx's command line as yargs parses it, in-process: the one list of command modules agrees with
// the words split-argv.ts claims, help is generated from the modules' definitions, an unknown
// option or a wrong word is a usage error (64, one line, a fix, no typed value shown), and a
// subcommand typed wrong gets a did-you-mean.
import yargs from 'yargs';
import type { Argv } from 'yargs';
import { describe, expect, it } from 'vitest';
import { buildParser, mainHelp, yargsWords } from '../../src/cli/dispatch.ts';
import { safeUsageMessage, showableWord } from '../../src/cli/usage-message.ts';
import { CX_COMMANDS, type CxInvocation } from '../../src/cli/split-argv.ts';
import { CX_COMMAND_MODULES, commandWord } from '../../src/commands/index.ts';
import type { CommandContext } from '../../src/cli/command-context.ts';
import { EXIT } from '../../src/exit-status.ts';
import { isCxError } from '../../src/cx-error.ts';

const factory = yargs as unknown as () => Argv;

/** A context whose every use fails the test: the cases below must end before a handler runs. */
const noContext = new Proxy({}, { get: () => { throw new Error('a handler ran'); } }) as CommandContext;

function invocation(command: CxInvocation['command'], rest: string[], options: CxInvocation['options'] = new Set()): CxInvocation {
  return { command, rest, options, plusProfile: null, json: false, escaped: false };
}

async function parseError(words: string[]): Promise<{ message: string; hint: string | undefined; status: number }> {
  try {
    await buildParser(factory, words).parseAsync(words, { cx: { context: noContext, invocation: invocation('profiles', []) } });
  } catch (error) {
    if (isCxError(error)) return { message: error.message, hint: error.hint, status: error.status };
    throw error;
  }
  throw new Error(`${words.join(' ')} parsed without an error`);
}

describe('the command list', () => {
  it('names exactly the words split-argv.ts claims, each module complete', () => {
    expect(CX_COMMAND_MODULES.map(commandWord).sort()).toEqual([...CX_COMMANDS].sort());
    for (const module of CX_COMMAND_MODULES) {
      expect(typeof module.describe, commandWord(module)).toBe('string');
      expect(typeof module.builder).toBe('function');
      expect(typeof module.handler).toBe('function');
    }
  });
});

describe('help, generated from the definitions', () => {
  it('the main help lists every command with its summary and every --cx- option', async () => {
    const help = await mainHelp();
    for (const module of CX_COMMAND_MODULES) {
      expect(help).toMatch(new RegExp(`^ {2}cx ${commandWord(module)}\\b.*${module.describe.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
    }
    for (const option of ['--cx-dry-run', '--cx-force', '--cx-strict', '--cx-version', '--cx-help']) expect(help).toMatch(new RegExp(`^ +${option}\\b`, 'm'));
    expect(help.split('\n').filter((line) => line.length > 100)).toEqual([]);
  });
});

describe('which words yargs parses', () => {
  it('explain: only a help flag right after the word is cx\'s; codex\'s arguments never reach yargs', () => {
    expect(yargsWords(invocation('explain', ['exec', '--help']))).toEqual(['explain']);
    expect(yargsWords(invocation('explain', ['--help']))).toEqual(['explain', '--help']);
    expect(yargsWords(invocation('launch', ['exec'], new Set(['--cx-help'])))).toEqual(['--help']);
    expect(yargsWords(invocation('doctor', ['--json', '+work']))).toEqual(['doctor', '--json', '+work']);
  });
});

describe('usage errors', () => {
  it('an unknown option: 64, naming it, and where the usage is', async () => {
    const error = await parseError(['profiles', '--jsn']);
    expect(error.status).toBe(EXIT.usage);
    expect(error.message).toBe('unknown argument: --jsn (cx profiles)');
    expect(error.hint).toBe('`cx profiles --help` shows its usage');
  });

  it('an unexpected word, options that conflict, a missing value: 64 each', async () => {
    expect((await parseError(['migrate', 'write'])).message).toBe('unknown argument: write (cx migrate)');
    expect((await parseError(['trust', '--list', '--prune'])).message).toMatch(/--list and --prune are mutually exclusive/);
    expect((await parseError(['secret', 'get', 'A', '--profile'])).message).toMatch(/not enough arguments following: --profile/);
    expect((await parseError(['completion'])).status).toBe(EXIT.usage);
  });

  it('did-you-mean for a subcommand typed wrong', async () => {
    const error = await parseError(['secret', 'lss']);
    expect(error.status).toBe(EXIT.usage);
    expect(error.message).toBe('unknown command lss (cx secret)');
    expect(error.hint).toBe('did you mean `cx secret ls`?');
    expect((await parseError(['shim', 'instal'])).hint).toBe('did you mean `cx shim install`?');
  });

  it('never shows a typed word that could be a secret', async () => {
    const secret = 'sk-SENTINEL-1234567890';
    for (const words of [['secret', secret], ['secret', 'get', 'A', `--${secret}`], ['profiles', secret], ['doctor', '+a', secret]]) {
      const error = await parseError(words);
      expect(`${error.message} ${error.hint ?? ''}`).not.toContain('SENTINEL');
      expect(error.message).toContain('(not shown)');
    }
  });
});

describe('safeUsageMessage', () => {
  it('keeps option and command names, hides anything with digits or other characters', () => {
    expect(showableWord('--json')).toBe(true);
    expect(showableWord('ls')).toBe(true);
    expect(showableWord('sk-1234')).toBe(false);
    expect(showableWord('a/b')).toBe(false);
    expect(safeUsageMessage('Unknown arguments: jsn, sk-12', ['--jsn', 'sk-12'])).toBe('Unknown arguments: --jsn, (not shown)');
    expect(safeUsageMessage('Unknown argument: k9', ['--k9=x'])).toBe('Unknown argument: (not shown)');
  });
});
