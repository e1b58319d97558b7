// How cx reads codex's arguments (src/plan/codex-args.ts): the settings they override, written
// every way codex accepts, and where cx's own -c goes.
import { describe, expect, it } from 'vitest';
import { afterOverridesOf, readCodexArgs } from '../../src/plan/codex-args.ts';

describe('settings given on the command line', () => {
  it.each([
    [['--model', 'gpt-x'], { key: 'model', raw: 'gpt-x', kind: 'string' }],
    [['--model=gpt-x'], { key: 'model', raw: 'gpt-x', kind: 'string' }],
    [['-m', 'gpt-x'], { key: 'model', raw: 'gpt-x', kind: 'string' }],
    [['-mgpt-x'], { key: 'model', raw: 'gpt-x', kind: 'string' }],
    [['-m=gpt-x'], { key: 'model', raw: 'gpt-x', kind: 'string' }],
    [['-ckey=value'], { key: 'key', raw: 'value', kind: 'toml' }],
    [['-c=key=value'], { key: 'key', raw: 'value', kind: 'toml' }],
    [['-c', ' a.b =1'], { key: 'a.b', raw: '1', kind: 'toml' }],
    [['--config', 'a=x=y'], { key: 'a', raw: 'x=y', kind: 'toml' }],
    [['--config=a="q"'], { key: 'a', raw: '"q"', kind: 'toml' }],
    [['--enable', 'voice'], { key: 'features.voice', raw: 'true', kind: 'boolean' }],
    [['--enable=voice'], { key: 'features.voice', raw: 'true', kind: 'boolean' }],
    [['--disable', 'voice'], { key: 'features.voice', raw: 'false', kind: 'boolean' }],
    [['--search'], { key: 'web_search', raw: 'live', kind: 'string' }],
  ])('%j', (args, override) => {
    expect(readCodexArgs(args).overrides).toEqual([override]);
  });

  it('after the subcommand too, in order; none after `--`', () => {
    expect(readCodexArgs(['-m', 'a', 'exec', '--model', 'b', '-c', 'x=1', '--', '-m', 'c']).overrides.map((o) => o.raw)).toEqual(['a', 'b', '1']);
  });

  it('a -c codex rejects (no `=`, or nothing before it) overrides nothing; an option with no value at the end neither', () => {
    expect(readCodexArgs(['-c', 'novalue']).overrides).toEqual([]);
    expect(readCodexArgs(['-c', '=1']).overrides).toEqual([]);
    expect(readCodexArgs(['-m']).overrides).toEqual([]);
    expect(readCodexArgs(['--enable']).overrides).toEqual([]);
    expect(readCodexArgs(['-p']).explicitProfile).toBeNull();
  });

  it('a value that looks like a subcommand is the option\'s value', () => {
    expect(readCodexArgs(['--model', 'login']).subcommand).toBeNull();
    expect(readCodexArgs(['-ckey=login', 'login']).subcommand).toBe('login');
    expect(readCodexArgs(['--enable', 'doctor', 'exec']).subcommand).toBe('exec');
    expect(readCodexArgs(['-p', 'doctor']).subcommand).toBeNull();
    expect(readCodexArgs(['-p', 'doctor']).explicitProfile).toBe('doctor');
  });

  it('a long option is not read as its short form with a value attached (`--model` is not `-m` + "-model")', () => {
    expect(readCodexArgs(['--mx']).overrides).toEqual([]);
    expect(readCodexArgs(['--cd', 'x']).overrides).toEqual([]);
    expect(readCodexArgs(['--profilex']).explicitProfile).toBeNull();
  });

  it('-h/--help/-V/--version anywhere before `--` make the run informational', () => {
    for (const flag of ['-h', '--help', '-V', '--version']) expect(readCodexArgs(['exec', flag]).informational).toBe(true);
    expect(readCodexArgs(['exec', '--', '--help']).informational).toBe(false);
    expect(readCodexArgs(['exec', 'hi']).informational).toBe(false);
  });
});

describe('afterOverridesOf: where cx puts its own -c for a key', () => {
  it('just after the user\'s last -c for that key or under it, whichever way it is written', () => {
    expect(afterOverridesOf(['-c', 'shell_environment_policy.inherit=all', 'exec'], 'shell_environment_policy')).toBe(2);
    expect(afterOverridesOf(['-cshell_environment_policy={}', '-c', 'x=1', 'exec'], 'shell_environment_policy')).toBe(1);
    expect(afterOverridesOf(['exec', '--config=shell_environment_policy.exclude=[]', 'hi'], 'shell_environment_policy')).toBe(2);
    expect(afterOverridesOf(['-c', ' shell_environment_policy.x=1'], 'shell_environment_policy')).toBe(2);
    // codex trims the whole key, not its dotted parts (test/e2e/effective-settings.test.ts).
    expect(afterOverridesOf(['-c', 'shell_environment_policy .x=1'], 'shell_environment_policy')).toBe(0);
  });
  it('0 when there is none, or only after `--`, or only under another key; -m and --enable do not count', () => {
    expect(afterOverridesOf(['exec', 'hi'], 'shell_environment_policy')).toBe(0);
    expect(afterOverridesOf(['--', '-c', 'shell_environment_policy.x=1'], 'shell_environment_policy')).toBe(0);
    expect(afterOverridesOf(['-c', 'shell_environment_policyx=1', '-m', 'shell_environment_policy'], 'shell_environment_policy')).toBe(0);
    expect(afterOverridesOf(['--enable', 'shell_environment_policy'], 'shell_environment_policy')).toBe(0);
  });
});
