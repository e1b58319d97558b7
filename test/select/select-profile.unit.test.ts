// selectProfile's record of what each source did (explain shows it), the .cxrc candidates nearest
// first, names from the environment checked as codex checks -p, and the selection after failover.
import { describe, expect, it } from 'vitest';
import { EMPTY_CX_CONFIG } from '../../src/config/cx-config.ts';
import { EXIT } from '../../src/exit-status.ts';
import { type CxrcChoice, type SelectionInput, fallbackSelection, selectProfile } from '../../src/select/select-profile.ts';
import { cxErrorOf } from '../helpers/cx-error.ts';

const base: SelectionInput = { explicitProfile: null, plusProfile: null, env: {}, config: EMPTY_CX_CONFIG, cxrcs: [], rules: { matched: null, looked: 0 } };
const cxrc = (dir: string, profile: string | null, trusted: boolean): CxrcChoice => ({ path: `${dir}/.cxrc`, profile, at: profile === null ? null : `${dir}/.cxrc:1`, trusted });

describe('every source, as explain shows it', () => {
  it('where each value was written, and the notes of the sources that name nothing', () => {
    const steps = selectProfile({ ...base, plusProfile: 'p', env: { CX_PROFILE: 'c', CODEX_PROFILE: 'd' } }).steps;
    expect(steps).toEqual([
      { source: 'flag', value: null, outcome: 'unset', at: '-p/--profile in the arguments', note: null },
      { source: 'plus', value: 'p', outcome: 'decided', at: '+p', note: null },
      { source: 'env:CX_PROFILE', value: 'c', outcome: 'shadowed', at: 'environment variable CX_PROFILE', note: null },
      { source: 'env:CODEX_PROFILE', value: 'd', outcome: 'shadowed', at: 'environment variable CODEX_PROFILE', note: null },
      { source: 'cxrc', value: null, outcome: 'unset', at: null, note: 'no .cxrc here or above selects a profile' },
      { source: 'rule', value: null, outcome: 'unset', at: null, note: 'no rules' },
      { source: 'default', value: null, outcome: 'unset', at: null, note: null },
    ]);
    expect(selectProfile(base).steps[1]).toMatchObject({ source: 'plus', at: null });
  });

  it('.cxrc files nearest first: the nearest trusted one decides, a nearer untrusted one is ignored, farther ones are shadowed', () => {
    const selection = selectProfile({ ...base, cxrcs: [cxrc('/w/a/b', 'near', false), cxrc('/w/a', 'mid', true), cxrc('/w', 'far', true)] });
    expect(selection).toMatchObject({ name: 'mid', source: 'cxrc', at: '/w/a/.cxrc:1' });
    expect(selection.steps.filter((s) => s.source === 'cxrc').map((s) => [s.value, s.outcome, s.note])).toEqual([
      ['near', 'ignored', 'not trusted: run `cx trust /w/a/b/.cxrc` after reading it'],
      ['mid', 'decided', 'trusted'],
      ['far', 'shadowed', 'trusted'],
    ]);
  });

  it('a .cxrc naming a profile that does not exist selects nothing and says where, never the name', () => {
    const selection = selectProfile({ ...base, cxrcs: [{ path: '/w/.cxrc', profile: null, at: '/w/.cxrc:2', trusted: true }, { path: '/v/.cxrc', profile: null, at: null, trusted: true }] });
    expect(selection.name).toBeNull();
    expect(selection.steps.filter((s) => s.source === 'cxrc').map((s) => [s.outcome, s.at, s.note])).toEqual([
      ['unset', '/w/.cxrc:2', '/w/.cxrc:2 names a profile that does not exist (not shown)'],
      ['unset', null, '/v/.cxrc names a profile that does not exist (not shown)'],
    ]);
  });
});

describe('names from the environment', () => {
  it('CX_PROFILE that codex would refuse: a usage error naming the variable, with its fix', () => {
    const error = cxErrorOf(() => selectProfile({ ...base, env: { CX_PROFILE: 'a b' } }), 'a usage error');
    expect(error.status).toBe(EXIT.usage);
    expect(error.message).toBe('environment variable CX_PROFILE: profile name `a b` is not valid: use letters, digits, - and _ only');
    expect(error.hint).toBe('set CX_PROFILE to a profile name, or unset it');
  });

  it('names from other sources are not checked here (the .cxrc, rules and cx\'s config check their own)', () => {
    expect(selectProfile({ ...base, cxrcs: [cxrc('/w', 'a.b', true)] }).name).toBe('a.b');
    expect(selectProfile({ ...base, config: { ...EMPTY_CX_CONFIG, defaultProfile: { value: 'x y', at: '/c:1' } } }).name).toBe('x y');
  });
});

describe('fallbackSelection', () => {
  it('the profile that failed preflight is shadowed, saying so after its own note; the fallback decides', () => {
    const original = selectProfile({ ...base, cxrcs: [cxrc('/w', 'gw', true)], env: {} });
    const after = fallbackSelection(original, 'backup', '/c.toml:4', 'gw is down');
    expect(after).toMatchObject({ name: 'backup', source: 'fallback', at: '/c.toml:4' });
    expect(after.steps.find((s) => s.source === 'cxrc')).toMatchObject({ outcome: 'shadowed', note: 'failed preflight; trusted' });
    expect(after.steps.at(-1)).toEqual({ source: 'fallback', value: 'backup', outcome: 'decided', at: '/c.toml:4', note: 'gw is down' });
    const plus = fallbackSelection(selectProfile({ ...base, plusProfile: 'gw' }), 'backup', '/c.toml:4', 'why');
    expect(plus.steps.find((s) => s.source === 'plus')).toMatchObject({ outcome: 'shadowed', note: 'failed preflight' });
    expect(plus.steps.filter((s) => s.outcome === 'unset')).toHaveLength(6);
  });
});
