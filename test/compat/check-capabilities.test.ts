// The capability findings (src/compat/check-capabilities.ts), from the table alone: each code, its
// level, and the -c cx adds when codex's default web search would go to a provider without it.
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { type CapabilityVerdict, checkCapabilities } from '../../src/compat/check-capabilities.ts';
import { classify } from '../../src/compat/classify.ts';
import { runAsks } from '../../src/compat/run-asks.ts';
import { type CapabilityTable, type TableOverrides, builtinTable, withOverrides } from '../../src/compat/table.ts';
import { effectiveSettings, overridesTable } from '../../src/config/effective-settings.ts';
import { readCodexArgs } from '../../src/plan/codex-args.ts';

interface Options {
  login?: boolean;
  strict?: boolean;
  env?: Record<string, string>;
  overrides?: Partial<TableOverrides>;
}

/** The verdict for a run with this config (config.toml and profile in one) and argv. */
function check(config: string, argv: readonly string[] = ['exec', 'hi'], options: Options = {}): CapabilityVerdict {
  const table: CapabilityTable = options.overrides ? withOverrides(builtinTable(), { rows: {}, reasoningEfforts: null, ...options.overrides }) : builtinTable();
  const shape = readCodexArgs(argv);
  const layers = [parse(config)];
  const args = overridesTable(shape.overrides);
  const settings = effectiveSettings([...layers, args], options.env ?? {});
  const classified = classify(settings, table, options.login ?? false);
  const asks = runAsks(settings, shape, layers, args);
  return checkCapabilities(table, classified, asks, shape.subcommand === 'exec' || shape.subcommand === 'e', options.strict ?? false);
}

/** `level code` of each finding, data-residency (on every row) left out. */
function codes(verdict: CapabilityVerdict): string[] {
  return verdict.findings.filter((f) => f.code !== 'data-residency').map((f) => `${f.level} ${f.code}`);
}

// Providers as inline tables, so that top-level keys and [tables] can be appended to them.
const BEDROCK = 'model_provider = "amazon-bedrock"\nmodel = "openai.gpt-5.5"\nmodel_providers = { amazon-bedrock = { aws = { region = "us-east-1" } } }\n';
const AZURE = 'model_provider = "az"\nmodel = "my-deployment"\nmodel_providers = { az = { base_url = "https://x.openai.azure.com/openai", env_key = "AZURE_OPENAI_API_KEY" } }\n';
const GATEWAY = 'model_provider = "gw"\nmodel = "m"\nmodel_providers = { gw = { base_url = "https://llm.corp.example/v1", env_key = "GW_KEY" } }\n';

describe('checkCapabilities', () => {
  it('a clean run on each provider has only the data-residency note', () => {
    for (const config of [BEDROCK, AZURE, GATEWAY, 'model = "gpt-5.5"', 'model_provider = "ollama"']) {
      const verdict = check(`${config}\nweb_search = "disabled"`);
      expect(verdict.findings.map((f) => `${f.level} ${f.code}`), config).toEqual(['info data-residency']);
      expect(verdict.args).toEqual([]);
    }
  });

  it('every error and warning says what to do (a non-empty fix)', () => {
    const runs: [string, string[], Options?][] = [
      [`${BEDROCK}web_search = "live"\nservice_tier = "fast"\nmodel_reasoning_effort = "bogus"\n[features]\nimage_generation = true\nin_app_voice = true\nweb_search_request = true`, ['exec', '--search', 'hi']],
      ['model_provider = "amazon-bedrock"\nmodel = "gpt-5.5"\n[model_providers.amazon-bedrock.aws]\nregion = "us-gov-west-1"', ['exec']],
      ['model_provider = "amazon-bedrock"\n[model_providers.amazon-bedrock.aws]\nregion = "ca-central-1"', ['exec']],
      ['model_provider = "az"\nmodel = "gpt-5.5"\n[model_providers.az]\nbase_url = "https://x.openai.azure.com/openai"', ['exec']],
      ['model_provider = "oci"', ['exec']],
      ['', ['cloud']],
      [BEDROCK, ['exec'], { overrides: { rows: { 'amazon-bedrock': { models: ['openai.gpt-oss-120b'] } } } }],
    ];
    const seen = new Set<string>();
    for (const [config, argv, options] of runs) {
      for (const finding of check(config, argv, options).findings) {
        seen.add(finding.code);
        if (finding.level !== 'info') expect(finding.fix?.length ?? 0, finding.code).toBeGreaterThan(10);
        expect(finding.message.length, finding.code).toBeGreaterThan(10);
      }
    }
    expect([...seen].sort()).toEqual(
      [
        'web-search-unsupported', 'search-flag-exec', 'web-search-deprecated-feature', 'service-tier-unsupported', 'image-generation-unsupported',
        'voice-unsupported', 'reasoning-effort-invalid', 'data-residency', 'web-search-turned-off', 'region-govcloud', 'bedrock-model-id', 'region-unsupported',
        'azure-model-not-deployment', 'model-needs-chatgpt-auth', 'provider-not-available', 'codex-cloud-needs-chatgpt', 'model-unknown',
      ].sort(),
    );
  });

  describe('web search', () => {
    it('codex\'s default on Bedrock: turned off for the run (info), -c web_search="disabled" added', () => {
      const verdict = check(BEDROCK);
      expect(codes(verdict)).toEqual(['info web-search-turned-off']);
      expect(verdict.args).toEqual(['-c', 'web_search="disabled"']);
    });

    it('asked for on Bedrock or Azure (config, -c, --search): an error, nothing added', () => {
      for (const [config, argv] of [
        [`${BEDROCK}web_search = "live"`, ['exec']],
        [`${BEDROCK}web_search = "cached"`, ['exec']],
        [BEDROCK, ['exec', '-c', 'web_search=indexed']],
        [BEDROCK, ['--search']],
        [`${AZURE}web_search = "live"`, ['exec']],
      ] as const) {
        const verdict = check(config, argv);
        expect(codes(verdict), `${config} ${argv.join(' ')}`).toEqual(['error web-search-unsupported']);
        expect(verdict.args).toEqual([]);
      }
      expect(check(BEDROCK, ['exec', '-c', 'web_search=live']).findings[0]?.message).toContain('from the arguments');
      expect(check(`${BEDROCK}web_search = "live"`).findings[0]?.message).toContain('from the config');
    });

    it('the fix undoes the web search where the run asked for it, and never asks for it again', () => {
      expect(check(BEDROCK, ['--search']).findings[0]?.fix).toBe('leave out --search (Amazon Bedrock (amazon-bedrock) has no web search), or choose a profile whose provider has web search');
      expect(check(BEDROCK, ['--search']).findings[0]?.message).toContain('(--search)');
      expect(check(BEDROCK, ['exec', '-c', 'web_search=live']).findings[0]?.fix).toMatch(/^leave out -c web_search=…/);
      expect(check(`${BEDROCK}web_search = "live"`).findings[0]?.fix).toMatch(/^set web_search = "disabled" in this profile/);
      // `exec --search` on Bedrock: not "write -c web_search=live", which Bedrock would refuse next.
      const both = check(BEDROCK, ['exec', '--search', 'hi']).findings.filter((f) => f.level === 'error');
      expect(both.map((f) => f.code)).toEqual(['search-flag-exec', 'web-search-unsupported']);
      for (const finding of both) expect(finding.fix).not.toContain('web_search=live');
      expect(check(GATEWAY, ['exec', '--search', 'hi']).findings.find((f) => f.code === 'search-flag-exec')?.fix).toBe('for exec write `-c web_search=live`');
    });

    it('disabled, or a provider with web search (or not known to lack it): nothing', () => {
      for (const config of [`${BEDROCK}web_search = "disabled"`, 'model = "gpt-5.5"\nweb_search = "live"', `${GATEWAY}web_search = "live"`, GATEWAY]) {
        const verdict = check(config);
        expect(codes(verdict), config).toEqual([]);
        expect(verdict.args).toEqual([]);
      }
      expect(check(BEDROCK, ['exec', '-c', 'web_search=disabled']).args).toEqual([]);
    });

    it('an override that gives Bedrock web search makes the run fine', () => {
      const overrides = { rows: { 'amazon-bedrock': { features: { web_search: 'yes' } } } };
      expect(codes(check(`${BEDROCK}web_search = "live"`, ['exec'], { overrides }))).toEqual([]);
      expect(check(BEDROCK, ['exec'], { overrides }).args).toEqual([]);
    });

    it('--search with exec is an error on any provider; on the TUI it is fine where search exists', () => {
      expect(codes(check('model = "gpt-5.5"', ['exec', '--search', 'hi']))).toEqual(['error search-flag-exec']);
      expect(codes(check('model = "gpt-5.5"', ['e', '--search', 'hi']))).toEqual(['error search-flag-exec']);
      expect(codes(check('model = "gpt-5.5"', ['--search', 'hi']))).toEqual([]);
    });

    it('the deprecated [features] spellings warn; on Bedrock web_search_request is also a request for search', () => {
      expect(codes(check('model = "gpt-5.5"\n[features]\nweb_search_cached = true'))).toEqual(['warning web-search-deprecated-feature']);
      expect(codes(check(`${BEDROCK}[features]\nweb_search_request = true`))).toEqual(['warning web-search-deprecated-feature', 'error web-search-unsupported']);
      expect(check('[features]\nweb_search_request = true\nweb_search_cached = true').findings[0]?.message).toContain('web_search_request, web_search_cached are deprecated');
    });
  });

  describe('features', () => {
    it('service_tier where it is not sent (Bedrock, local providers): a warning; where it is, or unknown: nothing', () => {
      expect(codes(check(`${BEDROCK}service_tier = "fast"`))).toContain('warning service-tier-unsupported');
      expect(codes(check('model_provider = "ollama"\nweb_search = "disabled"\nservice_tier = "flex"'))).toEqual(['warning service-tier-unsupported']);
      expect(codes(check('model = "gpt-5.5"\nservice_tier = "fast"'))).toEqual([]);
      expect(codes(check(`${AZURE}web_search = "disabled"\nservice_tier = "fast"`))).toEqual([]);
    });

    it('image generation and voice turned on where there are none: warnings; on OpenAI with ChatGPT: nothing', () => {
      const config = `${BEDROCK}web_search = "disabled"\n[features]\nimage_generation = true\nin_app_voice = true`;
      expect(codes(check(config))).toEqual(['warning image-generation-unsupported', 'warning voice-unsupported']);
      expect(codes(check('model = "gpt-5.5"\n[features]\nimage_generation = true\nin_app_voice = true', ['exec'], { login: true }))).toEqual([]);
      // Voice needs the ChatGPT login: with an API key it is not there.
      expect(codes(check('model = "gpt-5.5"\n[features]\nin_app_voice = true'))).toEqual(['warning voice-unsupported']);
    });

    it('codex cloud: needs a ChatGPT login, whatever the profile\'s provider; nothing else is checked', () => {
      expect(check('', ['cloud']).findings.map((f) => `${f.level} ${f.code}`)).toEqual(['error codex-cloud-needs-chatgpt']);
      expect(check(`${BEDROCK}web_search = "live"\nservice_tier = "fast"`, ['cloud']).findings.map((f) => f.code)).toEqual(['codex-cloud-needs-chatgpt']);
      expect(check('', ['cloud'], { login: true }).findings).toEqual([]);
      expect(check(BEDROCK, ['cloud'], { login: true })).toEqual({ findings: [], args: [] });
      // An unavailable provider in the config does not matter either: cloud does not use it.
      expect(check('model_provider = "oci"\n', ['cloud'], { login: true })).toEqual({ findings: [], args: [] });
      expect(codes(check('model_provider = "oci"\n', ['cloud']))).toEqual(['error codex-cloud-needs-chatgpt']);
      // It follows the table: a row override that gives API-key logins Codex Cloud lets it through.
      expect(check('', ['cloud'], { overrides: { rows: { 'openai-api-key': { features: { codex_cloud: 'yes' } } } } })).toEqual({ findings: [], args: [] });
    });

    it('data residency: an info note from the row, saying when it cannot be told', () => {
      const bedrock = check(BEDROCK).findings.find((f) => f.code === 'data-residency');
      expect(bedrock).toEqual({ level: 'info', code: 'data-residency', message: 'Amazon Bedrock (amazon-bedrock): requests stay in the AWS region of the profile' });
      expect(check(GATEWAY).findings.find((f) => f.code === 'data-residency')?.message).toContain('cannot be told');
    });
  });

  describe('models', () => {
    it('Bedrock: an id that does not look like openai.* warns (not verified against the provider), an error only under strict mode', () => {
      const article = 'model_provider = "amazon-bedrock"\nmodel = "anthropic.claude-sonnet-4-20250514"\nweb_search = "disabled"\n[model_providers.amazon-bedrock.aws]\nregion = "us-east-1"';
      const verdict = check(article);
      expect(codes(verdict)).toEqual(['warning bedrock-model-id']);
      expect(verdict.findings[0]?.message).toContain('not checked against the provider');
      expect(verdict.findings[0]?.fix).toContain('cx doctor');
      expect(codes(check(article, ['exec', 'hi'], { strict: true }))).toEqual(['error bedrock-model-id']);
      const none = check('model_provider = "amazon-bedrock"\nweb_search = "disabled"\n[model_providers.amazon-bedrock.aws]\nregion = "us-east-1"');
      expect(codes(none)).toEqual(['warning bedrock-model-id']);
      expect(none.findings[0]?.message).toContain('no model is set');
      expect(none.findings[0]?.message).toContain('openai.gpt-5.5');
      expect(codes(check(`${BEDROCK}web_search = "disabled"`, ['-m', 'openai.gpt-oss-120b', 'exec']))).toEqual([]);
    });

    it('Azure: a model family name or no model warns (the model is a deployment name)', () => {
      for (const model of ['gpt-4.1', 'o3', 'o4-mini', 'codex-mini']) {
        expect(codes(check(`${AZURE}web_search = "disabled"`, ['-m', model, 'exec'])), model).toEqual(['warning azure-model-not-deployment']);
      }
      expect(codes(check('model_provider = "az"\nweb_search = "disabled"\n[model_providers.az]\nbase_url = "https://x.openai.azure.com/openai"'))).toEqual(['warning azure-model-not-deployment']);
      expect(codes(check(`${AZURE}web_search = "disabled"`, ['-m', 'prod-deployment', 'exec']))).toEqual([]);
    });

    it('GPT-5.5 on Azure needs ChatGPT auth: an error with an API key, fine with requires_openai_auth and a login', () => {
      const apiKey = check(`${AZURE}web_search = "disabled"`, ['-m', 'gpt-5.5', 'exec']);
      expect(codes(apiKey)).toEqual(['warning azure-model-not-deployment', 'error model-needs-chatgpt-auth']);
      const chatgpt = 'model_provider = "az"\nmodel = "gpt-5.5"\nweb_search = "disabled"\n[model_providers.az]\nbase_url = "https://x.openai.azure.com/openai"\nrequires_openai_auth = true';
      expect(codes(check(chatgpt, ['exec'], { login: true }))).toEqual(['warning azure-model-not-deployment']);
      expect(codes(check(chatgpt, ['exec'], { login: false }))).toContain('error model-needs-chatgpt-auth');
    });

    it('a row with known models warns about others (model-unknown)', () => {
      const overrides = { rows: { 'amazon-bedrock': { models: ['openai.gpt-oss-120b'] } } };
      expect(codes(check(`${BEDROCK}web_search = "disabled"`, ['exec'], { overrides }))).toEqual(['warning model-unknown']);
      expect(codes(check(`${BEDROCK}web_search = "disabled"`, ['-m', 'openai.gpt-oss-120b', 'exec'], { overrides }))).toEqual([]);
      expect(codes(check(`${BEDROCK}web_search = "disabled"`))).toEqual([]);
    });
  });

  describe('regions', () => {
    const at = (region: string): string => `model_provider = "amazon-bedrock"\nmodel = "openai.gpt-5.5"\nweb_search = "disabled"\n[model_providers.amazon-bedrock.aws]\nregion = "${region}"`;

    it('a region Bedrock does not serve is an error; every listed one is fine', () => {
      expect(codes(check(at('ca-central-1')))).toEqual(['error region-unsupported']);
      for (const region of builtinTable().rows.find((r) => r.id === 'amazon-bedrock')?.regions ?? []) expect(codes(check(at(region))), region).toEqual([]);
    });

    it('GovCloud: its own error, not region-unsupported', () => {
      for (const region of ['us-gov-west-1', 'us-gov-east-1']) {
        const verdict = check(at(region));
        expect(codes(verdict)).toEqual(['error region-govcloud']);
        expect(verdict.findings[0]?.message).toContain('GovCloud');
      }
    });

    it('from AWS_REGION too; no region is left to the credentials stage; an override adds a region', () => {
      const bedrock = 'model_provider = "amazon-bedrock"\nmodel = "openai.gpt-5.5"\nweb_search = "disabled"';
      expect(codes(check(bedrock, ['exec'], { env: { AWS_REGION: 'ap-east-1' } }))).toEqual(['error region-unsupported']);
      expect(codes(check(bedrock))).toEqual([]);
      expect(codes(check(at('ca-central-1'), ['exec'], { overrides: { rows: { 'amazon-bedrock': { regions: ['ca-central-1'] } } } }))).toEqual([]);
    });
  });

  it('Oracle OCI: provider-not-available, with what to use instead, and nothing else', () => {
    for (const config of ['model_provider = "oci"\nweb_search = "live"\nservice_tier = "fast"', 'model_provider = "x"\n[model_providers.x]\nbase_url = "https://a.oraclecloud.com/v1"']) {
      const verdict = check(config);
      expect(verdict.findings.map((f) => `${f.level} ${f.code}`)).toEqual(['error provider-not-available']);
      expect(verdict.findings[0]?.fix).toContain('amazon-bedrock');
      expect(verdict.args).toEqual([]);
    }
  });

  it('reasoning effort: one of the table\'s values, or an error; an override adds values', () => {
    expect(codes(check('model = "gpt-5.5"\nmodel_reasoning_effort = "bogus"'))).toEqual(['error reasoning-effort-invalid']);
    for (const effort of builtinTable().reasoningEfforts) expect(codes(check(`model = "gpt-5.5"\nmodel_reasoning_effort = "${effort}"`)), effort).toEqual([]);
    expect(codes(check('model = "gpt-5.5"\nmodel_reasoning_effort = "turbo"', ['exec'], { overrides: { reasoningEfforts: ['turbo'] } }))).toEqual([]);
  });
});
