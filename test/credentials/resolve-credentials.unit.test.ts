// Where each credential is found and how it reaches codex (src/credentials/resolve-credentials.ts):
// the behaviours the suite once let through (docs/mutation.md).
import { describe, expect, it } from 'vitest';
import { effectiveSettings } from '../../src/config/effective-settings.ts';
import type { TomlTable } from '../../src/config/toml-file.ts';
import type { EnvFile } from '../../src/credentials/env-file.ts';
import type { KeyringRead } from '../../src/credentials/keyring-api.ts';
import { requirementFor } from '../../src/credentials/requirements.ts';
import { type AwsOutcome, type CredentialDeps, resolveCredentials } from '../../src/credentials/resolve-credentials.ts';

const SECRET = 'sk-SENTINEL-unit-5d1e';

function deps(over: Partial<CredentialDeps> & { file?: Record<string, string>; dropped?: string[] } = {}): CredentialDeps {
  const file: EnvFile | null = over.file || over.dropped ? { path: '/h/.env', values: new Map(Object.entries(over.file ?? {})), dropped: over.dropped ?? [], tooOpen: false } : null;
  return {
    env: over.env ?? {},
    envFile: over.envFile ?? (async () => file),
    keyringGet: over.keyringGet ?? (async () => ({ value: null, status: 'ok', detail: null })),
    chatgptLogin: over.chatgptLogin ?? (async () => false),
    resolveAws: over.resolveAws ?? (async (): Promise<AwsOutcome> => ({ ok: false, reason: 'no-credentials', message: 'no AWS credentials', fix: null })),
    runTokenCommand: over.runTokenCommand ?? (async () => ({ ok: false, message: 'no token command here', fix: 'none' })),
    profile: over.profile ?? null,
    keyringInUse: over.keyringInUse ?? true,
  };
}
const need = (config: TomlTable, env: Record<string, string> = {}) => requirementFor(effectiveSettings([config], env), env);
const gw = need({ model_provider: 'gw', model_providers: { gw: { env_key: 'GW_KEY' } } });

describe('the .env conflict warning', () => {
  it('is silent when $CODEX_HOME/.env holds the same value as the environment', async () => {
    const plan = await resolveCredentials(gw, deps({ env: { GW_KEY: SECRET }, file: { GW_KEY: SECRET } }));
    expect(plan.findings).toEqual([]);
    expect(plan.credentials).toMatchObject([{ name: 'GW_KEY', source: 'env', delivery: 'env' }]);
  });
  it('is silent when the file holds it empty', async () => {
    expect((await resolveCredentials(gw, deps({ env: { GW_KEY: SECRET }, file: { GW_KEY: '' } }))).findings).toEqual([]);
  });
  it('warns, naming the file and never the value, when a keyring secret is overridden by the file', async () => {
    const plan = await resolveCredentials(gw, deps({ file: { OTHER: 'x' }, keyringGet: async () => ({ value: SECRET, status: 'ok', detail: null }), envFile: async () => ({ path: '/h/.env', values: new Map([['GW_KEY', '']]), dropped: [], tooOpen: false }) }));
    expect(plan.findings).toEqual([]);
    const conflict = await resolveCredentials(need({}), deps({ env: { OPENAI_API_KEY: SECRET }, file: { CODEX_API_KEY: 'other' } }));
    expect(conflict.findings).toEqual([
      { level: 'warning', code: 'env-file-conflict', message: '/h/.env sets CODEX_API_KEY to a different value, and codex lets that file override what cx delivers', fix: 'remove CODEX_API_KEY from /h/.env, or make the two agree' },
    ]);
  });
});

describe('an AWS profile named by aws.profile', () => {
  const named = need({ model_provider: 'amazon-bedrock', model_providers: { 'amazon-bedrock': { aws: { profile: 'dev' } } } });
  const ok = (region: string | null, regionFrom: string | null): CredentialDeps['resolveAws'] => async () => ({ ok: true, values: { AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: SECRET }, source: 'sso', origin: { kind: 'aws-sso' as const, awsProfile: 'p', session: 's', tokenExpires: '2030-01-01T00:00:00.000Z', tokenExpired: false }, expires: null, cachedUntil: null, region, regionFrom });

  it('that alone holds the region: that region is judged, and handed to codex', async () => {
    let asked: [string | null, string | null] | null = null;
    const plan = await resolveCredentials(named, deps({ resolveAws: async (profile, region) => ((asked = [profile, region]), ok('eu-west-3', 'profile dev in ~/.aws/config')(profile, region)) }));
    expect(asked).toEqual(['dev', null]);
    expect(plan.region).toEqual({ value: 'eu-west-3', from: 'profile dev in ~/.aws/config' });
    expect(plan.set).toEqual({ AWS_REGION: 'eu-west-3' });
    expect(plan.findings).toEqual([]);
  });
  it('with a region of unknown origin: said to come from the AWS profile', async () => {
    expect((await resolveCredentials(named, deps({ resolveAws: ok('eu-west-3', null) }))).region).toEqual({ value: 'eu-west-3', from: 'the AWS profile' });
  });
  it('a region in codex\'s config is the one judged, whatever the profile says', async () => {
    const both = need({ model_provider: 'amazon-bedrock', model_providers: { 'amazon-bedrock': { aws: { profile: 'dev', region: 'us-east-1' } } } });
    const plan = await resolveCredentials(both, deps({ resolveAws: ok('eu-west-3', 'x') }));
    expect(plan.region).toBeNull();
    expect(plan.set).toEqual({});
  });
  it('no region anywhere: refused, naming where to set one', async () => {
    const plan = await resolveCredentials(named, deps({ resolveAws: ok(null, null) }));
    expect(plan.findings).toEqual([
      { level: 'error', code: 'aws-region-missing', message: 'provider amazon-bedrock needs a region and none is set', fix: 'set region in [model_providers.amazon-bedrock.aws] of the profile, AWS_REGION, or region in the AWS profile' },
    ]);
  });
});

describe('the AWS chain for AWS_PROFILE', () => {
  const req = need({ model_provider: 'amazon-bedrock-runtime', model_providers: { 'amazon-bedrock-runtime': { aws: { region: 'us-east-1' } } } });
  it('an error without a fix says to check the profile; an expired SSO session names the login command', async () => {
    const plain = await resolveCredentials(req, deps());
    expect(plain.findings).toEqual([{ level: 'error', code: 'aws-credentials', message: 'no AWS credentials', fix: 'check the AWS profile (`aws configure list --profile P`)' }]);
    expect(plain.credentials).toMatchObject([{ name: 'aws', source: 'none', delivery: 'none' }]);
    const expired = await resolveCredentials(req, deps({ resolveAws: async () => ({ ok: false, reason: 'sso-expired', message: 'expired', fix: 'aws sso login --profile d' }) }));
    // The command once, in the fix (issue 17: it was printed twice).
    expect(expired.findings).toEqual([{ level: 'error', code: 'aws-sso-expired', message: 'expired', fix: 'run: aws sso login --profile d' }]);
  });
  it('a bearer token in the environment: no AWS chain at all', async () => {
    let asked = false;
    const plan = await resolveCredentials(req, deps({ env: { AWS_BEARER_TOKEN_BEDROCK: SECRET }, resolveAws: async () => ((asked = true), { ok: false, reason: 'x', message: 'x', fix: null }) }));
    expect(asked).toBe(false);
    expect(plan.credentials).toMatchObject([{ name: 'AWS_BEARER_TOKEN_BEDROCK', source: 'env', delivery: 'env' }]);
  });
});

describe('the keyring', () => {
  it('scoped to the profile first, then global; a value found is delivered and kept from the agent', async () => {
    const accounts: string[] = [];
    const keyringGet = async (account: string): Promise<KeyringRead> => (accounts.push(account), { value: account === 'GW_KEY' ? SECRET : null, status: 'ok', detail: null });
    const plan = await resolveCredentials(gw, deps({ profile: 'work', keyringGet }));
    expect(accounts).toEqual(['work/GW_KEY', 'GW_KEY']);
    expect(plan.set).toEqual({ GW_KEY: SECRET });
    expect(plan.exclude).toEqual(['GW_KEY']);
  });
  it.each([
    ['locked', 'is locked'],
    ['timeout', 'did not answer in time'],
    ['unavailable', 'is not available'],
  ] as const)('%s: said once (a warning for a required key), and not asked again in the run', async (status, what) => {
    const accounts: string[] = [];
    const keyringGet = async (account: string): Promise<KeyringRead> => (accounts.push(account), { value: null, status, detail: status === 'timeout' ? 'no answer within 1500 ms' : null });
    const plan = await resolveCredentials(gw, deps({ profile: 'work', keyringGet }));
    expect(accounts).toEqual(['work/GW_KEY']);
    expect(plan.findings[0]).toEqual({ level: 'warning', code: `keyring-${status}`, message: `the keyring ${what}${status === 'timeout' ? ' (no answer within 1500 ms)' : ''}; GW_KEY was not looked up there` });
    expect(plan.findings[1]).toMatchObject({ level: 'error', code: 'credential-missing', fix: 'store it with `cx secret set GW_KEY`, or export it' });
    // openai looks up two optional names: the keyring that failed for the first is not asked for the second.
    const optional: string[] = [];
    const openai = await resolveCredentials(need({}), deps({ keyringGet: async (a) => (optional.push(a), { value: null, status, detail: null }) }));
    expect(optional).toEqual(['CODEX_API_KEY']);
    // A keyring that cannot answer is news even for an optional lookup: it only happens where cx stored a secret.
    expect(openai.findings[0]).toMatchObject({ level: 'warning', code: `keyring-${status}` });
  });
});

describe('openai', () => {
  it('CODEX_API_KEY in the .env is dropped by codex: said, with the name to use instead', async () => {
    const plan = await resolveCredentials(need({}), deps({ dropped: ['codex_api_key'] }));
    expect(plan.findings[0]).toMatchObject({ level: 'warning', code: 'env-file-codex-key-dropped', message: '/h/.env sets CODEX_API_KEY, but codex drops CODEX_ names from that file' });
  });
  it('OPENAI_API_KEY from the .env goes to codex as CODEX_API_KEY (exec sends no OPENAI_API_KEY)', async () => {
    const plan = await resolveCredentials(need({}), deps({ file: { OPENAI_API_KEY: SECRET } }));
    expect(plan.set).toEqual({ CODEX_API_KEY: SECRET });
    expect(plan.credentials).toMatchObject([{ name: 'CODEX_API_KEY', source: 'codex-home-env', delivery: 'env-excluded' }]);
  });
});
