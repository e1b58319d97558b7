// The remote URLs a git_remote rule looks at, read from the git config without running git: values
// as git reads them (checked by hand against `git config -f FILE --get-regexp '.*url'`), the
// `.git` file of a worktree or submodule, and where the search stops.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitConfigValue, gitRemoteUrls, parseRemoteUrls } from '../../src/select/git-remotes.ts';
import { tempDir } from '../helpers/cx-process.ts';

describe('values as git reads them', () => {
  it.each([
    ['"a"b', 'ab'],
    ['x # c', 'x'],
    ['x;c', 'x'],
    ['"y # z" ; c', 'y # z'],
    ['p\\"q', 'p"q'],
    ['  sp  ', 'sp'],
    ['"  in quotes  "x', '  in quotes  x'],
    ['a  b\tc', 'a  b c'],
    ['a\\\\b\\tc\\nd\\be', 'a\\b\tc\nd\be'],
    ['', ''],
  ])('%j is %j', (raw, value) => {
    expect(gitConfigValue(raw)).toBe(value);
  });

  it('url and pushurl of remote sections only, in order; comments after a URL are not part of it', () => {
    const text = [
      'url = before-any-section',
      '[core]',
      '\turl = not-a-remote',
      '[remote "origin"]',
      '\turl = git@github.com:acme/app.git # the main one',
      '\tURL=https://x/y',
      '\tpushurl =  "ssh://z"  ',
      '\tmyurl = nope',
      '\turl =',
      '\turl',
      '[remote  "two"]',
      '\turl = two',
      '[REMOTE "three"]',
      '  url = three',
      '[branch "remote "]',
      '\turl = not-either',
    ].join('\n');
    expect(parseRemoteUrls(text)).toEqual(['git@github.com:acme/app.git', 'https://x/y', 'ssh://z', 'two', 'three']);
  });
});

describe('finding the repository', () => {
  function repo(url: string): string {
    const dir = tempDir('cx-git-');
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, '.git', 'config'), `[remote "origin"]\n\turl = ${url}\n`);
    return dir;
  }

  it('a .git file: `gitdir:` with any blanks around the path, relative to its directory', () => {
    const main = repo('https://example.com/main');
    for (const [name, pointer] of [['a', `gitdir:   ${join(main, '.git')}  \n`], ['b', `gitdir:${join(main, '.git')}\n`], ['c', `\ngitdir: ${join(main, '.git')}`]] as const) {
      const worktree = join(tempDir('cx-git-wt-'), name);
      mkdirSync(worktree);
      writeFileSync(join(worktree, '.git'), pointer);
      expect(gitRemoteUrls(worktree), JSON.stringify(pointer)).toEqual(['https://example.com/main']);
    }
    const parent = tempDir('cx-git-rel-');
    mkdirSync(join(parent, 'real', '.git'), { recursive: true });
    writeFileSync(join(parent, 'real', '.git', 'config'), '[remote "o"]\n\turl = rel\n');
    mkdirSync(join(parent, 'wt'));
    writeFileSync(join(parent, 'wt', '.git'), 'gitdir: ../real/.git\n');
    expect(gitRemoteUrls(join(parent, 'wt'))).toEqual(['rel']);
  });

  it('a worktree\'s git directory with `commondir`: the shared config', () => {
    const main = repo('https://example.com/shared');
    const wtGit = join(main, '.git', 'worktrees', 'w');
    mkdirSync(wtGit, { recursive: true });
    writeFileSync(join(wtGit, 'commondir'), '../..\n');
    const worktree = tempDir('cx-git-wt-');
    writeFileSync(join(worktree, '.git'), `gitdir: ${wtGit}\n`);
    expect(gitRemoteUrls(worktree)).toEqual(['https://example.com/shared']);
  });

  it('a .git that is neither a directory nor a gitdir file stops the search with no remotes, as git stops', () => {
    const outer = repo('https://example.com/outer');
    for (const content of ['', 'not a pointer\n', 'xgitdir: /elsewhere\n', 'gitdir:\n']) {
      const inner = join(outer, `inner-${content.length}`);
      mkdirSync(inner);
      writeFileSync(join(inner, '.git'), content.replace('/elsewhere', join(outer, '.git')));
      expect(gitRemoteUrls(inner), JSON.stringify(content)).toEqual([]);
    }
    expect(gitRemoteUrls(join(outer))).toEqual(['https://example.com/outer']);
  });

  it('a config that is not valid UTF-8 (a Latin-1 comment) is still read, as git reads it', () => {
    const dir = tempDir('cx-git-latin1-');
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, '.git', 'config'), Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\n[remote "o"]\n\turl = https://example.com/l1\n')]));
    expect(gitRemoteUrls(dir)).toEqual(['https://example.com/l1']);
  });

  it('no repository anywhere above: no remotes', () => {
    expect(gitRemoteUrls(tempDir('cx-git-none-'))).toEqual([]);
  });
});
