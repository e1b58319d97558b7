import { describe, expect, it } from 'vitest';
import { CX_COMMANDS, splitArgv } from '../../src/cli/split-argv.ts';
import { COMMAND_LIKE_WORDS } from '../../src/cli/not-a-prompt.ts';
import type { CxError } from '../../src/cx-error.ts';
import { EXIT } from '../../src/exit-status.ts';
import { cxErrorOf } from '../helpers/cx-error.ts';

function usageError(argv: string[]): CxError {
  return cxErrorOf(() => splitArgv(argv), `a usage error for ${JSON.stringify(argv)}`);
}

describe('splitArgv', () => {
  it('gives every argument to codex when cx claims none', () => {
    const argv = ['exec', '--skip-git-repo-check', 'say "hi"', '', 'a\nb', '--', '--cx-force', '+x'];
    const split = splitArgv(argv);
    expect(split.command).toBe('launch');
    expect(split.rest).toEqual(argv);
    expect(split.plusProfile).toBeNull();
  });

  it('claims a leading +PROFILE and --cx- options, in any order, before codex arguments', () => {
    const split = splitArgv(['--cx-force', '+work', 'exec', '+later', '--cx-dry-run']);
    expect(split.plusProfile).toBe('work');
    expect([...split.options]).toEqual(['--cx-force']);
    expect(split.rest).toEqual(['exec', '+later', '--cx-dry-run']);
    expect(split.command).toBe('launch');
  });

  it('turns --cx-dry-run into explain', () => {
    const split = splitArgv(['--cx-dry-run', '+ci', 'exec', 'x']);
    expect(split.command).toBe('explain');
    expect(split.rest).toEqual(['exec', 'x']);
  });

  it('claims command words only as the first argument', () => {
    expect(splitArgv(['explain', '--json', '+a', 'exec']).command).toBe('explain');
    expect(splitArgv(['explain', '--json', '+a', 'exec'])).toMatchObject({ json: true, plusProfile: 'a', rest: ['exec'] });
    expect(splitArgv(['exec', 'explain']).command).toBe('launch');
    expect(splitArgv(['+a', 'explain', 'exec'])).toMatchObject({ command: 'launch', rest: ['explain', 'exec'] });
  });

  it('--json belongs to explain only', () => {
    expect(splitArgv(['--json']).rest).toEqual(['--json']);
    expect(splitArgv(['--json']).json).toBe(false);
  });

  it('--verbose belongs to explain only, before codex\'s arguments', () => {
    expect(splitArgv(['explain', '--verbose', '+a', 'exec'])).toMatchObject({ command: 'explain', verbose: true, plusProfile: 'a', rest: ['exec'] });
    expect(splitArgv(['explain', '+a', 'exec']).verbose).toBeUndefined();
    expect(splitArgv(['explain', 'exec', '--verbose']).rest).toEqual(['exec', '--verbose']);
    expect(splitArgv(['--verbose', 'exec']).rest).toEqual(['--verbose', 'exec']);
  });

  it('a leading -- ends the claims and is not passed on', () => {
    expect(splitArgv(['--', 'explain', '+x', '--cx-force'])).toMatchObject({ command: 'launch', rest: ['explain', '+x', '--cx-force'], escaped: true });
    expect(splitArgv(['+w', '--', '--', 'y'])).toMatchObject({ plusProfile: 'w', rest: ['--', 'y'] });
    expect(splitArgv(['exec', '--', 'y']).rest).toEqual(['exec', '--', 'y']);
  });

  it('claims login and logout only with a +PROFILE after them: alone they are codex\'s own commands', () => {
    expect(splitArgv(['login', '+work', '--with-api-key'])).toMatchObject({ command: 'login', plusProfile: null, rest: ['+work', '--with-api-key'] });
    expect(splitArgv(['logout', '+work'])).toMatchObject({ command: 'logout', rest: ['+work'] });
    expect(splitArgv(['login', '--with-api-key'])).toMatchObject({ command: 'launch', rest: ['login', '--with-api-key'] });
    expect(splitArgv(['login'])).toMatchObject({ command: 'launch', rest: ['login'] });
    expect(splitArgv(['logout'])).toMatchObject({ command: 'launch', rest: ['logout'] });
    // After a prefix, codex's `login` is a command codex knows, not a prompt.
    expect(splitArgv(['+work', 'login'])).toMatchObject({ command: 'launch', plusProfile: 'work', rest: ['login'] });
  });

  it('leaves the arguments of other cx commands to them', () => {
    expect(splitArgv(['doctor', '+x', '--cx-bogus'])).toMatchObject({ command: 'doctor', rest: ['+x', '--cx-bogus'] });
  });

  it.each([
    [['+'], /needs a profile name/],
    [['+a.b'], /not valid/],
    [['+a b'], /not valid/],
    [['+a/b'], /not valid/],
    [['+a', '+b'], /two profiles/],
    [['--cx-bogus'], /unknown cx option --cx-bogus/],
    [['--cx-force=1'], /unknown cx option/],
    [['explain', '--cx-nope'], /unknown cx option/],
  ])('rejects %j with a usage error', (argv, message) => {
    const error = usageError(argv);
    expect(error.status).toBe(EXIT.usage);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  describe('words that are not prompts (product.md rule)', () => {
    it.each(CX_COMMANDS.filter((word) => word !== 'login' && word !== 'logout').map((word) => [word]))('refuses the cx command word %s alone after a prefix, naming cx WORD and the escape', (word) => {
      for (const prefix of [['+work'], ['--cx-force'], ['--cx-strict', '+w']]) {
        const error = usageError([...prefix, word]);
        expect(error.status).toBe(EXIT.usage);
        expect(error.message).toContain(`\`${word}\``);
        expect(error.hint).toContain(`cx ${word}`);
        expect(error.hint).toContain(`\`cx -- ${word}\``);
      }
    });

    it.each(COMMAND_LIKE_WORDS.map((word) => [word]))('refuses the command-like word %s alone, with or without a prefix, and in explain', (word) => {
      // `status` and `init` are cx commands too: first, they run cx's; after a prefix they are refused.
      const bare = (CX_COMMANDS as readonly string[]).includes(word) ? [] : [[word]];
      for (const argv of [...bare, ['+work', word], [word.toUpperCase()], ['explain', word], ['--cx-dry-run', word]]) {
        const error = usageError(argv);
        expect(error.status).toBe(EXIT.usage);
        expect(error.hint).toMatch(/^did you mean /);
        expect(error.hint).toContain(`\`cx -- ${argv[argv.length - 1]}\``);
      }
    });

    it('passes the same words with the escape, with more words, or inside codex arguments', () => {
      expect(splitArgv(['--', 'status'])).toMatchObject({ command: 'launch', rest: ['status'], escaped: true });
      expect(splitArgv(['+w', '--', 'profiles'])).toMatchObject({ rest: ['profiles'], escaped: true });
      expect(splitArgv(['list', 'of', 'the', 'builds'])).toMatchObject({ command: 'launch', rest: ['list', 'of', 'the', 'builds'] });
      expect(splitArgv(['status', '+w'])).toMatchObject({ command: 'status', rest: ['+w'] });
      expect(splitArgv(['exec', 'status']).rest).toEqual(['exec', 'status']);
      expect(splitArgv(['+w', 'profiles', 'x']).rest).toEqual(['profiles', 'x']);
      // codex's own subcommands are commands, not prompts.
      for (const word of ['login', 'logout', 'exec', 'resume', 'features', 'mcp']) expect(splitArgv(['+w', word]).rest).toEqual([word]);
      expect(splitArgv(['statusline']).rest).toEqual(['statusline']);
    });
  });
});
