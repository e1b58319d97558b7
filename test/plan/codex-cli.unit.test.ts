// codex's command/option table (src/plan/codex-cli.ts) against what the pinned codex says about
// itself, recorded in test/fixtures/codex-cli/ (test/plan/codex-cli-live.test.ts keeps the
// recording true). Every entry decides where `-p` goes and whether cx's checks run, so every entry
// is tested through readCodexArgs, the way a launch reads the command line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCodexArgs } from '../../src/plan/codex-args.ts';
import { NO_PROFILE_SUBCOMMANDS, PROFILE_SUBCOMMANDS, ROOT_VALUE_OPTIONS } from '../../src/plan/codex-cli.ts';
import { runsModel } from '../../src/plan/decide-launch-mode.ts';

const DIR = join(new URL('../..', import.meta.url).pathname, 'test', 'fixtures', 'codex-cli');
const HELP = readFileSync(join(DIR, 'help.txt'), 'utf8');
const PROFILE_ERROR = readFileSync(join(DIR, 'profile-commands.txt'), 'utf8');

/** The section of `codex --help` under `heading:` up to the next heading. */
function section(heading: string): string[] {
  const lines = HELP.split('\n');
  const start = lines.indexOf(`${heading}:`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => /^\S.*:$/.test(line));
  return end === -1 ? rest : rest.slice(0, end);
}

/** Commands and their aliases, from the Commands section. */
const COMMANDS: string[] = (() => {
  const out: string[] = [];
  const lines = section('Commands');
  lines.forEach((line, i) => {
    const name = /^ {2}(\S+)\s/.exec(line)?.[1];
    if (name === undefined) return;
    out.push(name);
    // `[aliases: e]` may end this line or the next (wrapped description).
    const text = `${line} ${/^ {3,}/.test(lines[i + 1] ?? '') ? (lines[i + 1] ?? '') : ''}`;
    for (const alias of /\[aliases: ([^\]]+)\]/.exec(text)?.[1]?.split(/,\s*/) ?? []) out.push(alias);
  });
  return out;
})();

interface RootOption {
  names: string[];
  takesValue: boolean;
}

/** Root options, from the Options section: `-c, --config <key=value>`, `--oss`, … */
const OPTIONS: RootOption[] = section('Options')
  .map((line) => /^ {2}(?:(-\w), )? *(--[\w-]+)( <[^>]+>)?/.exec(line))
  .filter((m): m is RegExpExecArray => m !== null)
  .map((m) => ({ names: [m[1], m[2]].filter((n): n is string => n !== undefined), takesValue: m[3] !== undefined }));

/** `codex X` named by the error codex prints for -p before a command that does not take it. */
// codex's error omits `agents`, which reads the profile all the same (probe
// p-accepted-by-the-commands-cx-passes-it-to in test/codex-facts/ runs it under a terminal).
const TAKE_PROFILE: Set<string> = new Set([...[...PROFILE_ERROR.matchAll(/`codex ([\w -]+)`/g)].map((m) => m[1] as string), 'agents']);

describe('the recording is read as expected (else every case below would pass vacuously)', () => {
  it('finds commands, options with and without values, and the commands taking -p', () => {
    expect(COMMANDS).toEqual(expect.arrayContaining(['exec', 'e', 'login', 'apply', 'a', 'fork', 'help']));
    expect(OPTIONS.find((o) => o.names.includes('--cd'))).toEqual({ names: ['-C', '--cd'], takesValue: true });
    expect(OPTIONS.find((o) => o.names.includes('--oss'))).toEqual({ names: ['--oss'], takesValue: false });
    expect([...TAKE_PROFILE]).toEqual(expect.arrayContaining(['exec', 'mcp', 'sandbox', 'debug prompt-input']));
  });
});

describe("codex's command table (codex-cli.ts) is codex's own", () => {
  it('lists every root option that takes a value, and no other', () => {
    const withValue = OPTIONS.filter((o) => o.takesValue).flatMap((o) => o.names);
    expect([...ROOT_VALUE_OPTIONS].sort()).toEqual([...withValue].sort());
  });

  it('knows every command codex lists, each once, as taking -p or refusing it', () => {
    const known = [...PROFILE_SUBCOMMANDS, ...NO_PROFILE_SUBCOMMANDS].sort();
    expect(known).toEqual([...new Set(COMMANDS)].sort());
    expect(known.length).toBe(new Set(known).size);
  });
});

describe('a root option that takes a value: the word after it is its value, not the subcommand', () => {
  const cases = OPTIONS.filter((o) => o.takesValue && !o.names.includes('--profile')).flatMap((o) => o.names);
  it.each(cases)('`%s dir login`: login is the subcommand and refuses -p', (option) => {
    const shape = readCodexArgs([option, 'login', 'login']);
    expect(shape.subcommand).toBe('login');
    expect(shape.acceptsProfile).toBe(false);
  });
  it.each(cases)('`%s doctor` alone: doctor is the value, the TUI runs (takes -p)', (option) => {
    const shape = readCodexArgs([option, 'doctor']);
    expect(shape.subcommand).toBeNull();
    expect(shape.acceptsProfile).toBe(true);
  });
  it('`-C dir login` and `--cd dir login` (the option-value table emptied took dir for the subcommand)', () => {
    for (const cd of ['-C', '--cd']) {
      const shape = readCodexArgs([cd, 'dir', 'login']);
      expect(shape).toMatchObject({ subcommand: 'login', acceptsProfile: false });
      expect(runsModel(shape)).toBe(false);
    }
  });
});

describe('a root flag (no value) before a subcommand does not hide it', () => {
  const flags = OPTIONS.filter((o) => !o.takesValue).flatMap((o) => o.names);
  it.each(flags)('`%s login`: login is the subcommand', (flag) => {
    expect(readCodexArgs([flag, 'login']).subcommand).toBe('login');
  });
  it('`--yolo login` (a hidden alias of codex) and `--search doctor`', () => {
    expect(readCodexArgs(['--yolo', 'login'])).toMatchObject({ subcommand: 'login', acceptsProfile: false });
    expect(readCodexArgs(['--search', 'doctor'])).toMatchObject({ subcommand: 'doctor', acceptsProfile: false });
  });
});

describe('each command: whether -p is placed, as codex says', () => {
  it.each([...new Set(COMMANDS)])('`codex %s`', (command) => {
    const shape = readCodexArgs([command]);
    expect(shape.subcommand).toBe(command);
    const alias: Record<string, string> = { e: 'exec', a: 'apply' };
    expect(shape.acceptsProfile).toBe(TAKE_PROFILE.has(alias[command] ?? command));
  });
  it('`debug prompt-input` is the one debug command taking -p', () => {
    expect(TAKE_PROFILE.has('debug prompt-input')).toBe(true);
    expect(readCodexArgs(['debug', 'prompt-input']).acceptsProfile).toBe(true);
    expect(readCodexArgs(['debug', 'models']).acceptsProfile).toBe(false);
  });
});

describe('which command lines run a model (credentials and the capability check)', () => {
  it.each([
    [[], true],
    [['fix the bug'], true],
    [['exec', 'hi'], true],
    [['e', 'hi'], true],
    [['review'], true],
    [['resume', '--last'], true],
    [['fork', '--last'], true],
    [['mcp', 'list'], false],
    [['sandbox', '--', 'true'], false],
    [['archive', 'x'], false],
    [['unarchive', 'x'], false],
    [['delete', 'x'], false],
    [['queue', 'x'], false],
    [['migrate-nfs-db'], false],
    [['debug', 'prompt-input'], false],
    [['login'], false],
    [['apply'], false],
    [['cloud'], false],
    [['exec', '--help'], false],
    [['--version'], false],
    [['-h'], false],
  ])('%j → %s', (args, model) => {
    expect(runsModel(readCodexArgs(args))).toBe(model);
  });
});
