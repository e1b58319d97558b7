// checkCapabilities on a made-up row, so that every branch is reached by name and every message is
// checked where it carries the decision (which auth, which level, which feature), beyond
// test/compat/check-capabilities.test.ts which runs the built-in table.
import { describe, expect, it } from 'vitest';
import { checkCapabilities } from '../../src/compat/check-capabilities.ts';
import type { Classified } from '../../src/compat/classify.ts';
import type { RunAsks } from '../../src/compat/run-asks.ts';
import { type CapabilityTable, type Row, builtinTable } from '../../src/compat/table.ts';

const ROW: Row = {
  id: 'gw',
  label: 'Gateway',
  providers: ['gw'],
  baseUrls: [],
  auth: null,
  available: true,
  unavailable: null,
  instead: null,
  features: { web_search: 'yes', image_generation: 'yes', codex_cloud: 'yes', service_tier: 'yes', voice: 'yes', data_residency: 'yes' },
  modelPattern: null,
  modelPatternHint: null,
  modelIsDeployment: false,
  modelFamilies: [],
  modelAuth: {},
  models: null,
  regions: null,
  regionsRefused: {},
  residency: null,
};
const ASKS: RunAsks = { webSearch: { mode: 'disabled', by: 'config' }, searchFlag: false, deprecatedSearchFeatures: [], serviceTier: null, imageGeneration: false, voice: false, cloud: false, model: null, region: null, reasoningEffort: null };
const TABLE: CapabilityTable = { ...builtinTable(), rows: [] };

const check = (row: Partial<Row>, asks: Partial<RunAsks> = {}, over: { auth?: Classified['auth']; exec?: boolean; strict?: boolean; table?: CapabilityTable } = {}) =>
  checkCapabilities(over.table ?? TABLE, { row: { ...ROW, ...row }, auth: over.auth ?? 'api-key', why: 'provider gw', chatgptLogin: false }, { ...ASKS, ...asks }, over.exec ?? false, over.strict ?? false);

describe('a clean run', () => {
  it('on a row that has everything and asks nothing: no finding, nothing added', () => {
    expect(check({})).toEqual({ findings: [], args: [] });
  });
});

describe('web search', () => {
  it('one deprecated spelling "is", two "are"', () => {
    expect(check({}, { deprecatedSearchFeatures: ['web_search_request'] }).findings.map((f) => f.message)).toEqual(['[features] web_search_request is deprecated']);
    expect(check({}, { deprecatedSearchFeatures: ['web_search_request', 'web_search_cached'] }).findings.map((f) => f.message)).toEqual(['[features] web_search_request, web_search_cached are deprecated']);
  });

  it('--search is an error with exec only', () => {
    expect(check({}, { searchFlag: true }, { exec: true }).findings.map((f) => f.code)).toEqual(['search-flag-exec']);
    expect(check({}, { searchFlag: true }).findings).toEqual([]);
  });

  it('asked for where there is none: the error says where it was asked', () => {
    const row = { features: { ...ROW.features, web_search: 'no' as const } };
    expect(check(row, { webSearch: { mode: 'live', by: 'args' } }).findings[0]?.message).toBe('this run asks for web search (web_search = "live", from the arguments) but Gateway (gw) has none');
    expect(check(row, { webSearch: { mode: 'cached', by: 'config' } }).findings[0]?.message).toBe('this run asks for web search (web_search = "cached", from the config) but Gateway (gw) has none');
    expect(check(row, { webSearch: { mode: 'live', by: 'default' } })).toMatchObject({ args: ['-c', 'web_search="disabled"'], findings: [{ level: 'info', code: 'web-search-turned-off' }] });
    expect(check(row, { webSearch: { mode: 'disabled', by: 'config' } })).toEqual({ findings: [], args: [] });
  });
});

describe('models', () => {
  it('a model pattern: a warning, an error under strict mode; the hint, or the pattern itself', () => {
    const row = { modelPattern: 'openai.*', modelPatternHint: null };
    expect(check(row, { model: 'openai.gpt' }).findings).toEqual([]);
    const loose = check(row, { model: 'gpt-5' }).findings;
    expect(loose.map((f) => [f.level, f.code])).toEqual([['warning', 'bedrock-model-id']]);
    expect(loose[0]?.message).toBe('model gpt-5 does not look like a model id Gateway (gw) serves to codex (expected openai.*); not checked against the provider');
    expect(check(row, { model: 'gpt-5' }, { strict: true }).findings[0]?.level).toBe('error');
    // Not strict unless asked.
    expect(checkCapabilities(TABLE, { row: { ...ROW, ...row }, auth: 'api-key', why: 'x', chatgptLogin: false }, { ...ASKS, model: 'gpt-5' }, false).findings[0]?.level).toBe('warning');
    expect(check({ ...row, modelPatternHint: 'ids start with openai.' }, {}).findings[0]?.message).toBe("no model is set, and codex's default does not look like a model id Gateway (gw) serves to codex (ids start with openai.); not checked against the provider");
  });

  it('a deployment row: no model, or a model family name, warns; a deployment name does not', () => {
    const row = { modelIsDeployment: true, modelFamilies: ['gpt-*'] };
    expect(check(row).findings.map((f) => f.message)).toEqual(["no model is set; on Gateway (gw) the model is your deployment's name, and codex's default model name is unlikely to be one"]);
    expect(check(row, { model: 'gpt-5' }).findings.map((f) => f.code)).toEqual(['azure-model-not-deployment']);
    expect(check(row, { model: 'my-deploy' }).findings).toEqual([]);
    expect(check({ modelFamilies: ['gpt-*'] }, { model: 'gpt-5' }).findings).toEqual([]);
  });

  it('a model that needs ChatGPT auth, run with an API key, and one that needs an API key, run with ChatGPT', () => {
    const row = { modelAuth: { 'gpt-5.5*': 'chatgpt' as const, 'o9*': 'api-key' as const } };
    expect(check(row, { model: 'gpt-5.5' }).findings).toEqual([
      { level: 'error', code: 'model-needs-chatgpt-auth', message: 'model gpt-5.5 on Gateway (gw) needs ChatGPT auth, and this run uses an API key', fix: 'set requires_openai_auth = true on the provider and run `codex login`, or choose another model' },
    ]);
    expect(check(row, { model: 'gpt-5.5' }, { auth: 'chatgpt' }).findings).toEqual([]);
    expect(check(row, { model: 'o9-mini' }, { auth: 'chatgpt' }).findings).toEqual([
      { level: 'error', code: 'model-needs-chatgpt-auth', message: 'model o9-mini on Gateway (gw) needs an API key, and this run uses a ChatGPT login', fix: 'give the provider an env_key, or choose another model' },
    ]);
    expect(check(row, { model: 'o9-mini' }).findings).toEqual([]);
    expect(check(row, { model: 'other' }, { auth: 'chatgpt' }).findings).toEqual([]);
    expect(check(row, {}).findings).toEqual([]);
  });

  it('known models: another one warns', () => {
    expect(check({ models: ['a', 'b'] }, { model: 'c' }).findings[0]?.message).toBe('model c is not among the models known for Gateway (gw) (a, b)');
    expect(check({ models: ['a', 'b'] }, { model: 'a' }).findings).toEqual([]);
    expect(check({ models: ['a'] }).findings).toEqual([]);
  });
});

describe('regions', () => {
  const row = { regions: ['eu-west-1', 'us-east-1'], regionsRefused: { 'us-gov-*': 'GovCloud is not served' } };
  it('a refused region, an unserved one, a served one, none, and a row whose regions are not cx\'s to check', () => {
    expect(check(row, { region: 'us-gov-west-1' }).findings).toEqual([{ level: 'error', code: 'region-govcloud', message: 'region us-gov-west-1: GovCloud is not served', fix: 'choose a region Gateway (gw) serves: eu-west-1, us-east-1' }]);
    expect(check(row, { region: 'ap-south-1' }).findings.map((f) => f.code)).toEqual(['region-unsupported']);
    expect(check(row, { region: 'eu-west-1' }).findings).toEqual([]);
    expect(check(row, { region: null }).findings).toEqual([]);
    expect(check({ regionsRefused: row.regionsRefused }, { region: 'us-gov-west-1' }).findings).toEqual([]);
  });
});

describe('other features', () => {
  const none = { features: { ...ROW.features, service_tier: 'no' as const, image_generation: 'no' as const, voice: 'no' as const } };
  it('each asked for where there is none warns; not asked for, nothing', () => {
    expect(check(none, { serviceTier: 'flex', imageGeneration: true, voice: true }).findings.map((f) => f.code)).toEqual(['service-tier-unsupported', 'image-generation-unsupported', 'voice-unsupported']);
    expect(check(none).findings).toEqual([]);
    expect(check({}, { serviceTier: 'flex', imageGeneration: true, voice: true }).findings).toEqual([]);
  });

  it('data residency: the row\'s note, and whether it can be told', () => {
    expect(check({ residency: 'EU only' }).findings).toEqual([{ level: 'info', code: 'data-residency', message: 'Gateway (gw): EU only' }]);
    expect(check({ residency: 'EU only', features: { ...ROW.features, data_residency: 'unknown' } }).findings[0]?.message).toBe('Gateway (gw): EU only (data residency cannot be told here)');
  });
});

describe('a row that is not available', () => {
  it('one error with the row\'s own words (or a default) and what to use instead; nothing else checked', () => {
    expect(check({ available: false, unavailable: 'Gateway is gone', instead: 'use gw2' }, { model: 'x', searchFlag: true }, { exec: true }).findings).toEqual([
      { level: 'error', code: 'provider-not-available', message: 'Gateway is gone (provider gw)', fix: 'use gw2' },
    ]);
    expect(check({ available: false }).findings).toEqual([{ level: 'error', code: 'provider-not-available', message: 'Gateway is not available (provider gw)' }]);
  });
});

describe('codex cloud', () => {
  it('judged on the openai row for the login there is, nothing else', () => {
    const table = builtinTable();
    const cloud = (chatgptLogin: boolean) => checkCapabilities(table, { row: { ...ROW, available: false }, auth: 'api-key', why: 'x', chatgptLogin }, { ...ASKS, cloud: true, model: 'x' }, false);
    expect(cloud(false).findings.map((f) => f.code)).toEqual(['codex-cloud-needs-chatgpt']);
    expect(cloud(true)).toEqual({ findings: [], args: [] });
    expect(checkCapabilities(TABLE, { row: ROW, auth: 'api-key', why: 'x', chatgptLogin: false }, { ...ASKS, cloud: true }, false)).toEqual({ findings: [], args: [] });
  });
});

describe('reasoning effort', () => {
  it('one of the table\'s values, else an error listing them', () => {
    const table = { ...TABLE, reasoningEfforts: ['low', 'high'] };
    expect(check({}, { reasoningEffort: 'high' }, { table }).findings).toEqual([]);
    expect(check({}, { reasoningEffort: 'max' }, { table }).findings).toEqual([{ level: 'error', code: 'reasoning-effort-invalid', message: 'model_reasoning_effort = "max" is not a reasoning effort; codex sends it unchecked and the request fails', fix: 'use one of low, high' }]);
  });
});
