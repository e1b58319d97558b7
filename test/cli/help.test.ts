// cx's own help, through real processes: `cx --cx-help`, and `cx COMMAND --help` / `-h` for every
// cx command, while `cx --help` and words after explain's first argument stay codex's.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CX_COMMANDS, CX_OPTIONS } from '../../src/cli/split-argv.ts';
import { CX_HELP } from '../../src/cli/help.ts';
import { EXIT } from '../../src/exit-status.ts';
import { SHIM_CANNOT_WRITE_STATUS, SHIM_NONE_STATUS } from '../../src/cli/shim.ts';
import { cleanEnv, runCx, tempDir } from '../helpers/cx-process.ts';
import { SYSTEM_PATH, recorderFake } from '../helpers/fake-codex.ts';

/** An environment where a codex exists (a recorder) and no keyring is reachable. */
function env(extra: Record<string, string> = {}): { env: Record<string, string>; codex: ReturnType<typeof recorderFake> } {
  const codex = recorderFake(join(tempDir('cx-help-'), 'codex'));
  return { env: cleanEnv({ PATH: SYSTEM_PATH, CX_CODEX_BIN: codex.bin, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', ...extra }), codex };
}

const MAN_POINTER = /See man (cx|cxrc)\b[^\n]*\n?$/;

describe('cx --cx-help', () => {
  it('lists every cx command and option, says what goes to codex, and points to the man pages', async () => {
    const { env: e, codex } = env();
    const result = await runCx(['--cx-help'], { env: e });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(CX_HELP.replace(/\n$/, ''));
    expect(codex.ran()).toBe(false);
    for (const command of CX_COMMANDS) expect(result.stdout).toMatch(new RegExp(`^  cx ${command}\\b|/ cx ${command}\\b`, 'm'));
    for (const option of CX_OPTIONS) expect(result.stdout).toMatch(new RegExp(`^  ${option}\\b`, 'm'));
    expect(result.stdout).toContain('`cx --help` and `cx --version` are codex\'s own');
    expect(result.stdout).toContain('cx -- ARGS');
    expect(result.stdout).toContain('`cx COMMAND --help`');
    expect(result.stdout).toMatch(MAN_POINTER);
    expect(result.stdout.split('\n').filter((line) => line.length > 100)).toEqual([]);
  });

  it('`cx --help` and `cx -h` are codex\'s: passed through untouched', async () => {
    for (const flag of ['--help', '-h']) {
      const { env: e, codex } = env();
      const result = await runCx([flag], { env: e });
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toBe('');
      expect(codex.read().argv).toEqual([flag]);
    }
  });
});

// The first line each command's help starts with: its usage, as its parser takes it.
const USAGE: Readonly<Record<(typeof CX_COMMANDS)[number], string>> = {
  explain: 'usage: cx explain [--json] [+PROFILE] [--cx-OPTION ...] [CODEX ARGS ...]',
  doctor: 'usage: cx doctor [--json] [--cx-only] [+PROFILE] [-- CODEX ARGS ...]',
  profiles: 'usage: cx profiles [--json]',
  trust: 'usage: cx trust [FILE]',
  untrust: 'usage: cx trust [FILE]',
  secret: 'usage: cx secret set|get|rm|ls [NAME] [--profile P] [--reveal]',
  completion: 'usage: cx completion bash|zsh|fish',
  migrate: 'usage: cx migrate [--write]',
  shim: 'usage: cx shim install [DIR]',
  status: 'usage: cx status [+PROFILE] [--json] [--prompt]',
  init: 'usage: cx init [NAME] [--provider P] [--model M] [--region R] [--base-url U] [OPTION ...]',
};

describe('cx COMMAND --help', () => {
  it.each(CX_COMMANDS.flatMap((command) => ['--help', '-h'].map((flag) => [command, flag] as const)))('cx %s %s: its usage, the man page pointer, nothing run', async (command, flag) => {
    const { env: e, codex } = env();
    const result = await runCx([command, flag], { env: e });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(USAGE[command]);
    expect(result.stdout).toMatch(MAN_POINTER);
    expect(result.stdout).not.toContain('cx — a launcher'); // its own help, not the main one
    expect(codex.ran()).toBe(false);
    // Readable in a terminal of ordinary width (the texts help-commands.ts holds; secret, migrate and
    // completion keep theirs beside their parsers).
    if (!['secret', 'migrate', 'completion'].includes(command)) expect(result.stdout.split('\n').filter((line) => line.length > 100)).toEqual([]);
  });

  it('also after other arguments, for commands that take no codex arguments', async () => {
    const { env: e } = env();
    for (const args of [['secret', 'get', 'NAME', '--help'], ['shim', 'install', '/nonexistent/dir', '--help'], ['migrate', '--write', '-h'], ['profiles', '--json', '--help'], ['trust', 'some-file', '--help']]) {
      const result = await runCx(args, { env: e });
      expect(result.exitCode, args.join(' ')).toBe(0);
      expect(result.stdout.split('\n')[0], args.join(' ')).toBe(USAGE[args[0] as (typeof CX_COMMANDS)[number]]);
    }
  });

  it('`cx explain exec --help` explains a run of `codex exec --help`; it is not cx\'s help', async () => {
    const { env: e, codex } = env();
    const result = await runCx(['explain', '--json', 'exec', '--help'], { env: e });
    expect(result.exitCode).toBe(0);
    const plan = JSON.parse(result.stdout) as { command: { args: string[] } };
    expect(plan.command.args).toEqual(['exec', '--help']);
    expect(codex.ran()).toBe(false);
  });

  it('`cx explain --cx-help` and `cx +work --cx-help` print help, and launch nothing', async () => {
    const { env: e, codex } = env();
    const explain = await runCx(['explain', '--cx-help'], { env: e });
    expect(explain.exitCode).toBe(0);
    expect(explain.stdout.split('\n')[0]).toBe(USAGE.explain);
    const launch = await runCx(['+work', '--cx-help', 'exec'], { env: e });
    expect(launch.exitCode).toBe(0);
    expect(launch.stdout).toBe(CX_HELP.replace(/\n$/, ''));
    expect(codex.ran()).toBe(false);
  });

  it('`cx -- shim --help` goes to codex', async () => {
    const { env: e, codex } = env();
    const result = await runCx(['--', 'shim', '--help'], { env: e });
    expect(result.exitCode).toBe(0);
    expect(codex.read().argv).toEqual(['shim', '--help']);
  });

  it('states the exit statuses the commands really use', async () => {
    const { env: e } = env();
    const shim = await runCx(['shim', '--help'], { env: e });
    expect(shim.stdout).toContain(`${SHIM_NONE_STATUS} uninstall found no cx shim`);
    expect(shim.stdout).toContain(`${SHIM_CANNOT_WRITE_STATUS} DIR/codex is not a cx shim`);
    const profiles = await runCx(['profiles', '--help'], { env: e });
    expect(profiles.stdout).toContain(`${EXIT.config} when the selected profile does not exist`);
    const trust = await runCx(['trust', '--help'], { env: e });
    expect(trust.stdout).toContain(`${EXIT.usage} no .cxrc here or above`);
  });
});

/** Every `--option` a command's usage line names is one its parser accepts (it may still refuse the run for another reason). */
describe('the options each help names are accepted', () => {
  const cases: [string, string[]][] = [
    ['explain', ['explain', '--json']],
    ['profiles', ['profiles', '--json']],
    ['migrate', ['migrate']],
    ['secret', ['secret', 'ls', '--profile', 'p']],
    ['secret', ['secret', 'get', 'NAME', '--profile', 'p', '--reveal']],
    ['doctor', ['doctor', '--json', '--cx-only']],
  ];
  it.each(cases)('%s: %j', async (_name, args) => {
    const { env: e } = env({ CODEX_HOME: tempDir('cx-help-home-') });
    const result = await runCx(args, { env: e });
    expect(result.stderr).not.toMatch(/unknown (option|argument)/);
    expect(result.exitCode).not.toBe(EXIT.usage);
  });
});
