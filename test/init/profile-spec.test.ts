// What `cx init` writes for each provider kind, and what it refuses (pure). That codex accepts each
// file is proved with the real codex in test/e2e/init.test.ts.
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { AZURE_API_VERSION, ENTRA_COMMAND, type InitAnswers, decideProfile } from '../../src/init/profile-spec.ts';
import { isCxError } from '../../src/cx-error.ts';

const KNOWN = { definedProviders: ['corp-gateway'], bedrockRegions: ['us-east-1', 'eu-west-1', 'eu-central-1'] };

function answers(over: Partial<InitAnswers>): InitAnswers {
  return { name: 'work', provider: 'openai', model: null, region: null, baseUrl: null, envKey: null, apiVersion: null, entra: false, ...over };
}

function refusal(over: Partial<InitAnswers>): { status: number; message: string; hint: string } {
  try {
    decideProfile(answers(over), KNOWN);
  } catch (error) {
    if (isCxError(error)) return { status: error.status, message: error.message, hint: error.hint ?? '' };
    throw error;
  }
  throw new Error('not refused');
}

describe('cx init: the profile file', () => {
  it('openai: the built-in provider and the model; the key is OPENAI_API_KEY', () => {
    const spec = decideProfile(answers({ model: 'gpt-5.5' }), KNOWN);
    expect(parse(spec.text)).toEqual({ model_provider: 'openai', model: 'gpt-5.5' });
    expect(spec.envKey).toBe('OPENAI_API_KEY');
    expect(parse(decideProfile(answers({}), KNOWN).text)).toEqual({ model_provider: 'openai' });
  });

  it('azure: a custom provider with the deployment, base_url, env_key and api-version', () => {
    const spec = decideProfile(answers({ provider: 'azure', model: 'dep', baseUrl: 'https://r.openai.azure.com/openai/' }), KNOWN);
    expect(parse(spec.text)).toEqual({
      model_provider: 'azure',
      model: 'dep',
      model_providers: { azure: { name: 'Azure OpenAI', base_url: 'https://r.openai.azure.com/openai', env_key: 'AZURE_OPENAI_API_KEY', query_params: { 'api-version': AZURE_API_VERSION }, wire_api: 'responses' } },
    });
  });

  it('azure --entra: the token from `az account get-access-token`, no env_key', () => {
    const spec = decideProfile(answers({ provider: 'azure', model: 'dep', baseUrl: 'https://r.openai.azure.com/openai', entra: true, apiVersion: '2025-05-01' }), KNOWN);
    const provider = (parse(spec.text) as { model_providers: { azure: Record<string, unknown> } }).model_providers.azure;
    expect(provider['auth']).toEqual({ command: 'az', args: ['account', 'get-access-token', '--resource', 'https://cognitiveservices.azure.com', '--query', 'accessToken', '-o', 'tsv'] });
    expect(provider['auth']).toEqual({ command: ENTRA_COMMAND.command, args: [...ENTRA_COMMAND.args] });
    expect(provider['env_key']).toBeUndefined();
    expect(provider['query_params']).toEqual({ 'api-version': '2025-05-01' });
    expect(spec.envKey).toBeNull();
  });

  it('amazon-bedrock (or bedrock): the region under [model_providers.amazon-bedrock.aws]', () => {
    const spec = decideProfile(answers({ provider: 'bedrock', model: 'openai.gpt-5.5', region: 'eu-west-1' }), KNOWN);
    expect(parse(spec.text)).toEqual({ model_provider: 'amazon-bedrock', model: 'openai.gpt-5.5', model_providers: { 'amazon-bedrock': { aws: { region: 'eu-west-1' } } } });
    expect(spec.envKey).toBeNull();
  });

  it('a new provider with --base-url; a provider config.toml defines; a local one', () => {
    const custom = decideProfile(answers({ provider: 'litellm', model: 'm', baseUrl: 'http://127.0.0.1:4000/v1' }), KNOWN);
    expect(parse(custom.text)).toEqual({ model_provider: 'litellm', model: 'm', model_providers: { litellm: { name: 'litellm', base_url: 'http://127.0.0.1:4000/v1', env_key: 'LITELLM_API_KEY', wire_api: 'responses' } } });
    expect(parse(decideProfile(answers({ provider: 'corp-gateway', model: 'm' }), KNOWN).text)).toEqual({ model_provider: 'corp-gateway', model: 'm' });
    expect(parse(decideProfile(answers({ provider: 'ollama', model: 'gpt-oss:20b' }), KNOWN).text)).toEqual({ model_provider: 'ollama', model: 'gpt-oss:20b' });
  });

  it('values are TOML-quoted: a model with quotes and backslashes reads back as given', () => {
    const model = 'we"ird\\name';
    expect((parse(decideProfile(answers({ model }), KNOWN).text) as { model: string }).model).toBe(model);
  });
});

describe('cx init: refusals (64, with the fix)', () => {
  it('a provider neither built in nor defined: the nearest name, and how to define a new one', () => {
    const r = refusal({ provider: 'amazon-bedrok' });
    expect(r.status).toBe(64);
    expect(r.message).toBe('provider amazon-bedrok is neither built in nor defined in config.toml');
    expect(r.hint).toContain('did you mean amazon-bedrock?');
    expect(r.hint).toContain('--base-url');
  });

  it('Bedrock: a region is needed and must be one Bedrock serves OpenAI models in (nearest offered)', () => {
    expect(refusal({ provider: 'amazon-bedrock', model: 'openai.gpt-5.5' }).message).toBe('Amazon Bedrock needs --region');
    const r = refusal({ provider: 'amazon-bedrock', model: 'openai.gpt-5.5', region: 'eu-west-2x' });
    expect(r.message).toContain('region eu-west-2x');
    expect(r.hint).toContain('did you mean eu-west-1?');
  });

  it('Azure needs a deployment and a base URL; --entra excludes --env-key; options that do not apply are named', () => {
    expect(refusal({ provider: 'azure', baseUrl: 'https://r.openai.azure.com/openai' }).message).toContain('deployment');
    expect(refusal({ provider: 'azure', model: 'd' }).message).toBe('Azure needs --base-url');
    expect(refusal({ provider: 'azure', model: 'd', baseUrl: 'ftp://x' }).message).toContain('http or https');
    expect(refusal({ provider: 'azure', model: 'd', baseUrl: 'https://u:p@x/openai' }).message).toContain('user name or password');
    expect(refusal({ provider: 'azure', model: 'd', baseUrl: 'https://x/openai', entra: true, envKey: 'K' }).message).toContain('--entra and --env-key');
    expect(refusal({ provider: 'openai', entra: true }).message).toBe('--entra does not apply to provider openai');
    expect(refusal({ provider: 'openai', region: 'eu-west-1' }).message).toBe('--region does not apply to provider openai');
    expect(refusal({ provider: 'openai', baseUrl: 'https://x/v1' }).message).toBe('--base-url does not apply to provider openai');
  });

  it('a bad NAME or variable name; a value that is not one plain line is refused without being shown', () => {
    expect(refusal({ name: 'a.b' }).message).toContain('profile name `a.b` is not valid');
    const secretish = 'sk-not-a-name';
    const r = refusal({ provider: 'litellm', model: 'm', baseUrl: 'http://x/v1', envKey: secretish });
    expect(r.message).not.toContain(secretish);
    expect(refusal({ model: 'a\nb' }).message).toBe('the model given is not a plain one-line value');
  });
});
