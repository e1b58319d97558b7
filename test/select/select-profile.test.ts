import { describe, expect, it } from 'vitest';
import { type CxConfig, EMPTY_CX_CONFIG } from '../../src/config/cx-config.ts';
import { CxError } from '../../src/cx-error.ts';
import { EXIT } from '../../src/exit-status.ts';
import { selectProfile } from '../../src/select/select-profile.ts';

const NO_FILES = { cxrc: null, rules: { matched: null, looked: 0 } };

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
});
