// What `cx doctor` asks a provider for its model list, and how it reads the answer
// (src/doctor/model-list.ts); the requests themselves are tested on loopback in
// test/e2e/doctor-models.test.ts.
import { describe, expect, it } from 'vitest';
import type { EffectiveSettings } from '../../src/config/effective-settings.ts';
import { modelListRequest, modelListedCheck, parseModelList } from '../../src/doctor/model-list.ts';

const settings = (provider: string, merged: Record<string, unknown>, region: string | null = null): EffectiveSettings => ({
  provider, model: 'm', region, regionFrom: null, webSearch: 'cached', serviceTier: null, reasoningEffort: null, merged, codexEnv: {}, regionFromAwsProfile: false,
});
const lookup = (values: Record<string, string>) => (name: string): string | undefined => values[name];

describe('modelListRequest', () => {
  it('openai: the API key codex would send, at openai_base_url or the default', () => {
    expect(modelListRequest(settings('openai', {}), lookup({ OPENAI_API_KEY: 'k' }))).toEqual({ kind: 'request', url: 'https://api.openai.com/v1/models', headers: { authorization: 'Bearer k' } });
    expect(modelListRequest(settings('openai', { openai_base_url: 'https://eu.example/v1/' }), lookup({ CODEX_API_KEY: 'c' }))).toMatchObject({ url: 'https://eu.example/v1/models', headers: { authorization: 'Bearer c' } });
    expect(modelListRequest(settings('openai', {}), lookup({}))).toMatchObject({ kind: 'skip' });
  });

  it("Bedrock: the region's endpoint with the bearer token; SigV4 only is not asked", () => {
    expect(modelListRequest(settings('amazon-bedrock', {}, 'eu-west-1'), lookup({ AWS_BEARER_TOKEN_BEDROCK: 't' }))).toEqual({ kind: 'request', url: 'https://bedrock-mantle.eu-west-1.api.aws/openai/v1/models', headers: { authorization: 'Bearer t' } });
    expect(modelListRequest(settings('amazon-bedrock', {}, 'eu-west-1'), lookup({ AWS_ACCESS_KEY_ID: 'a' }))).toMatchObject({ kind: 'skip', why: expect.stringContaining('bearer token') });
  });

  it('a custom provider: env_key, query_params and http_headers as codex sends them; a token command is not run', () => {
    const gw = { model_providers: { gw: { base_url: 'https://gw/v1', env_key: 'K', query_params: { 'api-version': '1' }, http_headers: { 'x-team': 'a' } } } };
    expect(modelListRequest(settings('gw', gw), lookup({ K: 'v' }))).toEqual({ kind: 'request', url: 'https://gw/v1/models?api-version=1', headers: { 'x-team': 'a', authorization: 'Bearer v' } });
    expect(modelListRequest(settings('gw', gw), lookup({}))).toMatchObject({ kind: 'skip', why: 'K is not set' });
    expect(modelListRequest(settings('cmd', { model_providers: { cmd: { base_url: 'https://c/v1', auth: { command: 'x' } } } }), lookup({}))).toMatchObject({ kind: 'skip' });
  });
});

describe('reading the answer', () => {
  it('takes the ids of an OpenAI-style list, nothing else', () => {
    expect(parseModelList('{"object":"list","data":[{"id":"a"},{"id":"b"},{"x":1}]}')).toEqual(['a', 'b']);
    expect(parseModelList('<html>')).toBeNull();
    expect(parseModelList('{"models":[]}')).toBeNull();
  });

  it('ok when listed, fail when not (naming what is), a warning when the list could not be had, skipped with no model', () => {
    const request = { kind: 'request' as const, url: 'https://gw/v1/models?key=secret', headers: {} };
    expect(modelListedCheck('a', 'gw', request, { ok: true, ids: ['a'] }).status).toBe('ok');
    const missing = modelListedCheck('z', 'gw', request, { ok: true, ids: ['a', 'b'] });
    expect(missing).toMatchObject({ status: 'fail', remediation: 'set model to one of: a, b' });
    expect(missing.summary).not.toContain('secret');
    expect(modelListedCheck('z', 'gw', request, { ok: false, why: 'HTTP 401' }).status).toBe('warning');
    expect(modelListedCheck(null, 'gw', request, null).status).toBe('skipped');
  });
});
