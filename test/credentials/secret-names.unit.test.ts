// What `cx secret` checks about names before it touches the keyring (src/credentials/secret-names.ts).
import { describe, expect, it } from 'vitest';
import { BUILT_IN_SECRET_NAMES, namesProvidersRead, unknownProfile, unreadSecret } from '../../src/credentials/secret-names.ts';
import { EXIT } from '../../src/exit-status.ts';

describe('namesProvidersRead', () => {
  it('the built-in names and every env_key of every table', () => {
    const tables = [{ model_providers: { az: { env_key: 'AZURE_OPENAI_API_KEY' }, local: { base_url: 'x' } } }, { model_providers: { gw: { env_key: 'GW_KEY' } } }, { model: 'x' }];
    expect(namesProvidersRead(tables).sort()).toEqual([...BUILT_IN_SECRET_NAMES, 'AZURE_OPENAI_API_KEY', 'GW_KEY'].sort());
    expect(namesProvidersRead([{ model_providers: { bad: { env_key: '' } } }, { model_providers: 'x' }]).sort()).toEqual([...BUILT_IN_SECRET_NAMES].sort());
  });
});

describe('unknownProfile', () => {
  it('an existing profile: null', () => {
    expect(unknownProfile('work', ['personal', 'work'])).toBeNull();
  });

  it('a typo: 78, those that exist, and did you mean', () => {
    const error = unknownProfile('wrok', ['personal', 'work']);
    expect(error?.status).toBe(EXIT.config);
    expect(error?.message).toBe("profile wrok does not exist (no wrok.config.toml and no [profiles.wrok] in codex's config); those that exist: personal, work");
    expect(error?.hint).toBe('did you mean --profile work?');
  });

  it('nothing near, or no profiles at all', () => {
    expect(unknownProfile('zzz', ['work'])?.hint).toBe('create the profile first, or leave out --profile for a global entry');
    expect(unknownProfile('work', [])?.message).toContain('there are none');
  });
});

describe('unreadSecret', () => {
  it('a name some provider reads: no warning', () => {
    expect(unreadSecret('GW_KEY', ['GW_KEY', 'OPENAI_API_KEY'])).toBeNull();
  });

  it('a name nothing reads: a warning, with the name meant when one is near', () => {
    expect(unreadSecret('OPENAI_APIKEY', ['OPENAI_API_KEY'])).toBe("no provider in codex's config or profiles reads OPENAI_APIKEY (env_key), so cx will never deliver it (did you mean OPENAI_API_KEY?)");
    expect(unreadSecret('FOO', ['OPENAI_API_KEY'])).toBe("no provider in codex's config or profiles reads FOO (env_key), so cx will never deliver it");
  });
});
