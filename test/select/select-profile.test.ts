import { describe, expect, it } from 'vitest';
import { type CxConfig, EMPTY_CX_CONFIG } from '../../src/config/cx-config.ts';
import { CxError } from '../../src/cx-error.ts';
import { EXIT } from '../../src/exit-status.ts';
import { selectProfile } from '../../src/select/select-profile.ts';

const NO_FILES = { cxrcs: [], rules: { matched: null, looked: 0 } };

const withDefault: CxConfig = { ...EMPTY_CX_CONFIG, path: '/c.toml', defaultProfile: { value: 'dflt', at: '/c.toml:1' } };
const allEnv = { CX_PROFILE: 'cxenv', CODEX_PROFILE: 'codexenv' };

describe('selectProfile', () => {
  it('follows product.md precedence: -p, +PROFILE, CX_PROFILE, CODEX_PROFILE, default_profile, none', () => {
    const input = { explicitProfile: 'flag', plusProfile: 'plus', env: allEnv, config: withDefault, ...NO_FILES };
    expect(selectProfile(input)).toMatchObject({ name: 'flag', source: 'flag' });
    expect(selectProfile({ ...input, explicitProfile: null })).toMatchObject({ name: 'plus', source: 'plus' });
    expect(selectProfile({ ...input, explicitProfile: null, plusProfile: null })).toMatchObject({ name: 'cxenv', source: 'env:CX_PROFILE' });
    expect(selectProfile({ ...input, explicitProfile: null, plusProfile: null, env: { CODEX_PROFILE: 'codexenv' } })).toMatchObject({ name: 'codexenv', source: 'env:CODEX_PROFILE' });
    expect(selectProfile({ ...input, explicitProfile: null, plusProfile: null, env: {} })).toMatchObject({ name: 'dflt', source: 'default', at: '/c.toml:1' });
    expect(selectProfile({ explicitProfile: null, plusProfile: null, env: {}, config: EMPTY_CX_CONFIG, ...NO_FILES })).toMatchObject({ name: null, source: 'none' });
  });

  it('records every source consulted, and which one decided', () => {
    const selection = selectProfile({ explicitProfile: null, plusProfile: 'plus', env: { CODEX_PROFILE: 'codexenv' }, config: EMPTY_CX_CONFIG, ...NO_FILES });
    expect(selection.steps.map((s) => [s.source, s.outcome])).toEqual([
      ['flag', 'unset'],
      ['plus', 'decided'],
      ['env:CX_PROFILE', 'unset'],
      ['env:CODEX_PROFILE', 'shadowed'],
      ['cxrc', 'unset'],
      ['rule', 'unset'],
      ['default', 'unset'],
    ]);
  });

  it('treats an empty variable as unset', () => {
    expect(selectProfile({ explicitProfile: null, plusProfile: null, env: { CX_PROFILE: '', CODEX_PROFILE: 'b' }, config: EMPTY_CX_CONFIG, ...NO_FILES }).name).toBe('b');
  });

  it('rejects a profile name from the environment that codex would reject', () => {
    let caught: unknown;
    try {
      selectProfile({ explicitProfile: null, plusProfile: null, env: { CODEX_PROFILE: '../evil' }, config: EMPTY_CX_CONFIG, ...NO_FILES });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CxError);
    expect((caught as CxError).status).toBe(EXIT.usage);
    expect((caught as CxError).message).toContain('CODEX_PROFILE');
  });

  it('does not complain about a bad variable that does not decide', () => {
    expect(selectProfile({ explicitProfile: null, plusProfile: 'ok', env: { CX_PROFILE: 'a b' }, config: EMPTY_CX_CONFIG, ...NO_FILES }).name).toBe('ok');
  });

  it('places the .cxrc and the rules between the environment and default_profile', () => {
    const rule = { rule: { index: 2, at: '/c.toml:7', profile: 'ruled', path: '/w/**', gitRemote: null, ci: null, tty: null }, matched: true, reason: 'path /w/**' };
    const cxrc = { path: '/w/.cxrc', profile: 'fromrc', at: '/w/.cxrc:1', trusted: true };
    const base = { explicitProfile: null, plusProfile: null, env: {}, config: withDefault };
    expect(selectProfile({ ...base, cxrcs: [cxrc], rules: { matched: rule, looked: 2 } })).toMatchObject({ name: 'fromrc', source: 'cxrc', at: '/w/.cxrc:1' });
    expect(selectProfile({ ...base, env: { CODEX_PROFILE: 'e' }, cxrcs: [cxrc], rules: { matched: rule, looked: 2 } })).toMatchObject({ name: 'e' });
    expect(selectProfile({ ...base, cxrcs: [], rules: { matched: rule, looked: 2 } })).toMatchObject({ name: 'ruled', source: 'rule', at: '/c.toml:7' });
    expect(selectProfile({ ...base, cxrcs: [{ ...cxrc, profile: null, at: null }], rules: { matched: null, looked: 2 } })).toMatchObject({ name: 'dflt', source: 'default' });
    const steps = selectProfile({ ...base, cxrcs: [cxrc], rules: { matched: rule, looked: 2 } }).steps;
    expect(steps.find((s) => s.source === 'rule')).toMatchObject({ outcome: 'shadowed', note: 'rule 2 matched: path /w/**' });
    expect(selectProfile({ ...base, cxrcs: [], rules: { matched: null, looked: 3 } }).steps.find((s) => s.source === 'rule')?.note).toBe('none of 3 rules matched');
  });

  it('never lets an untrusted .cxrc select, and says why', () => {
    const cxrc = { path: '/w/.cxrc', profile: 'evil', at: '/w/.cxrc:1', trusted: false };
    const selection = selectProfile({ explicitProfile: null, plusProfile: null, env: {}, config: EMPTY_CX_CONFIG, cxrcs: [cxrc], rules: { matched: null, looked: 0 } });
    expect(selection).toMatchObject({ name: null, source: 'none' });
    expect(selection.steps.find((s) => s.source === 'cxrc')).toMatchObject({ outcome: 'ignored', value: 'evil' });
    expect(selection.steps.find((s) => s.source === 'cxrc')?.note).toContain('cx trust /w/.cxrc');
    const withDefaultToo = selectProfile({ explicitProfile: null, plusProfile: null, env: {}, config: withDefault, cxrcs: [cxrc], rules: { matched: null, looked: 0 } });
    expect(withDefaultToo).toMatchObject({ name: 'dflt', source: 'default' });
  });
});
