// What each provider needs (src/credentials/requirements.ts), from the merged config.
import { describe, expect, it } from 'vitest';
import { effectiveSettings } from '../../src/config/effective-settings.ts';
import type { TomlTable } from '../../src/config/toml-file.ts';
import { requirementFor } from '../../src/credentials/requirements.ts';

const need = (config: TomlTable, env: Record<string, string> = {}) => requirementFor(effectiveSettings([config], env), env);

describe('requirementFor', () => {
  it.each(['amazon-bedrock', 'amazon-bedrock-runtime'])('%s needs AWS credentials and a region', (provider) => {
    expect(need({ model_provider: provider, model_providers: { [provider]: { aws: { region: 'us-east-1' } } } })).toEqual({ kind: 'aws', provider, profile: null, profileFrom: null, region: 'us-east-1', profileRegion: null });
  });

  it('aws.profile in the config wins over AWS_PROFILE; AWS_PROFILE alone; an empty AWS_PROFILE is none', () => {
    const withProfile = { model_provider: 'amazon-bedrock', model_providers: { 'amazon-bedrock': { aws: { profile: 'cfg' } } } };
    expect(need(withProfile, { AWS_PROFILE: 'envp' })).toMatchObject({ profile: 'cfg', profileFrom: 'config' });
    expect(need({ model_provider: 'amazon-bedrock' }, { AWS_PROFILE: 'envp' })).toMatchObject({ profile: 'envp', profileFrom: 'env' });
    expect(need({ model_provider: 'amazon-bedrock' }, { AWS_PROFILE: '' })).toMatchObject({ profile: null, profileFrom: null });
    // A non-string aws.profile, or an aws that is not a table, names no profile.
    expect(need({ model_provider: 'amazon-bedrock', model_providers: { 'amazon-bedrock': { aws: { profile: 3 } } } })).toMatchObject({ profile: null, profileFrom: null });
    expect(need({ model_provider: 'amazon-bedrock', model_providers: { 'amazon-bedrock': { aws: 'p' } } }, { AWS_PROFILE: 'e' })).toMatchObject({ profile: 'e', profileFrom: 'env' });
  });

  it.each(['ollama', 'lmstudio', 'oss'])('%s (local) needs nothing', (provider) => {
    expect(need({ model_provider: provider })).toEqual({ kind: 'none', provider, why: 'a local provider needs no credentials' });
  });

  it('openai (the default) needs a login or an API key', () => {
    expect(need({})).toEqual({ kind: 'openai', provider: 'openai' });
    expect(need({ model_provider: 'openai' })).toEqual({ kind: 'openai', provider: 'openai' });
  });

  it('a custom provider: its env_key; auth.command instead; neither', () => {
    expect(need({ model_provider: 'gw', model_providers: { gw: { env_key: 'GW_KEY' } } })).toEqual({ kind: 'env-key', provider: 'gw', name: 'GW_KEY' });
    expect(need({ model_provider: 'gw', model_providers: { gw: { env_key: 'GW_KEY', auth: { command: 'x' } } } })).toEqual({ kind: 'token-command', provider: 'gw', token: { command: 'x', args: [], timeoutMs: 5000, cwd: null } });
    expect(need({ model_provider: 'gw', model_providers: { gw: { auth: { command: 'az', args: ['account', 7], timeout_ms: 900, cwd: 'bin' } } } })).toEqual({ kind: 'token-command', provider: 'gw', token: { command: 'az', args: ['account'], timeoutMs: 900, cwd: 'bin' } });
    expect(need({ model_provider: 'gw', model_providers: { gw: { auth: { args: ['x'] } } } })).toEqual({ kind: 'none', provider: 'gw', why: 'the provider runs its own auth.command' });
    expect(need({ model_provider: 'gw', model_providers: { gw: { env_key: '' } } })).toEqual({ kind: 'none', provider: 'gw', why: 'the provider names no env_key' });
    expect(need({ model_provider: 'gw', model_providers: { gw: { env_key: 7 } } })).toMatchObject({ kind: 'none', why: 'the provider names no env_key' });
    expect(need({ model_provider: 'gw', model_providers: { gw: 'x' } })).toMatchObject({ kind: 'none' });
    expect(need({ model_provider: 'gw', model_providers: 'x' })).toMatchObject({ kind: 'none' });
    expect(need({ model_provider: 'gw' })).toMatchObject({ kind: 'none' });
  });
});
