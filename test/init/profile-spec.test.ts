// What `cx init` writes for each provider kind, and what it refuses (pure). That codex accepts each
// file is proved with the real codex in test/e2e/init.test.ts.
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { AZURE_API_VERSION, ENTRA_COMMAND, type InitAnswers, type ProfileSpec, decideProfile } from '../../src/init/profile-spec.ts';
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

// Each decision one by one: how typed values are read, which provider kind a name is, what each
// kind refuses and with which fix, and the file's exact text.
const AZURE_URL = 'https://r.openai.azure.com/openai';
const decide = (over: Partial<InitAnswers>, known = KNOWN): ProfileSpec => decideProfile(answers(over), known);

const HEADER = '# written by cx init: profile work (codex reads it for `-p work`; cx for `cx +work`)';

describe('cx init: the file text and the spec', () => {
  it('openai: exactly the header, the provider and the model; no provider table, nothing else set', () => {
    const spec = decide({ model: 'gpt-5.5' });
    expect(spec.text).toBe(`${HEADER}\nmodel_provider = "openai"\nmodel = "gpt-5.5"\n`);
    expect(spec).toMatchObject({ name: 'work', kind: 'openai', provider: 'openai', model: 'gpt-5.5', region: null, baseUrl: null, envKey: 'OPENAI_API_KEY', entra: false });
  });

  it('no model: no model line', () => {
    expect(decide({}).text).toBe(`${HEADER}\nmodel_provider = "openai"\n`);
  });

  it('a new provider: its table, the key named after the ID (dashes as _), trailing slashes of the URL dropped', () => {
    const spec = decide({ provider: 'my-gw', model: 'm', baseUrl: 'https://llm.example.com/v1///' });
    expect(spec.text).toBe(`${HEADER}\nmodel_provider = "my-gw"\nmodel = "m"\n\n[model_providers.my-gw]\nname = "my-gw"\nbase_url = "https://llm.example.com/v1"\nenv_key = "MY_GW_API_KEY"\nwire_api = "responses"\n`);
    expect(spec).toMatchObject({ kind: 'custom', baseUrl: 'https://llm.example.com/v1', envKey: 'MY_GW_API_KEY', entra: false });
    expect(decide({ provider: 'my-gw', model: 'm', baseUrl: 'https://llm.example.com/v1', envKey: 'GW_TOKEN' }).envKey).toBe('GW_TOKEN');
  });

  it('Azure with Entra ID: the provider is named so', () => {
    const spec = decide({ provider: 'azure', model: 'dep', baseUrl: AZURE_URL, entra: true });
    expect(spec.text).toContain('name = "Azure OpenAI (Entra ID)"');
    expect(spec).toMatchObject({ kind: 'azure', entra: true, envKey: null, baseUrl: AZURE_URL });
    expect(decide({ provider: 'azure', model: 'dep', baseUrl: AZURE_URL, envKey: 'MY_AZURE_KEY' }).text).toContain('env_key = "MY_AZURE_KEY"');
  });

  it('Bedrock: the region is in the spec and under the provider\'s aws table', () => {
    const spec = decide({ provider: 'amazon-bedrock', model: 'openai.gpt-5.5', region: 'eu-west-1' });
    expect(spec.text).toBe(`${HEADER}\nmodel_provider = "amazon-bedrock"\nmodel = "openai.gpt-5.5"\n\n[model_providers.amazon-bedrock.aws]\nregion = "eu-west-1"\n`);
    expect(spec).toMatchObject({ kind: 'amazon-bedrock', region: 'eu-west-1', baseUrl: null, envKey: null, entra: false });
  });
});

describe('cx init: which kind a provider name is', () => {
  it('the aliases, and blanks around the name', () => {
    expect(decide({ provider: ' openai ' }).provider).toBe('openai');
    expect(decide({ provider: 'lm-studio' })).toMatchObject({ kind: 'local', provider: 'lmstudio', envKey: null });
    expect(decide({ provider: 'lmstudio' }).kind).toBe('local');
    expect(decide({ provider: 'ollama' }).kind).toBe('local');
    expect(decide({ provider: 'azure-openai', model: 'd', baseUrl: AZURE_URL }).kind).toBe('azure');
  });

  it('azure defined in config.toml is that provider, not the built-in Azure recipe', () => {
    const spec = decide({ provider: 'azure', model: 'd' }, { ...KNOWN, definedProviders: ['azure'] });
    expect(spec).toMatchObject({ kind: 'defined', envKey: null });
    expect(spec.text).toBe(`${HEADER}\nmodel_provider = "azure"\nmodel = "d"\n`);
  });

  it('a name that is no provider ID is refused without being shown', () => {
    expect(refusal({ provider: 'a b' })).toEqual({ status: 64, message: 'the provider given is not a valid provider ID (not shown)', hint: 'use letters, digits, - and _' });
  });

  it('an unknown provider far from every known one: the choices, and how to define it', () => {
    expect(refusal({ provider: 'zzzzzz' }).hint).toBe('choose one of openai, azure, amazon-bedrock, ollama, lmstudio, corp-gateway, or give --base-url to define zzzzzz as a new provider');
  });
});

describe('cx init: typed values', () => {
  it('are trimmed; blank is not given', () => {
    expect(decide({ model: '  gpt-5.5  ' }).model).toBe('gpt-5.5');
    expect(decide({ model: '   ' }).model).toBeNull();
    expect(decide({ provider: 'amazon-bedrock', model: 'm', region: ' eu-west-1 ' }).region).toBe('eu-west-1');
  });

  it('up to 200 characters; more, or a control character, is refused naming which value', () => {
    expect(decide({ model: 'm'.repeat(200) }).model).toBe('m'.repeat(200));
    expect(refusal({ model: 'm'.repeat(201) })).toEqual({ status: 64, message: 'the model given is not a plain one-line value', hint: 'give the model as plain text' });
    expect(refusal({ model: 'a\u007fb' }).message).toBe('the model given is not a plain one-line value');
    expect(refusal({ region: 'eu\tx' }).message).toBe('the region given is not a plain one-line value');
    expect(refusal({ apiVersion: 'v\n1' }).message).toBe('the API version given is not a plain one-line value');
    expect(refusal({ baseUrl: 'https://x\r/' }).message).toBe('the base URL given is not a plain one-line value');
    expect(refusal({ envKey: 'K\u0000' }).message).toBe('the --env-key given is not a plain one-line value');
  });
});

describe('cx init: refusals, each with its fix', () => {
  it('a bad profile name: an example of a good command', () => {
    expect(refusal({ name: 'a.b' }).hint).toBe('e.g. cx init work --provider openai');
  });

  it('an option that does not apply is named, and leaving it out is the fix', () => {
    expect(refusal({ apiVersion: '2025-01-01' })).toEqual({ status: 64, message: '--api-version does not apply to provider openai', hint: 'leave --api-version out' });
    expect(refusal({ provider: 'ollama', envKey: 'K' }).message).toBe('--env-key does not apply to provider ollama');
    expect(refusal({ provider: 'corp-gateway', envKey: 'K' }).message).toBe('--env-key does not apply to provider corp-gateway');
    expect(refusal({ provider: 'amazon-bedrock', model: 'm', region: 'eu-west-1', baseUrl: 'https://x' }).message).toBe('--base-url does not apply to provider amazon-bedrock');
    expect(refusal({ provider: 'amazon-bedrock', model: 'm', region: 'eu-west-1', envKey: 'K' }).message).toBe('--env-key does not apply to provider amazon-bedrock');
    expect(refusal({ provider: 'amazon-bedrock', model: 'm', region: 'eu-west-1', entra: true }).message).toBe('--entra does not apply to provider amazon-bedrock');
  });

  it('openai takes its key as OPENAI_API_KEY or CODEX_API_KEY only', () => {
    expect(decide({ envKey: 'CODEX_API_KEY' }).envKey).toBe('CODEX_API_KEY');
    expect(decide({ envKey: 'OPENAI_API_KEY' }).envKey).toBe('OPENAI_API_KEY');
    expect(refusal({ envKey: 'MY_KEY' })).toEqual({ status: 64, message: 'for provider openai the key is OPENAI_API_KEY (cx hands it to codex as CODEX_API_KEY)', hint: 'leave --env-key out' });
  });

  it('a variable name that is not one: refused without showing it, with an example', () => {
    expect(refusal({ provider: 'azure', model: 'd', baseUrl: AZURE_URL, envKey: '1KEY' })).toEqual({ status: 64, message: '--env-key is not a valid variable name (not shown)', hint: 'use letters, digits and _, not starting with a digit, e.g. --env-key AZURE_OPENAI_API_KEY' });
  });

  it('Azure: the deployment and the base URL are needed, each with an example', () => {
    expect(refusal({ provider: 'azure', baseUrl: AZURE_URL })).toEqual({ status: 64, message: 'Azure needs --model: the name of your deployment', hint: 'e.g. --model gpt-5-mini (the deployment name in the Azure portal)' });
    expect(refusal({ provider: 'azure', model: 'd' }).hint).toBe('e.g. --base-url https://RESOURCE.openai.azure.com/openai');
    expect(refusal({ provider: 'azure', model: 'd', baseUrl: AZURE_URL, entra: true, envKey: 'K' }).hint).toBe('leave --env-key out');
  });

  it('a base URL that is no URL, not http(s), or carries a user or a password', () => {
    expect(refusal({ provider: 'azure', model: 'd', baseUrl: 'not a url' })).toEqual({ status: 64, message: '--base-url is not a URL', hint: 'e.g. --base-url https://RESOURCE.openai.azure.com/openai' });
    expect(refusal({ provider: 'gw', model: 'm', baseUrl: 'ftp://x/v1' })).toEqual({ status: 64, message: '--base-url must be an http or https URL', hint: 'e.g. --base-url https://llm.example.com/v1' });
    expect(refusal({ provider: 'gw', model: 'm', baseUrl: 'https://user@x/v1' }).message).toBe('--base-url must not carry a user name or password');
    expect(refusal({ provider: 'gw', model: 'm', baseUrl: 'https://:pw@x/v1' })).toEqual({ status: 64, message: '--base-url must not carry a user name or password', hint: 'keep the key in the keyring (cx secret set) instead' });
    expect(decide({ provider: 'gw', model: 'm', baseUrl: 'http://127.0.0.1:4000/v1' }).baseUrl).toBe('http://127.0.0.1:4000/v1');
  });

  it('a new provider needs a model', () => {
    expect(refusal({ provider: 'gw', baseUrl: 'https://x/v1' })).toEqual({ status: 64, message: 'a new provider needs --model', hint: 'the model name the server expects' });
  });

  it('Bedrock: a model and a region it serves are needed; the regions are offered', () => {
    expect(refusal({ provider: 'amazon-bedrock', region: 'eu-west-1' })).toEqual({ status: 64, message: 'Amazon Bedrock needs --model', hint: 'Bedrock model IDs look like openai.gpt-5.5 (or openai.gpt-oss-120b)' });
    expect(refusal({ provider: 'amazon-bedrock', model: 'm' }).hint).toBe('one of us-east-1, eu-west-1, eu-central-1');
    expect(refusal({ provider: 'amazon-bedrock', model: 'm', region: 'ap-south-9' })).toEqual({ status: 64, message: 'Amazon Bedrock does not serve OpenAI models in region ap-south-9', hint: 'one of us-east-1, eu-west-1, eu-central-1' });
  });

  it('Bedrock: a region that does not look like one is not shown back', () => {
    for (const region of ['EU-west-9', 'eu-west-9!', 'x'.repeat(31)]) {
      expect(refusal({ provider: 'amazon-bedrock', model: 'm', region }).message).toBe('Amazon Bedrock does not serve OpenAI models in region (not shown)');
    }
  });
});
