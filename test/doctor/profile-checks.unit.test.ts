// doctor's `profiles` check names the profiles that have a login of their own (`cx login`).
import { describe, expect, it } from 'vitest';
import type { CodexConfig } from '../../src/config/codex-config.ts';
import { profilesCheck } from '../../src/doctor/profile-checks.ts';

const config: CodexConfig = {
  home: '/h',
  configPath: '/h/config.toml',
  file: null,
  base: {},
  profileFiles: new Map([
    ['a', '/h/a.config.toml'],
    ['b', '/h/b.config.toml'],
  ]),
  legacy: new Map(),
};

describe('profilesCheck', () => {
  it('lists the profiles, and which have a login of their own, in the summary and the details', () => {
    const none = profilesCheck(config);
    expect(none.summary).toBe('2 profiles: a, b');
    expect(none.details).not.toHaveProperty('own login');
    const one = profilesCheck(config, ['a']);
    expect(one.summary).toBe('2 profiles: a, b (with a login of its own: a)');
    expect(one.details).toMatchObject({ 'own login': ['a'] });
    expect(profilesCheck(config, ['a', 'b']).summary).toBe('2 profiles: a, b (with a login of their own: a, b)');
    expect(one.status).toBe('ok');
  });
});
