import { isatty } from 'node:tty';
import { describe, expect, it } from 'vitest';
import { personPresent } from '../../src/cli/person-present.ts';

const terminals = (...fds: number[]) => (fd: number): boolean => fds.includes(fd);

describe('personPresent: stdin and stderr are terminals, and the run is not in CI', () => {
  it('asks only with both terminals and no CI', () => {
    expect(personPresent({}, terminals(0, 1, 2))).toBe(true);
    expect(personPresent({}, terminals(0, 2))).toBe(true);
    expect(personPresent({}, terminals(1, 2))).toBe(false);
    expect(personPresent({}, terminals(0, 1))).toBe(false);
    expect(personPresent({}, terminals())).toBe(false);
  });

  it.each([{ CI: 'true' }, { CI: '1' }, { GITHUB_ACTIONS: 'true' }, { GITLAB_CI: 'true' }, { JENKINS_URL: 'http://ci' }, { BUILDKITE: 'true' }])('never in CI, even with terminals: %o', (env) => {
    expect(personPresent(env, terminals(0, 1, 2))).toBe(false);
  });

  it.each([{ CI: 'false' }, { CI: '0' }, { CI: 'no' }])('CI switched off (%o) is not CI', (env) => {
    expect(personPresent(env, terminals(0, 2))).toBe(true);
  });

  it('by default asks the real stdin and stderr whether they are terminals', () => {
    expect(personPresent({})).toBe(isatty(0) && isatty(2));
  });
});
