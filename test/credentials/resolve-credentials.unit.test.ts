// Where each credential is found and how it reaches codex (src/credentials/resolve-credentials.ts):
// the behaviours the suite once let through (docs/mutation.md).
import { describe, expect, it } from 'vitest';
import { effectiveSettings } from '../../src/config/effective-settings.ts';
import type { TomlTable } from '../../src/config/toml-file.ts';
import type { EnvFile } from '../../src/credentials/env-file.ts';
import type { KeyringRead } from '../../src/credentials/keyring-api.ts';
import { requirementFor } from '../../src/credentials/requirements.ts';
import { type AwsOutcome, type CredentialDeps, resolveCredentials } from '../../src/credentials/resolve-credentials.ts';
import { describeTokenCommand, programName, tokenCommandWhat } from '../../src/credentials/token-command.ts';

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

describe('what the .env file itself says', () => {
  it('its line problems and a too-open mode are reported first, and do not keep the keyring from being asked', async () => {
    const problem = { level: 'warning' as const, code: 'env-file-line', message: '/h/.env:3: not NAME=value' };
    const plan = await resolveCredentials(gw, deps({
      envFile: async () => ({ path: '/h/.env', values: new Map(), dropped: [], tooOpen: true, problems: [problem] }),
      keyringGet: async (account) => ({ value: account === 'GW_KEY' ? SECRET : null, status: 'ok', detail: null }),
    }));
    expect(plan.findings).toEqual([problem, { level: 'warning', code: 'env-file-permissions', message: '/h/.env is readable by group or others', fix: 'chmod 600 /h/.env' }]);
    expect(plan.set).toEqual({ GW_KEY: SECRET });
  });
});

describe('keytar not installed', () => {
  const notInstalled = async (): Promise<KeyringRead> => ({ value: null, status: 'not-installed', detail: null });
  it('is only info for an optional lookup (openai), but a warning for a key the provider requires', async () => {
    const optional = await resolveCredentials(need({}), deps({ keyringGet: notInstalled }));
    expect(optional.findings[0]).toMatchObject({ level: 'info', code: 'keyring-not-installed' });
    const required = await resolveCredentials(gw, deps({ keyringGet: notInstalled }));
    expect(required.findings[0]).toMatchObject({ level: 'warning', code: 'keyring-not-installed' });
  });
});

describe('a key found nowhere', () => {
  it('a required one: an error, and a credential recorded as missing', async () => {
    const plan = await resolveCredentials(gw, deps());
    expect(plan.credentials).toMatchObject([{ name: 'GW_KEY', source: 'none', delivery: 'none' }]);
    expect(plan.findings).toEqual([{ level: 'error', code: 'credential-missing', message: 'GW_KEY for provider gw is not in the environment, $CODEX_HOME/.env or the keyring', fix: 'store it with `cx secret set GW_KEY`, or export it' }]);
  });
  it('openai: only noted, naming OPENAI_API_KEY', async () => {
    const plan = await resolveCredentials(need({}), deps());
    expect(plan.credentials).toMatchObject([{ name: 'OPENAI_API_KEY', source: 'none', delivery: 'none' }]);
    expect(plan.findings).toEqual([{ level: 'info', code: 'credential-missing', message: 'OPENAI_API_KEY for provider openai is not in the environment, $CODEX_HOME/.env or the keyring', fix: 'store it with `cx secret set OPENAI_API_KEY`, or export it' }]);
  });
});

describe('openai, further', () => {
  it('another CODEX_ name dropped from the .env is not taken for CODEX_API_KEY', async () => {
    const plan = await resolveCredentials(need({}), deps({ dropped: ['CODEX_HOME'] }));
    expect(plan.findings.map((f) => f.code)).not.toContain('env-file-codex-key-dropped');
  });
  it('the dropped-key warning says what to do instead', async () => {
    const plan = await resolveCredentials(need({}), deps({ dropped: ['CODEX_API_KEY'] }));
    expect(plan.findings[0]?.fix).toBe('name it OPENAI_API_KEY there (cx hands it over as CODEX_API_KEY), or store it with `cx secret set CODEX_API_KEY`');
  });
  it('OPENAI_API_KEY in the keyring (global entry) goes to codex as CODEX_API_KEY', async () => {
    const asked: string[] = [];
    const plan = await resolveCredentials(need({}), deps({ keyringGet: async (a) => (asked.push(a), { value: a === 'OPENAI_API_KEY' ? SECRET : null, status: 'ok', detail: null }) }));
    expect(asked).toEqual(['CODEX_API_KEY', 'OPENAI_API_KEY']);
    expect(plan.set).toEqual({ CODEX_API_KEY: SECRET });
    expect(plan.credentials).toMatchObject([{ name: 'CODEX_API_KEY', source: 'keyring', delivery: 'env-excluded' }]);
  });
});

describe('the AWS chain for AWS_PROFILE, with credentials', () => {
  const noRegion = { kind: 'aws' as const, provider: 'amazon-bedrock', profile: 'dev', profileFrom: 'env' as const, region: null, profileRegion: null };
  const ok = (region: string | null, regionFrom: string | null): CredentialDeps['resolveAws'] => async () => ({ ok: true, values: { AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: SECRET }, source: 'profile', origin: { kind: 'missing', lookedIn: 'x' }, expires: null, cachedUntil: null, region, regionFrom });

  it('the profile\'s region is judged and handed over with the keys; of unknown origin, it comes from the AWS profile', async () => {
    const plan = await resolveCredentials(noRegion, deps({ resolveAws: ok('eu-west-3', 'profile dev') }));
    expect(plan.region).toEqual({ value: 'eu-west-3', from: 'profile dev' });
    expect(plan.set).toEqual({ AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: SECRET, AWS_REGION: 'eu-west-3' });
    expect(plan.exclude).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
    expect(plan.findings).toEqual([]);
    expect((await resolveCredentials(noRegion, deps({ resolveAws: ok('eu-west-3', null) }))).region).toEqual({ value: 'eu-west-3', from: 'the AWS profile' });
  });
  it('a region in codex\'s config wins: nothing handed over for it', async () => {
    const plan = await resolveCredentials({ ...noRegion, region: 'us-east-1' }, deps({ resolveAws: ok('eu-west-3', 'x') }));
    expect(plan.region).toBeNull();
    expect(plan.set).not.toHaveProperty('AWS_REGION');
  });
  it('a profile without a region: refused for the missing region', async () => {
    const plan = await resolveCredentials(noRegion, deps({ resolveAws: ok(null, null) }));
    expect(plan.region).toBeNull();
    expect(plan.set).not.toHaveProperty('AWS_REGION');
    expect(plan.findings.map((f) => f.code)).toEqual(['aws-region-missing']);
  });
});

describe('a bearer token with the AWS profile\'s region (found by the plan)', () => {
  const withRegion = { kind: 'aws' as const, provider: 'amazon-bedrock', profile: 'dev', profileFrom: 'env' as const, region: null, profileRegion: { value: 'ap-south-1', from: 'profile dev in ~/.aws/config' } };
  const bearer = { env: { AWS_BEARER_TOKEN_BEDROCK: SECRET } };
  it('that region is judged and handed over as AWS_REGION', async () => {
    const plan = await resolveCredentials(withRegion, deps(bearer));
    expect(plan.region).toEqual(withRegion.profileRegion);
    expect(plan.set).toEqual({ AWS_REGION: 'ap-south-1' });
    expect(plan.findings).toEqual([]);
  });
  it('not when codex\'s config sets a region', async () => {
    const plan = await resolveCredentials({ ...withRegion, region: 'us-east-1' }, deps(bearer));
    expect(plan.region).toBeNull();
    expect(plan.set).toEqual({});
  });
  it('not over a region the AWS chain found', async () => {
    const chain = await resolveCredentials(withRegion, deps({ resolveAws: async () => ({ ok: true, values: {}, source: 'profile', origin: { kind: 'missing', lookedIn: 'x' }, expires: null, cachedUntil: null, region: 'eu-north-1', regionFrom: 'chain' }) }));
    expect(chain.region).toEqual({ value: 'eu-north-1', from: 'chain' });
    expect(chain.set).toEqual({ AWS_REGION: 'eu-north-1' });
  });
  it('neither a bearer region nor any other: refused', async () => {
    const plan = await resolveCredentials({ ...withRegion, profileRegion: null }, deps(bearer));
    expect(plan.findings.map((f) => f.code)).toEqual(['aws-region-missing']);
  });
});

describe('a token command (auth = { command, args })', () => {
  const token = { kind: 'token-command' as const, provider: 'corp', token: { command: '/usr/bin/gcloud', args: ['auth', 'print-access-token'], timeoutMs: 5000, cwd: null } };
  it('that succeeds: codex runs it itself; the expiry it reported is kept', async () => {
    const asked: string[] = [];
    const plan = await resolveCredentials(token, deps({ runTokenCommand: async (provider) => (asked.push(provider), { ok: true, expiresAt: new Date('2030-01-01T00:00:00Z') }) }));
    expect(asked).toEqual(['corp']);
    expect(plan.credentials).toMatchObject([{ name: `token command ${describeTokenCommand('/usr/bin/gcloud')}`, source: 'token-command', delivery: 'codex-auth-command', expires: '2030-01-01T00:00:00.000Z', origin: { kind: 'token-command', program: programName('/usr/bin/gcloud'), what: tokenCommandWhat('/usr/bin/gcloud') } }]);
    expect(plan.findings).toEqual([]);
    const noExpiry = await resolveCredentials(token, deps({ runTokenCommand: async () => ({ ok: true, expiresAt: null }) }));
    expect(noExpiry.credentials[0]?.expires).toBeNull();
  });
  it('that fails: refused with its own message and fix, the credential recorded as missing', async () => {
    const plan = await resolveCredentials(token, deps({ runTokenCommand: async () => ({ ok: false, message: 'gcloud: not logged in', fix: 'run: gcloud auth login' }) }));
    expect(plan.credentials).toMatchObject([{ source: 'none', delivery: 'none', origin: { kind: 'token-command' } }]);
    expect(plan.findings).toEqual([{ level: 'error', code: 'token-command-failed', message: 'gcloud: not logged in', fix: 'run: gcloud auth login' }]);
  });
});

describe('where each credential came from (origin)', () => {
  it('the environment, the .env file, a global or a profile keyring entry', async () => {
    expect((await resolveCredentials(gw, deps({ env: { GW_KEY: SECRET } }))).credentials[0]?.origin).toEqual({ kind: 'environment', variable: 'GW_KEY' });
    expect((await resolveCredentials(gw, deps({ file: { GW_KEY: SECRET } }))).credentials[0]?.origin).toEqual({ kind: 'codex-home-env', file: '/h/.env', variable: 'GW_KEY' });
    const global = await resolveCredentials(gw, deps({ profile: 'work', keyringGet: async (a) => ({ value: a === 'GW_KEY' ? SECRET : null, status: 'ok', detail: null }) }));
    expect(global.credentials[0]?.origin).toEqual({ kind: 'keyring', scope: 'global', entry: 'GW_KEY' });
    const scoped = await resolveCredentials(gw, deps({ profile: 'work', keyringGet: async (a) => ({ value: a === 'work/GW_KEY' ? SECRET : null, status: 'ok', detail: null }) }));
    expect(scoped.credentials[0]?.origin).toEqual({ kind: 'keyring', scope: 'profile', profile: 'work', entry: 'work/GW_KEY' });
  });
  it('CODEX_API_KEY in the environment; a key found nowhere', async () => {
    const plan = await resolveCredentials(need({}), deps({ env: { CODEX_API_KEY: SECRET } }));
    expect(plan.credentials).toMatchObject([{ name: 'CODEX_API_KEY', source: 'env', delivery: 'env', origin: { kind: 'environment', variable: 'CODEX_API_KEY' } }]);
    expect((await resolveCredentials(gw, deps())).credentials[0]?.origin).toEqual({ kind: 'missing', lookedIn: 'the environment, $CODEX_HOME/.env and the keyring' });
  });
  it('an AWS chain that failed without saying where it looked: named for the profile, or plain "aws"', async () => {
    const failed: CredentialDeps['resolveAws'] = async () => ({ ok: false, reason: 'no-credentials', message: 'none', fix: null });
    const named = await resolveCredentials({ kind: 'aws', provider: 'amazon-bedrock', profile: 'dev', profileFrom: 'env', region: 'us-east-1', profileRegion: null }, deps({ resolveAws: failed }));
    expect(named.credentials).toMatchObject([{ name: 'aws profile dev', source: 'none', origin: { kind: 'missing', lookedIn: 'the AWS credential chain' } }]);
    const plain = await resolveCredentials({ kind: 'aws', provider: 'amazon-bedrock', profile: null, profileFrom: null, region: 'us-east-1', profileRegion: null }, deps({ resolveAws: failed }));
    expect(plain.credentials[0]?.name).toBe('aws');
  });
});
