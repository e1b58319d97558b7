import { describe, expect, it } from 'vitest';
import type { ProfileDefinition } from '../../src/config/codex-config.ts';
import { EMPTY_CX_CONFIG } from '../../src/config/cx-config.ts';
import { EXIT } from '../../src/exit-status.ts';
import { readCodexArgs } from '../../src/plan/codex-args.ts';
import { placeProfile } from '../../src/plan/profile-placement.ts';
import type { ResolvedProfile } from '../../src/select/resolve-profile.ts';
import { selectProfile } from '../../src/select/select-profile.ts';

const NO_FILES = { cxrcs: [], rules: { matched: null, looked: 0 } };
const fileProfile = (name: string): ResolvedProfile => ({ kind: 'file', definition: { name, kind: 'file', at: `/h/${name}.config.toml`, path: `/h/${name}.config.toml`, data: {} } });
const legacy: ProfileDefinition = { name: 'old', kind: 'legacy', at: '/h/config.toml:3', path: '/h/config.toml', data: { model: 'm', model_providers: { x: { base_url: 'u' } } } };

function place(args: string[], plus: string | null, env: Record<string, string> = {}, resolved?: ResolvedProfile) {
  const shape = readCodexArgs(args);
  const selection = selectProfile({ explicitProfile: shape.explicitProfile, plusProfile: plus, env, config: EMPTY_CX_CONFIG, ...NO_FILES });
  return placeProfile(args, shape, selection, resolved ?? (selection.name === null ? { kind: 'none' } : fileProfile(selection.name)));
}

describe('placeProfile', () => {
  it('puts -p NAME in front and leaves the arguments as they were', () => {
    const args = ['exec', '--skip-git-repo-check', 'a "b"\n', ''];
    expect(place(args, 'work').args).toEqual(['-p', 'work', ...args]);
    expect(place([], null, { CX_PROFILE: 'w' }).args).toEqual(['-p', 'w']);
  });

  it('adds nothing when no profile is selected', () => {
    expect(place(['exec', 'x'], null)).toEqual({ args: ['exec', 'x'], findings: [], refusal: null });
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

  it('passes a legacy table as -c overrides in front, since codex refuses -p for it', () => {
    const placed = place(['exec', 'hi'], 'old', {}, { kind: 'legacy', definition: legacy });
    expect(placed.args).toEqual(['-c', 'model="m"', '-c', 'model_providers.x.base_url="u"', 'exec', 'hi']);
    expect(placed.findings).toMatchObject([{ level: 'info', code: 'legacy-profile' }]);
    expect(placed.refusal).toBeNull();
  });

  it('refuses a profile that exists nowhere, listing those that do', () => {
    const placed = place(['exec'], 'typo', {}, { kind: 'missing', name: 'typo', existing: ['a', 'b'] });
    expect(placed.refusal?.status).toBe(EXIT.config);
    expect(placed.refusal?.message).toMatch(/profile typo \(from \+typo\) does not exist.*those that exist: a, b/);
    const flagged = place(['exec', '-p', 'typo'], null, {}, { kind: 'missing', name: 'typo', existing: [] });
    expect(flagged.refusal?.message).toMatch(/there are none/);
  });

  it('a typo of an existing profile: did you mean, in the form it was written (+NAME or -p NAME)', () => {
    const plus = place(['exec'], 'bedrok', {}, { kind: 'missing', name: 'bedrok', existing: ['bedrock', 'personal'] });
    expect(plus.refusal?.hint).toBe('did you mean bedrock? (cx +bedrock …); or create bedrok');
    expect(plus.findings).toMatchObject([{ level: 'error', code: 'profile-missing', fix: 'did you mean bedrock? (cx +bedrock …); or create bedrok' }]);
    const flag = place(['exec', '-p', 'persnal'], null, {}, { kind: 'missing', name: 'persnal', existing: ['bedrock', 'personal'] });
    expect(flag.refusal?.hint).toBe('did you mean personal? (-p personal); or create persnal');
    const far = place(['exec'], 'zzz', {}, { kind: 'missing', name: 'zzz', existing: ['bedrock'] });
    expect(far.refusal?.hint).toBe('create it, or choose one that exists (`cx profiles`)');
  });

  it('refuses a profile defined both as a file and as a legacy table', () => {
    const file = fileProfile('old');
    const placed = place(['exec'], 'old', {}, { kind: 'both', file: file.kind === 'file' ? file.definition : legacy, legacy });
    expect(placed.refusal?.message).toMatch(/defined twice/);
  });
});

describe('placeProfile with -p naming a legacy table', () => {
  const placeFlag = (args: string[]) => {
    const shape = readCodexArgs(args);
    const selection = selectProfile({ explicitProfile: shape.explicitProfile, plusProfile: null, env: {}, config: EMPTY_CX_CONFIG, ...NO_FILES });
    return placeProfile(args, shape, selection, { kind: 'legacy', definition: legacy });
  };

  it.each([
    { how: '-p old', args: ['-p', 'old', 'fix the auth bug'] },
    { how: '--profile old', args: ['--profile', 'old', 'fix the auth bug'] },
    { how: '--profile=old', args: ['--profile=old', 'fix the auth bug'] },
    { how: '-pold', args: ['-pold', 'fix the auth bug'] },
  ])('$how: applies the table as +old does, the -p taken out, with an info finding', ({ args }) => {
    const placed = placeFlag(args);
    expect(placed.refusal).toBeNull();
    expect(placed.args).toEqual(['-c', 'model="m"', '-c', 'model_providers.x.base_url="u"', 'fix the auth bug']);
    expect(placed.findings).toMatchObject([{ level: 'info', code: 'legacy-profile-applied' }]);
    expect(placed.findings[0]?.message).toContain('[profiles.old]');
    expect(placed.findings[0]?.fix).toContain('cx migrate --write');
  });

  it('after the subcommand too, keeping every other argument in order (and what follows --)', () => {
    const placed = placeFlag(['exec', '-c', 'x=1', '-p', 'old', '--json', '--', '-p', 'old']);
    expect(placed.args).toEqual(['-c', 'model="m"', '-c', 'model_providers.x.base_url="u"', 'exec', '-c', 'x=1', '--json', '--', '-p', 'old']);
  });

  it('a -p naming a profile file stays untouched', () => {
    const shape = readCodexArgs(['-p', 'work', 'exec']);
    const selection = selectProfile({ explicitProfile: 'work', plusProfile: null, env: {}, config: EMPTY_CX_CONFIG, ...NO_FILES });
    expect(placeProfile(['-p', 'work', 'exec'], shape, selection, fileProfile('work')).args).toEqual(['-p', 'work', 'exec']);
  });
});
