// Directory rules and the globs and CI detection they use, decided in-process: each case is a
// behaviour the suite once let through (mutation testing, docs/mutation.md).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCxConfig } from '../../src/config/cx-config.ts';
import type { Rule } from '../../src/config/cx-rules.ts';
import { isCi } from '../../src/select/ci-detect.ts';
import { type RuleContext, matchRules } from '../../src/select/match-rules.ts';
import { pathMatch, wildcardMatch } from '../../src/select/wildcard.ts';
import { cxErrorOf } from '../helpers/cx-error.ts';
import { tempDir } from '../helpers/cx-process.ts';

function rule(over: Partial<Rule>): Rule {
  return { index: 1, at: 'c:1', profile: 'p', path: null, gitRemote: null, ci: null, tty: null, ...over };
}
const context = (over: Partial<RuleContext> = {}): RuleContext => ({ cwd: '/w/app', ci: false, tty: () => true, remotes: () => [], ...over });

describe('the tty condition of a rule', () => {
  it('tty = true matches only with a terminal, tty = false only without', () => {
    expect(matchRules([rule({ tty: true })], context({ tty: () => true })).matched).not.toBeNull();
    expect(matchRules([rule({ tty: true })], context({ tty: () => false })).verdicts).toMatchObject([{ matched: false, reason: 'not interactive' }]);
    expect(matchRules([rule({ tty: false })], context({ tty: () => true })).verdicts).toMatchObject([{ matched: false, reason: 'interactive' }]);
    expect(matchRules([rule({ tty: false })], context({ tty: () => false })).verdicts).toMatchObject([{ matched: true, reason: 'not interactive' }]);
  });
  it('the terminal is not asked about when no rule has tty', () => {
    let asked = false;
    matchRules([rule({ path: '/other' }), rule({})], context({ tty: () => (asked = true) }));
    expect(asked).toBe(false);
  });
});

describe('the other conditions, and what each verdict says', () => {
  it('ci = true / false', () => {
    expect(matchRules([rule({ ci: true })], context({ ci: false })).verdicts).toMatchObject([{ matched: false, reason: 'not a CI run' }]);
    expect(matchRules([rule({ ci: false })], context({ ci: true })).verdicts).toMatchObject([{ matched: false, reason: 'a CI run' }]);
    expect(matchRules([rule({ ci: true })], context({ ci: true })).verdicts).toMatchObject([{ matched: true, reason: 'CI' }]);
    expect(matchRules([rule({ ci: false })], context({ ci: false })).verdicts).toMatchObject([{ matched: true, reason: 'not CI' }]);
  });
  it('path and git remote; every condition named when all hold; the first matching rule wins', () => {
    const remotes = (): readonly string[] => ['git@github.com:acme/app.git', 'https://example.com/other.git'];
    const both = rule({ index: 2, path: '/w/**', gitRemote: '*example.com*', ci: false, tty: true });
    const out = matchRules([rule({ path: '/elsewhere/**' }), both, rule({ index: 3 })], context({ remotes }));
    expect(out.matched).toBe(both);
    expect(out.verdicts.map((v) => [v.matched, v.reason])).toEqual([
      [false, 'path /elsewhere/** does not match /w/app'],
      // The remote URL itself is never shown (it may carry a token: issue 11).
      [true, 'path /w/**, a git remote matches *example.com*, not CI, interactive'],
    ]);
    expect(matchRules([rule({ gitRemote: '*gitlab*' })], context({ remotes })).verdicts[0]?.reason).toBe('no git remote matches *gitlab*');
    expect(matchRules([rule({})], context()).verdicts[0]?.reason).toBe('no conditions');
    expect(matchRules([rule({ ci: true })], context())).toEqual({ matched: null, verdicts: [expect.objectContaining({ matched: false })] });
  });
});

describe('CI detection', () => {
  it.each(['0', 'false', 'no', 'FALSE', 'No'])('CI=%s is not CI, even with a vendor variable', (value) => {
    expect(isCi({ CI: value })).toBe(false);
    expect(isCi({ CI: value, GITHUB_ACTIONS: 'true' })).toBe(false);
  });
  it.each(['1', 'true', 'yes', 'woodpecker'])('CI=%j is CI', (value) => {
    expect(isCi({ CI: value })).toBe(true);
  });
  it.each(['GITHUB_ACTIONS', 'GITLAB_CI', 'BUILDKITE', 'CIRCLECI', 'JENKINS_URL', 'TF_BUILD', 'TEAMCITY_VERSION', 'BITBUCKET_BUILD_NUMBER', 'CODEBUILD_BUILD_ID', 'DRONE', 'TRAVIS'])(
    '%s alone is CI',
    (name) => {
      expect(isCi({ [name]: 'x' })).toBe(true);
    },
  );
  it('nothing set is not CI; an empty CI counts as unset', () => {
    expect(isCi({})).toBe(false);
    expect(isCi({ CI: '' })).toBe(false);
    expect(isCi({ CI: '', GITLAB_CI: 'true' })).toBe(true);
    expect(isCi({ HOME: '/h', CONTINUOUS: '1' })).toBe(false);
  });
});

describe('globs on paths', () => {
  it.each([
    ['/x/a**b', '/x/aZZb', true],
    ['/x/a**b', '/x/ab', true],
    ['/x/a**b', '/x/a/b', false],
    ['/src/**/x', '/src/x', true],
    ['/src/**/x', '/src/a/b/x', true],
    ['/src/**/x', '/src/foox', false],
    ['/src/**', '/src', true],
    ['/src/**', '/src/a/b', true],
    ['/src/**', '/srcx', false],
    ['/src/**/', '/src/a/', true],
    ['**/app', '/w/app', true],
    ['**/app', '/w/application', false],
    ['/w/*', '/w/app', true],
    ['/w/*', '/w/app/sub', false],
    ['/w/ap?', '/w/app', true],
    ['/w/a?p', '/w/a/p', false],
    ['/w/[ab]pp', '/w/app', true],
    ['/w/[ab]pp', '/w/cpp', false],
    ['/w/[!a]pp', '/w/app', false],
    ['/w/[!a]pp', '/w/bpp', true],
    ['/w/[ab', '/w/[ab', true],
    ['/w/[ab', '/w/a', false],
    ['/w/a.p', '/w/axp', false],
    ['/w/a+(p)', '/w/a+(p)', true],
  ])('pathMatch(%j, %j) = %s', (pattern, path, expected) => {
    expect(pathMatch(pattern, path)).toBe(expected);
  });
});

describe('globs on strings (git remotes, regions)', () => {
  it.each([
    ['*github.com/acme/*', 'https://github.com/acme/app.git', true],
    ['*github.com/acme/*', 'https://github.com/other/app.git', false],
    ['us-*', 'us-east-1', true],
    ['us-?', 'us-east-1', false],
    ['a[b', 'a[b', true],
    ['a[]b', 'a[]b', true],
    ['[\\]x', '\\x', true],
    ['a\nb', 'a\nb', true],
    ['*', 'line\nbreak', true],
    ['a.b', 'axb', false],
    ['$x^', '$x^', true],
  ])('wildcardMatch(%j, %j) = %s', (pattern, text, expected) => {
    expect(wildcardMatch(pattern, text)).toBe(expected);
  });
});

function rulesFrom(text: string, home = '/home/u'): { rules: Rule[]; path: string } {
  const path = join(tempDir(), 'config.toml');
  writeFileSync(path, text);
  return { rules: loadCxConfig({ CX_CONFIG: path, HOME: home }).rules, path };
}

describe('rules as written in cx\'s config', () => {
  it.each([
    ['path = ""', 'path'],
    ['git_remote = ""', 'git_remote'],
    ['path = 3', 'path'],
    ['git_remote = ["a"]', 'git_remote'],
  ])('an empty or non-string glob is refused: %s', (line, key) => {
    const error = cxErrorOf(() => rulesFrom(`[[rules]]\nprofile = "a"\n${line}\n`));
    expect(error.message).toMatch(new RegExp(`:1: rule 1: \`${key}\` must be a non-empty string \\(a glob\\)$`));
    expect(error.status).toBe(78);
  });

  it('`path = "~"` is the home directory itself; `~/x` under it; `**/x` stays relative', () => {
    const { rules } = rulesFrom('[[rules]]\nprofile = "a"\npath = "~"\n[[rules]]\nprofile = "b"\npath = "~/w/**"\n[[rules]]\nprofile = "c"\npath = "**/w"\n');
    expect(rules.map((r) => r.path)).toEqual(['/home/u', '/home/u/w/**', '**/w']);
    expect(matchRules(rules, context({ cwd: '/home/u' })).matched?.profile).toBe('a');
    expect(matchRules(rules, context({ cwd: '/home/u/w/x' })).matched?.profile).toBe('b');
  });

  it('`path = "~x"` (another user\'s home, unsupported) is not absolute: refused', () => {
    expect(cxErrorOf(() => rulesFrom('[[rules]]\nprofile = "a"\npath = "~x/w"\n')).message).toContain('`path` must be absolute, start with ~/ or with **');
  });

  it('flags, and a rule written inline names the line of `rules =`', () => {
    const { rules, path } = rulesFrom('# c\nrules = [{ profile = "a", ci = false, tty = true, git_remote = "*x*" }]\n');
    expect(rules).toEqual([{ index: 1, at: `${path}:2`, profile: 'a', path: null, gitRemote: '*x*', ci: false, tty: true }]);
  });

  it('a rule that is not a table, and a flag that is not a boolean, are refused naming the rule', () => {
    expect(cxErrorOf(() => rulesFrom('rules = ["a"]\n')).message).toMatch(/:1: rule 1: must be a table \(\[\[rules\]\]\)$/);
    expect(cxErrorOf(() => rulesFrom('[[rules]]\nprofile = "a"\ntty = "yes"\n')).message).toMatch(/rule 1: `tty` must be true or false$/);
    expect(cxErrorOf(() => rulesFrom('[[rules]]\nprofile = 1\n')).message).toMatch(/rule 1: needs `profile = "NAME"`$/);
    expect(cxErrorOf(() => rulesFrom('[[rules]]\nprofile = "a"\nwhen = 1\n')).message).toMatch(/rule 1: unknown key `when` \(known: profile, path, git_remote, ci, tty\)$/);
    expect(cxErrorOf(() => rulesFrom('[[rules]]\nprofile = "a"\nwhen = 1\n')).hint).toBe("fix the rule in cx's config");
  });
});
