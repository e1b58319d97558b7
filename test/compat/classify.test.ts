// Which row of the capability table a run is (src/compat/classify.ts): every shipped row can be
// reached, by provider id, by login, by base_url; a user's row wins over the shipped ones.
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/compat/classify.ts';
import { type CapabilityTable, builtinTable, withOverrides } from '../../src/compat/table.ts';
import { type EffectiveSettings, effectiveSettings } from '../../src/config/effective-settings.ts';

function settings(toml: string): EffectiveSettings {
  return effectiveSettings([parse(toml)], {});
}

function rowOf(toml: string, chatgptLogin = false, table: CapabilityTable = builtinTable()): string {
  return classify(settings(toml), table, chatgptLogin).row.id;
}

describe('classify', () => {
  it('openai: the ChatGPT row with a login, the API-key row without', () => {
    expect(rowOf('', true)).toBe('openai-chatgpt');
    expect(rowOf('model_provider = "openai"', false)).toBe('openai-api-key');
    const withLogin = classify(settings(''), builtinTable(), true);
    expect(withLogin).toMatchObject({ auth: 'chatgpt', why: 'model_provider openai with a ChatGPT login' });
    expect(classify(settings(''), builtinTable(), false)).toMatchObject({ auth: 'api-key', why: 'model_provider openai with an API key' });
  });

  it('amazon-bedrock and amazon-bedrock-runtime: the Bedrock row, by id, whatever the base_url', () => {
    expect(rowOf('model_provider = "amazon-bedrock"')).toBe('amazon-bedrock');
    expect(rowOf('model_provider = "amazon-bedrock-runtime"')).toBe('amazon-bedrock');
    // Pointed at a loopback stand-in (as the e2e tests do) it is still Bedrock.
    expect(rowOf('model_provider = "amazon-bedrock"\n[model_providers.amazon-bedrock]\nbase_url = "http://127.0.0.1:9/openai/v1"')).toBe('amazon-bedrock');
    expect(classify(settings('model_provider = "amazon-bedrock"'), builtinTable(), true)).toMatchObject({ auth: 'api-key', why: 'model_provider amazon-bedrock' });
  });

  it('azure: by base_url (a custom provider at *.openai.azure.com) and by id', () => {
    const byUrl = classify(settings('model_provider = "corp"\n[model_providers.corp]\nbase_url = "https://x.openai.azure.com/openai"\nenv_key = "AZURE_OPENAI_API_KEY"'), builtinTable(), false);
    expect(byUrl.row.id).toBe('azure');
    expect(byUrl.why).toBe('base_url https://x.openai.azure.com/openai matches *.openai.azure.com*');
    expect(rowOf('model_provider = "corp"\n[model_providers.corp]\nbase_url = "https://x.cognitiveservices.azure.com/openai/v1"')).toBe('azure');
    expect(rowOf('model_provider = "corp"\n[model_providers.corp]\nbase_url = "https://x.services.ai.azure.com/models"')).toBe('azure');
    expect(rowOf('model_provider = "azure"\n[model_providers.azure]\nbase_url = "https://gateway.corp.example/v1"')).toBe('azure');
    expect(rowOf('model_provider = "azure-openai"')).toBe('azure');
  });

  it('oci: by id and by base_url', () => {
    expect(rowOf('model_provider = "oci"')).toBe('oci');
    expect(rowOf('model_provider = "oracle"')).toBe('oci');
    expect(rowOf('model_provider = "genai"\n[model_providers.genai]\nbase_url = "https://inference.generativeai.us-chicago-1.oci.oraclecloud.com/v1"')).toBe('oci');
  });

  it('ollama and lmstudio, by id', () => {
    expect(rowOf('model_provider = "ollama"')).toBe('ollama');
    expect(rowOf('model_provider = "lmstudio"')).toBe('lmstudio');
  });

  it('a custom gateway: the catch-all row', () => {
    const gateway = classify(settings('model_provider = "gw"\n[model_providers.gw]\nbase_url = "https://llm.corp.example/v1"\nenv_key = "GW_KEY"'), builtinTable(), false);
    expect(gateway).toMatchObject({ row: { id: 'custom' }, auth: 'api-key', why: 'model_provider gw is a custom provider' });
    // No base_url at all: still the catch-all.
    expect(rowOf('model_provider = "gw"')).toBe('custom');
    // A base_url that merely mentions azure somewhere else is not Azure.
    expect(rowOf('model_provider = "gw"\n[model_providers.gw]\nbase_url = "https://llm.corp.example/openai.azure.com"')).toBe('custom');
  });

  it('a custom provider with requires_openai_auth uses codex\'s login: chatgpt auth when logged in', () => {
    const toml = 'model_provider = "az"\n[model_providers.az]\nbase_url = "https://x.openai.azure.com/openai"\nrequires_openai_auth = true';
    expect(classify(settings(toml), builtinTable(), true)).toMatchObject({ row: { id: 'azure' }, auth: 'chatgpt' });
    expect(classify(settings(toml), builtinTable(), false)).toMatchObject({ row: { id: 'azure' }, auth: 'api-key' });
  });

  it('every shipped row is reached by one of the cases above', () => {
    const reached = new Set([
      rowOf('', true),
      rowOf(''),
      rowOf('model_provider = "amazon-bedrock"'),
      rowOf('model_provider = "x"\n[model_providers.x]\nbase_url = "https://x.openai.azure.com/openai"'),
      rowOf('model_provider = "oci"'),
      rowOf('model_provider = "ollama"'),
      rowOf('model_provider = "lmstudio"'),
      rowOf('model_provider = "gw"'),
    ]);
    expect([...reached].sort()).toEqual(builtinTable().rows.map((r) => r.id).sort());
  });

  describe('a user\'s row', () => {
    it('by provider id wins over the catch-all', () => {
      const table = withOverrides(builtinTable(), { rows: { 'my-gateway': { providers: ['litellm'] } }, reasoningEfforts: null });
      expect(rowOf('model_provider = "litellm"', false, table)).toBe('my-gateway');
      expect(rowOf('model_provider = "other"', false, table)).toBe('custom');
    });

    it('by base_url wins over a shipped base_url row', () => {
      const table = withOverrides(builtinTable(), { rows: { 'corp-azure-gateway': { base_urls: ['https://gw.openai.azure.com/*'] } }, reasoningEfforts: null });
      const toml = 'model_provider = "gw"\n[model_providers.gw]\nbase_url = "https://gw.openai.azure.com/openai"';
      expect(rowOf(toml, false, table)).toBe('corp-azure-gateway');
      expect(rowOf(toml)).toBe('azure');
    });

    it('claiming a shipped provider id wins over the shipped row', () => {
      const table = withOverrides(builtinTable(), { rows: { 'bedrock-proxy': { providers: ['amazon-bedrock'] } }, reasoningEfforts: null });
      expect(rowOf('model_provider = "amazon-bedrock"', false, table)).toBe('bedrock-proxy');
    });

    it('an override of a shipped row changes what that row covers', () => {
      const table = withOverrides(builtinTable(), { rows: { azure: { base_urls: ['*.azure-api.net*'] } }, reasoningEfforts: null });
      expect(rowOf('model_provider = "x"\n[model_providers.x]\nbase_url = "https://corp.azure-api.net/openai"', false, table)).toBe('azure');
      expect(rowOf('model_provider = "x"\n[model_providers.x]\nbase_url = "https://x.openai.azure.com/openai"', false, table)).toBe('custom');
    });
  });
});
