import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCxConfig } from '../../src/config/cx-config.ts';
import { CxError } from '../../src/cx-error.ts';
import { isCi } from '../../src/select/ci-detect.ts';
import { gitRemoteUrls, parseRemoteUrls } from '../../src/select/git-remotes.ts';
import { type RuleContext, matchRules } from '../../src/select/match-rules.ts';
import { pathMatch, wildcardMatch } from '../../src/select/wildcard.ts';
import { tempDir } from '../helpers/cx-process.ts';

function rulesFrom(text: string, home = '/home/u') {
  const path = join(tempDir(), 'config.toml');
  writeFileSync(path, text);
  return { rules: loadCxConfig({ CX_CONFIG: path, HOME: home }).rules, path };
}

const context = (over: Partial<RuleContext> = {}): RuleContext => ({ cwd: '/home/u/work/acme/app', ci: false, tty: () => true, remotes: () => [], ...over });

describe('rules', () => {
  it('parses rules with ~ expanded and file:line for each', () => {
    const { rules, path } = rulesFrom('[[rules]]\npath = "~/work/acme/**"\nprofile = "bedrock"\n\n[[rules]]\nci = true\nprofile = "ci"\n');
    expect(rules).toMatchObject([
      { index: 1, at: `${path}:1`, path: '/home/u/work/acme/**', profile: 'bedrock' },
      { index: 2, at: `${path}:5`, ci: true, profile: 'ci' },
    ]);
  });

  it.each([
    ['[[rules]]\npath = "~/x"\n', /rule 1: needs `profile/],
    ['[[rules]]\nprofile = "a"\n[[rules]]\nprofile = "b"\nci = "yes"\n', /:3: rule 2: `ci` must be true or false/],
    ['[[rules]]\nprofile = "a"\npaths = "x"\n', /unknown key `paths`/],
    ['[[rules]]\nprofile = "a"\npath = "work/**"\n', /must be absolute/],
    ['[[rules]]\nprofile = "a b"\n', /not valid/],
  ])('rejects a bad rule %j', (text, message) => {
    let caught: unknown;
    try {
      rulesFrom(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CxError);
    expect((caught as CxError).message).toMatch(message);
  });

  it('picks the first rule whose conditions all hold', () => {
    const { rules } = rulesFrom(
      '[[rules]]\npath = "~/work/acme/**"\nci = true\nprofile = "acme-ci"\n[[rules]]\npath = "~/work/acme/**"\nprofile = "acme"\n[[rules]]\nprofile = "any"\n',
    );
    expect(matchRules(rules, context()).matched?.profile).toBe('acme');
    expect(matchRules(rules, context({ ci: true })).matched?.profile).toBe('acme-ci');
    expect(matchRules(rules, context({ cwd: '/home/u/work/acme' })).matched?.profile).toBe('acme');
    expect(matchRules(rules, context({ cwd: '/home/u/work/acmeish' })).matched?.profile).toBe('any');
    const verdicts = matchRules(rules, context({ cwd: '/tmp' })).verdicts;
    expect(verdicts.map((v) => v.matched)).toEqual([false, false, true]);
    expect(verdicts[0]?.reason).toMatch(/does not match \/tmp/);
  });

  it('matches git remotes with * spanning slashes, reading them only when asked', () => {
    const { rules } = rulesFrom('[[rules]]\ngit_remote = "*github.com*acme-corp/*"\nprofile = "azure"\n[[rules]]\ntty = false\nprofile = "batch"\n');
    let reads = 0;
    const remotes = (urls: string[]) => () => {
      reads += 1;
      return urls;
    };
    expect(matchRules(rules, context({ remotes: remotes(['https://github.com/acme-corp/app.git']) })).matched?.profile).toBe('azure');
    expect(matchRules(rules, context({ remotes: remotes(['git@github.com:acme-corp/app.git']) })).matched?.profile).toBe('azure');
    expect(matchRules(rules, context({ tty: () => false, remotes: remotes(['git@github.com:other/app.git']) })).matched?.profile).toBe('batch');
    expect(reads).toBe(3);
    const { rules: pathOnly } = rulesFrom('[[rules]]\npath = "/nowhere/**"\nprofile = "x"\n');
    matchRules(pathOnly, context({ remotes: remotes([]) }));
    expect(reads).toBe(3);
  });
});

describe('wildcardMatch', () => {
  it.each([
    ['eu-*', 'eu-west-1', true],
    ['eu-*', 'us-east-1', false],
    ['us-gov-*', 'us-gov-west-1', true],
    ['?u-*', 'eu-central-1', true],
    ['[ae]u-*', 'au-x', true],
    ['[!e]u-*', 'eu-x', false],
    ['a.b', 'axb', false],
    ['*', '', true],
  ])('%s ~ %s → %s', (pattern, text, expected) => {
    expect(wildcardMatch(pattern, text)).toBe(expected);
  });
});

describe('pathMatch', () => {
  it.each([
    ['/home/u/work/acme/**', '/home/u/work/acme', true],
    ['/home/u/work/acme/**', '/home/u/work/acme/a/b', true],
    ['/home/u/work/acme/**', '/home/u/work/acmex', false],
    ['/home/u/work/*', '/home/u/work/a', true],
    ['/home/u/work/*', '/home/u/work/a/b', false],
    ['/home/u/*/acme', '/home/u/work/acme', true],
    ['/home/**/acme', '/home/acme', true],
    ['/home/**/acme', '/home/u/x/acme', true],
    ['/home/**/acme', '/home/u/x/acme2', false],
    ['**/acme', '/srv/acme', true],
    ['/a/?/c', '/a/b/c', true],
    ['/a/?/c', '/a/bb/c', false],
    ['/a/.hidden/**', '/a/.hidden/x', true],
    ['/a/b.c', '/a/bxc', false],
    ['/a/[bc]d', '/a/cd', true],
  ])('%s ~ %s → %s', (pattern, path, expected) => {
    expect(pathMatch(pattern, path)).toBe(expected);
  });
});

describe('git remotes', () => {
  it('reads url and pushurl of every remote', () => {
    const text = '[core]\n\tbare = false\n[remote "origin"]\n\turl = git@github.com:acme/a.git\n\tfetch = +refs/heads/*\n[remote "up"]\n\turl = "https://x/y"\n\tpushurl = ssh://z\n[branch "main"]\n\turl = nope\n';
    expect(parseRemoteUrls(text)).toEqual(['git@github.com:acme/a.git', 'https://x/y', 'ssh://z']);
  });

  it('finds the repository from a subdirectory, and through a worktree .git file', () => {
    const repo = tempDir();
    mkdirSync(join(repo, '.git', 'worktrees', 'wt'), { recursive: true });
    writeFileSync(join(repo, '.git', 'config'), '[remote "origin"]\n\turl = https://github.com/acme-corp/app\n');
    mkdirSync(join(repo, 'src', 'deep'), { recursive: true });
    expect(gitRemoteUrls(join(repo, 'src', 'deep'))).toEqual(['https://github.com/acme-corp/app']);
    const worktree = tempDir();
    writeFileSync(join(worktree, '.git'), `gitdir: ${join(repo, '.git', 'worktrees', 'wt')}\n`);
    writeFileSync(join(repo, '.git', 'worktrees', 'wt', 'commondir'), '../..\n');
    expect(gitRemoteUrls(worktree)).toEqual(['https://github.com/acme-corp/app']);
    expect(gitRemoteUrls(tempDir())).toEqual([]);
  });
});

describe('isCi', () => {
  it.each([
    [{ CI: 'true' }, true],
    [{ CI: '1' }, true],
    [{ CI: 'false' }, false],
    [{ CI: '' }, false],
    [{ GITHUB_ACTIONS: 'true' }, true],
    [{}, false],
  ])('%j → %s', (env, expected) => {
    expect(isCi(env)).toBe(expected);
  });
});
