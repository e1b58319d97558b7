import { describe, expect, it } from 'vitest';
import { EMPTY_CX_CONFIG } from '../../src/config/cx-config.ts';
import { readCodexArgs } from '../../src/plan/codex-args.ts';
import { placeProfile } from '../../src/plan/profile-placement.ts';
import { selectProfile } from '../../src/select/select-profile.ts';

function place(args: string[], plus: string | null, env: Record<string, string> = {}) {
  const shape = readCodexArgs(args);
  const selection = selectProfile({ explicitProfile: shape.explicitProfile, plusProfile: plus, env, config: EMPTY_CX_CONFIG });
  return placeProfile(args, shape, selection);
}

describe('placeProfile', () => {
  it('puts -p NAME in front and leaves the arguments as they were', () => {
    const args = ['exec', '--skip-git-repo-check', 'a "b"\n', ''];
    expect(place(args, 'work').args).toEqual(['-p', 'work', ...args]);
    expect(place([], null, { CX_PROFILE: 'w' }).args).toEqual(['-p', 'w']);
  });

  it('adds nothing when no profile is selected', () => {
    expect(place(['exec', 'x'], null)).toEqual({ args: ['exec', 'x'], findings: [] });
  });

  it('lets an explicit -p win, noting what it shadowed', () => {
    const placed = place(['exec', '-p', 'mine'], 'plus', { CODEX_PROFILE: 'env' });
    expect(placed.args).toEqual(['exec', '-p', 'mine']);
    expect(placed.findings).toMatchObject([{ level: 'info', code: 'profile-flag-wins' }]);
    expect(placed.findings[0]?.message).toContain('+plus');
  });

  it('does not pass -p to commands that refuse it: a warning for +PROFILE, info for the environment', () => {
    const plus = place(['doctor'], 'work');
    expect(plus.args).toEqual(['doctor']);
    expect(plus.findings).toMatchObject([{ level: 'warning', code: 'profile-not-applicable' }]);
    const ambient = place(['login', 'status'], null, { CX_PROFILE: 'work' });
    expect(ambient.args).toEqual(['login', 'status']);
    expect(ambient.findings).toMatchObject([{ level: 'info', code: 'profile-not-applicable' }]);
  });
});
