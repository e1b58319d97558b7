import { describe, expect, it } from 'vitest';
import { effectiveSettings } from '../../src/config/effective-settings.ts';
import type { EnvFile } from '../../src/credentials/env-file.ts';
import type { KeyringRead } from '../../src/credentials/keyring-api.ts';
import { requirementFor } from '../../src/credentials/requirements.ts';
import { type AwsOutcome, type CredentialDeps, resolveCredentials } from '../../src/credentials/resolve-credentials.ts';

const SECRET = 'sk-SENTINEL-resolve-91c2';

function deps(over: Partial<CredentialDeps> & { file?: Record<string, string>; keyring?: Record<string, string>; keyringStatus?: KeyringRead['status'] } = {}): CredentialDeps {
  const file: EnvFile | null = over.file ? { path: '/h/.env', values: new Map(Object.entries(over.file)), dropped: [], tooOpen: false } : null;
  const keyring = over.keyring ?? {};
  const status = over.keyringStatus ?? 'ok';
  return {
    env: over.env ?? {},
    envFile: over.envFile ?? (async () => file),
    keyringGet: over.keyringGet ?? (async (account) => ({ value: status === 'ok' ? (keyring[account] ?? null) : null, status, detail: status === 'ok' ? null : 'test' })),
    chatgptLogin: over.chatgptLogin ?? (async () => false),
    resolveAws: over.resolveAws ?? (async (): Promise<AwsOutcome> => ({ ok: false, reason: 'no-credentials', message: 'no AWS credentials', fix: null })),
    runTokenCommand: over.runTokenCommand ?? (async () => ({ ok: false, message: 'no token command here', fix: 'none' })),
    profile: over.profile ?? null,
    keyringInUse: over.keyringInUse ?? true,
  };
}

const azure = requirementFor(effectiveSettings([{ model_provider: 'azure', model_providers: { azure: { env_key: 'AZURE_OPENAI_API_KEY' } } }], {}), {});

describe('requirementFor', () => {
  it('reads what each provider needs from the merged config', () => {
    expect(azure).toEqual({ kind: 'env-key', provider: 'azure', name: 'AZURE_OPENAI_API_KEY' });
    expect(requirementFor(effectiveSettings([{}], {}), {})).toEqual({ kind: 'openai', provider: 'openai' });
    expect(requirementFor(effectiveSettings([{ model_provider: 'ollama' }], {}), {}).kind).toBe('none');
    expect(requirementFor(effectiveSettings([{ model_provider: 'gw', model_providers: { gw: { auth: { command: 'x' } } } }], {}), {}).kind).toBe('token-command');
    const bedrock = requirementFor(effectiveSettings([{ model_provider: 'amazon-bedrock', model_providers: { 'amazon-bedrock': { aws: { profile: 'p', region: 'eu-west-1' } } } }], {}), {});
    expect(bedrock).toEqual({ kind: 'aws', provider: 'amazon-bedrock', profile: 'p', profileFrom: 'config', region: 'eu-west-1', profileRegion: null });
    expect(requirementFor(effectiveSettings([{ model_provider: 'amazon-bedrock' }], {}), { AWS_PROFILE: 'q' })).toMatchObject({ profile: 'q', profileFrom: 'env', region: null });
  });
});

describe('resolveCredentials', () => {
  it('leaves a key in the environment to codex', async () => {
    const plan = await resolveCredentials(azure, deps({ env: { AZURE_OPENAI_API_KEY: SECRET } }));
    expect(plan).toMatchObject({ credentials: [{ name: 'AZURE_OPENAI_API_KEY', source: 'env', delivery: 'env' }], set: {}, exclude: [], findings: [] });
  });

  it('warns when $CODEX_HOME/.env would override the value with another', async () => {
    const plan = await resolveCredentials(azure, deps({ env: { AZURE_OPENAI_API_KEY: SECRET }, file: { AZURE_OPENAI_API_KEY: 'other' } }));
    expect(plan.findings).toMatchObject([{ level: 'warning', code: 'env-file-conflict' }]);
    expect(JSON.stringify(plan.findings)).not.toContain(SECRET);
  });

  it('lets codex read $CODEX_HOME/.env itself', async () => {
    const plan = await resolveCredentials(azure, deps({ file: { AZURE_OPENAI_API_KEY: SECRET } }));
    expect(plan).toMatchObject({ credentials: [{ source: 'codex-home-env', delivery: 'codex-home-env' }], set: {} });
  });

  it('delivers a keyring secret in codex\'s environment, kept out of the agent\'s commands; scoped wins over global', async () => {
    const plan = await resolveCredentials(azure, deps({ profile: 'work', keyring: { AZURE_OPENAI_API_KEY: 'global', 'work/AZURE_OPENAI_API_KEY': SECRET } }));
    expect(plan.set).toEqual({ AZURE_OPENAI_API_KEY: SECRET });
    expect(plan.exclude).toEqual(['AZURE_OPENAI_API_KEY']);
    expect(plan.credentials).toMatchObject([{ name: 'AZURE_OPENAI_API_KEY', source: 'keyring', delivery: 'env-excluded' }]);
    const global = await resolveCredentials(azure, deps({ profile: 'home', keyring: { AZURE_OPENAI_API_KEY: 'global' } }));
    expect(global.set).toEqual({ AZURE_OPENAI_API_KEY: 'global' });
  });

  it('blocks on a missing key, and says how to store one', async () => {
    const plan = await resolveCredentials(azure, deps());
    expect(plan.findings).toMatchObject([{ level: 'error', code: 'credential-missing' }]);
    expect(plan.findings[0]?.fix).toContain('cx secret set AZURE_OPENAI_API_KEY');
  });

  it('says the keyring was down rather than that the key is missing, and goes on', async () => {
    const plan = await resolveCredentials(azure, deps({ keyringStatus: 'locked' }));
    expect(plan.findings.map((f) => f.code)).toEqual(['keyring-locked', 'credential-missing']);
  });

  it('openai: CODEX_API_KEY as is; a ChatGPT login before any OPENAI_API_KEY; else the key as CODEX_API_KEY', async () => {
    const openai = requirementFor(effectiveSettings([{}], {}), {});
    expect((await resolveCredentials(openai, deps({ env: { CODEX_API_KEY: SECRET } }))).credentials).toMatchObject([{ name: 'CODEX_API_KEY', source: 'env', delivery: 'env' }]);
    expect((await resolveCredentials(openai, deps({ env: { OPENAI_API_KEY: SECRET }, chatgptLogin: async () => true }))).credentials).toMatchObject([{ name: 'chatgpt-login', source: 'chatgpt-login', delivery: 'login' }]);
    const fromEnv = await resolveCredentials(openai, deps({ env: { OPENAI_API_KEY: SECRET } }));
    expect(fromEnv.set).toEqual({ CODEX_API_KEY: SECRET });
    expect(fromEnv.credentials).toMatchObject([{ name: 'CODEX_API_KEY', source: 'env', delivery: 'env-excluded' }]);
    const fromFile = await resolveCredentials(openai, deps({ file: { OPENAI_API_KEY: SECRET } }));
    expect(fromFile.set).toEqual({ CODEX_API_KEY: SECRET });
    const none = await resolveCredentials(openai, deps());
    expect(none.findings).toMatchObject([{ level: 'info', code: 'credential-missing' }]);
  });

  it('bedrock: a bearer token, else the AWS chain; a region always', async () => {
    const req = requirementFor(effectiveSettings([{ model_provider: 'amazon-bedrock' }], {}), {});
    const bearer = await resolveCredentials(req, deps({ keyring: { AWS_BEARER_TOKEN_BEDROCK: SECRET } }));
    expect(bearer.set).toEqual({ AWS_BEARER_TOKEN_BEDROCK: SECRET });
    expect(bearer.findings).toMatchObject([{ level: 'error', code: 'aws-region-missing' }]);
    const chain = await resolveCredentials(req, deps({ resolveAws: async () => ({ ok: true, values: { AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: SECRET }, source: 'sso', origin: { kind: 'aws-sso' as const, awsProfile: 'p', session: 's', tokenExpires: '2030-01-01T00:00:00.000Z', tokenExpired: false }, expires: null, cachedUntil: null, region: 'eu-west-1', regionFrom: 'profile p' }) }));
    expect(chain.set).toEqual({ AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: SECRET, AWS_REGION: 'eu-west-1' });
    expect(chain.exclude).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
    expect(chain.findings).toEqual([]);
    const expired = await resolveCredentials(req, deps({ resolveAws: async () => ({ ok: false, reason: 'sso-expired', message: 'the SSO session for p has expired', fix: 'aws sso login --profile p' }) }));
    expect(expired.findings.map((f) => f.code)).toEqual(['aws-sso-expired', 'aws-region-missing']);
    // The command is the fix, said once (the refusal shows the message, then the fix).
    expect(expired.findings[0]).toMatchObject({ message: 'the SSO session for p has expired', fix: 'run: aws sso login --profile p' });
  });

  it('warns about a .env readable by others', async () => {
    const file: EnvFile = { path: '/h/.env', values: new Map(), dropped: [], tooOpen: true };
    const plan = await resolveCredentials({ kind: 'none', provider: 'ollama', why: '' }, deps({ envFile: async () => file }));
    expect(plan.findings).toMatchObject([{ code: 'env-file-permissions' }]);
  });

  it('asks the keyring for an optional key only once cx has stored a secret here', async () => {
    const openai = requirementFor(effectiveSettings([{}], {}), {});
    let asked = 0;
    const keyringGet = async (): Promise<KeyringRead> => {
      asked += 1;
      return { value: null, status: 'ok', detail: null };
    };
    await resolveCredentials(openai, deps({ keyringInUse: false, keyringGet }));
    expect(asked).toBe(0);
    await resolveCredentials(openai, deps({ keyringInUse: true, keyringGet }));
    expect(asked).toBe(2);
    await resolveCredentials(azure, deps({ keyringInUse: false, keyringGet }));
    expect(asked).toBe(3);
  });

  it('bedrock with aws.profile in codex\'s config: checks the profile, delivers nothing (codex resolves it itself)', async () => {
    const req = requirementFor(effectiveSettings([{ model_provider: 'amazon-bedrock', model_providers: { 'amazon-bedrock': { aws: { profile: 'p', region: 'us-east-1' } } } }], {}), {});
    const plan = await resolveCredentials(req, deps({ resolveAws: async () => ({ ok: true, values: { AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: SECRET }, source: 'sso', origin: { kind: 'aws-sso' as const, awsProfile: 'p', session: 's', tokenExpires: '2030-01-01T00:00:00.000Z', tokenExpired: false }, expires: null, cachedUntil: null, region: 'us-east-1', regionFrom: 'x' }) }));
    expect(plan.set).toEqual({});
    expect(plan.exclude).toEqual([]);
    expect(plan.credentials).toMatchObject([{ name: 'aws profile p', source: 'aws-chain', delivery: 'codex-aws-sdk', from: 'SSO session s (AWS profile p), token expires at 2030-01-01T00:00:00.000Z' }]);
  });
});
