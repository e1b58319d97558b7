import { describe, expect, it } from 'vitest';
import { afterOverridesOf, readCodexArgs } from '../../src/plan/codex-args.ts';

describe('readCodexArgs', () => {
  it.each([
    [[], null, true],
    [['fix the bug'], null, true],
    [['exec', 'hi'], 'exec', true],
    [['e', 'hi'], 'e', true],
    [['-m', 'gpt', 'exec'], 'exec', true],
    [['-c', 'model="doctor"', 'review'], 'review', true],
    [['--model=x', 'resume', '--last'], 'resume', true],
    [['doctor'], 'doctor', false],
    [['login', 'status'], 'login', false],
    [['completion', 'bash'], 'completion', false],
    [['features', 'list'], 'features', false],
    [['debug', 'models'], 'debug', false],
    [['debug', 'prompt-input'], 'debug', true],
    [['-c', 'x=1', 'logout'], 'logout', false],
    [['--search', 'mcp', 'list'], 'mcp', true],
    [['--', 'doctor'], null, true],
  ])('%j → subcommand %s, accepts -p: %s', (args, subcommand, accepts) => {
    const shape = readCodexArgs(args);
    expect(shape.subcommand).toBe(subcommand);
    expect(shape.acceptsProfile).toBe(accepts);
    expect(shape.explicitProfile).toBeNull();
  });

  it.each([
    [['-p', 'a', 'exec'], 'a'],
    [['exec', '-p', 'b', 'hi'], 'b'],
    [['exec', '--profile', 'c'], 'c'],
    [['--profile=d', 'exec'], 'd'],
    [['-pe', 'exec'], 'e'],
    [['-p=f'], 'f'],
  ])('finds the explicit profile in %j', (args, name) => {
    expect(readCodexArgs(args).explicitProfile).toBe(name);
  });

  it('does not look for -p after --', () => {
    expect(readCodexArgs(['exec', '--', '-p', 'x']).explicitProfile).toBeNull();
  });

  it('does not mistake an option value for -p', () => {
    expect(readCodexArgs(['-m', '-p']).explicitProfile).toBeNull();
  });

  it('tells help and version requests, which run no model, from runs', () => {
    expect(readCodexArgs(['--version']).informational).toBe(true);
    expect(readCodexArgs(['exec', '--help']).informational).toBe(true);
    expect(readCodexArgs(['-m', 'x', 'exec', 'hi']).informational).toBe(false);
    expect(readCodexArgs(['exec', '--', '--help']).informational).toBe(false);
  });

  it('finds where an override must go to come after the user\'s own for the same table', () => {
    expect(afterOverridesOf(['exec', 'hi'], 'shell_environment_policy')).toBe(0);
    expect(afterOverridesOf(['exec', '-c', 'shell_environment_policy.exclude=["A"]', 'hi'], 'shell_environment_policy')).toBe(3);
    expect(afterOverridesOf(['--config=shell_environment_policy={inherit="all"}', 'exec', '-c', 'model=x'], 'shell_environment_policy')).toBe(1);
    expect(afterOverridesOf(['exec', '--', '-c', 'shell_environment_policy.exclude=[]'], 'shell_environment_policy')).toBe(0);
  });
});

describe('readCodexArgs: --remote', () => {
  it.each([
    [['exec', '--remote', 'ws://127.0.0.1:1', 'hi'], true],
    [['exec', '--remote=ws://127.0.0.1:1', 'hi'], true],
    [['--remote', 'unix://', 'exec', 'hi'], true],
    [['exec', 'resume', '--remote', 'ws://h:1', 'id'], true],
    [['exec', '--remote-auth-token-env', 'TOKEN', '--remote', 'wss://h:1', 'hi'], true],
    [['fork', '--remote-auth-token-env=TOKEN', 'id'], true],
    [['review', '--remote', 'ws://h:1'], true],
    [['exec', 'hi'], false],
    [['exec', '--', '--remote', 'ws://h:1'], false],
    [['exec', '--remotely'], false],
  ])('%j → remote %s', (args, remote) => {
    expect(readCodexArgs(args).remote).toBe(remote);
  });

  it('the value of --remote is not taken for the subcommand or a profile', () => {
    const shape = readCodexArgs(['--remote', 'exec', 'review']);
    expect(shape).toMatchObject({ remote: true, subcommand: 'review', explicitProfile: null });
  });
});
