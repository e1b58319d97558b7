// AWS credentials against a loopback stand-in for SSO, SSO-OIDC and STS (testing-real-parts.md,
// "AWS without AWS"): the real SDK, real files in temp homes, real requests; only the endpoints
// are local. Asserts on what the stand-in received.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  awsCacheAccount,
  awsCredentialEnv,
  CACHE_MARGIN_MS,
  keyringCredentialCache,
  parseAwsIni,
  resolveAwsCredentials,
  resolveAwsRegion,
  type AwsProviderModule,
  type AwsResolution,
  type CredentialCache,
  type ResolveAwsOptions,
} from '../../src/credentials/aws.ts';
import { startAwsStandIn, type AwsStandIn } from '../helpers/aws-stand-in.ts';
import { cleanEnv, ROOT, runProgram, tempDir } from '../helpers/cx-process.ts';

let standIn: AwsStandIn;
beforeAll(async () => {
  standIn = await startAwsStandIn();
});
afterAll(async () => {
  await standIn.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const START_URL = 'https://corp.awsapps.com/start';

interface MemoryCache extends CredentialCache {
  entries: Map<string, string>;
  reads: string[];
  writes: string[];
}

function memoryCache(): MemoryCache {
  const entries = new Map<string, string>();
  const reads: string[] = [];
  const writes: string[] = [];
  return {
    entries,
    reads,
    writes,
    get: async (account) => {
      reads.push(account);
      return entries.get(account) ?? null;
    },
    set: async (account, value) => {
      writes.push(account);
      entries.set(account, value);
    },
  };
}

/** A temp HOME with AWS files, the stand-in's endpoints, and instance metadata off (no 1 s probe). */
class AwsHome {
  readonly home = tempDir('cx-aws-home-');
  readonly configFile = join(this.home, '.aws', 'config');
  readonly credentialsFile = join(this.home, '.aws', 'credentials');
  readonly env: Record<string, string>;
  constructor(extra: Record<string, string> = {}) {
    mkdirSync(join(this.home, '.aws', 'sso', 'cache'), { recursive: true });
    this.env = {
      ...cleanEnv(),
      HOME: this.home,
      AWS_CONFIG_FILE: this.configFile,
      AWS_SHARED_CREDENTIALS_FILE: this.credentialsFile,
      AWS_EC2_METADATA_DISABLED: 'true',
      ...standIn.endpointEnv(),
      ...extra,
    };
  }
  config(text: string): this {
    writeFileSync(this.configFile, text);
    return this;
  }
  credentials(text: string): this {
    writeFileSync(this.credentialsFile, text, { mode: 0o600 });
    return this;
  }
  tokenPath(id: string): string {
    return join(this.home, '.aws', 'sso', 'cache', `${createHash('sha1').update(id).digest('hex')}.json`);
  }
  /** An SSO token cache file named by the SHA-1 of `id` (the sso_session name, or the legacy start URL). */
  token(id: string, fields: Record<string, string>): this {
    writeFileSync(this.tokenPath(id), JSON.stringify({ startUrl: START_URL, region: 'us-east-1', ...fields }));
    return this;
  }
}

const inHours = (hours: number): string => new Date(Date.now() + hours * 3_600_000).toISOString();

let serial = 0;
/** A fresh name per test: the SDK remembers SSO refresh attempts per session name for 30 s. */
function unique(prefix: string): string {
  serial += 1;
  return `${prefix}${serial}`;
}

/** An SSO profile in the sso_session form, with its session; the token is accepted by the stand-in when `valid`. */
function ssoSessionSetup(options: { expired?: boolean; refreshable?: boolean; region?: string } = {}): { home: AwsHome; profile: string; session: string; accessToken: string } {
  const profile = unique('sso-new-');
  const session = unique('corp-');
  const accessToken = unique('access-');
  const home = new AwsHome().config(`[profile ${profile}]
sso_session = ${session}
sso_account_id = 111122223333
sso_role_name = Developer
${options.region ? `region = ${options.region}\n` : ''}
[sso-session ${session}]
sso_start_url = ${START_URL}
sso_region = us-east-1
sso_registration_scopes = sso:account:access
`);
  const refresh = options.refreshable ? { clientId: 'client-1', clientSecret: 'client-secret-1', refreshToken: unique('refresh-'), registrationExpiresAt: inHours(24 * 30) } : {};
  home.token(session, { accessToken, expiresAt: options.expired ? inHours(-1) : inHours(8), ...refresh });
  if (!options.expired) standIn.ssoAccessTokens.add(accessToken);
  if (options.refreshable && 'refreshToken' in refresh) standIn.refreshTokens.add(refresh.refreshToken);
  return { home, profile, session, accessToken };
}

function options(home: AwsHome, overrides: Partial<ResolveAwsOptions> & { cache?: CredentialCache } = {}): ResolveAwsOptions {
  return { profile: null, region: null, env: home.env, interactive: false, cache: memoryCache(), ...overrides };
}

function requestsSince(mark: number): AwsStandIn['requests'] {
  return standIn.requests.slice(mark);
}

function expectOk(result: AwsResolution): Extract<AwsResolution, { ok: true }> {
  if (!result.ok) throw new Error(`expected credentials, got ${result.reason}: ${result.message}`);
  return result;
}

function expectFailure(result: AwsResolution): Extract<AwsResolution, { ok: false }> {
  if (result.ok) throw new Error(`expected a failure, got credentials from ${result.source}`);
  return result;
}

/** The real SDK, behind a spy that says whether (and how often) it was loaded. */
function sdkSpy() {
  return vi.fn((): Promise<AwsProviderModule> => import('@aws-sdk/credential-providers'));
}

describe('static keys', () => {
  it('come from a named profile in the shared credentials file, with no request and nothing cached', async () => {
    const home = new AwsHome()
      .config('[profile work]\nregion = eu-central-1\n')
      .credentials('[work]\naws_access_key_id = AKIAWORKEXAMPLE\naws_secret_access_key = work-secret\n');
    const cache = memoryCache();
    const mark = standIn.requests.length;
    const result = expectOk(await resolveAwsCredentials(options(home, { profile: 'work', cache })));
    expect(result.source).toBe('profile');
    expect(result.credentials).toEqual({ accessKeyId: 'AKIAWORKEXAMPLE', secretAccessKey: 'work-secret' });
    expect(result.region).toBe('eu-central-1');
    expect(result.regionFrom).toBe(`${home.configFile} [profile work]`);
    expect(requestsSince(mark)).toEqual([]);
    // Static keys have no expiry: nothing to cache.
    expect(cache.writes).toEqual([]);
  });

  it('come from the environment without the SDK when no profile is named', async () => {
    const home = new AwsHome({ AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'env-secret', AWS_SESSION_TOKEN: 'env-token', AWS_REGION: 'us-west-2' });
    const importSdk = sdkSpy();
    const result = expectOk(await resolveAwsCredentials(options(home, { importSdk })));
    expect(result).toMatchObject({ source: 'env', region: 'us-west-2', regionFrom: 'AWS_REGION' });
    expect(result.credentials).toEqual({ accessKeyId: 'AKIAENV', secretAccessKey: 'env-secret', sessionToken: 'env-token' });
    expect(importSdk).not.toHaveBeenCalled();
    expect(awsCredentialEnv(result.credentials)).toEqual({ AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'env-secret', AWS_SESSION_TOKEN: 'env-token' });
  });

  it('lose to a named profile, as in the SDK, and its "multiple sources" warning is not printed', async () => {
    const home = new AwsHome({ AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'env-secret', AWS_PROFILE: 'work' })
      .config('[profile work]\n')
      .credentials('[work]\naws_access_key_id = AKIAWORK\naws_secret_access_key = work-secret\n');
    const warn = vi.spyOn(console, 'warn');
    const result = expectOk(await resolveAwsCredentials(options(home)));
    expect(result.credentials.accessKeyId).toBe('AKIAWORK');
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('IAM Identity Center (SSO)', () => {
  it('sso_session form: credentials from GetRoleCredentials with the cached token, then cached in the keyring', async () => {
    const { home, profile, accessToken } = ssoSessionSetup({ region: 'eu-west-1' });
    const cache = memoryCache();
    const mark = standIn.requests.length;
    const result = expectOk(await resolveAwsCredentials(options(home, { profile, cache })));
    expect(result.source).toBe('sso');
    const received = requestsSince(mark);
    expect(received.map((r) => `${r.service} ${r.action}`)).toEqual(['sso GetRoleCredentials']);
    expect(received[0]?.query).toEqual({ role_name: 'Developer', account_id: '111122223333' });
    expect(received[0]?.headers['x-amz-sso_bearer_token']).toBe(accessToken);
    const issued = standIn.issued.get(result.credentials.accessKeyId);
    expect(issued).toBeDefined();
    expect(result.credentials).toEqual(issued);
    expect(result).toMatchObject({ region: 'eu-west-1', regionFrom: `${home.configFile} [profile ${profile}]` });
    expect(cache.writes).toEqual([awsCacheAccount(profile)]);
    const entry = JSON.parse(cache.entries.get(`aws:${profile}`) ?? '{}') as Record<string, unknown>;
    expect(entry).toMatchObject({ accessKeyId: issued?.accessKeyId, secretAccessKey: issued?.secretAccessKey, sessionToken: issued?.sessionToken, expiration: issued?.expiration.toISOString(), source: 'sso' });
  });

  it('legacy form (sso_start_url in the profile): token file named by the SHA-1 of the start URL', async () => {
    const profile = unique('sso-legacy-');
    const accessToken = unique('legacy-access-');
    const startUrl = `https://legacy-${serial}.awsapps.com/start`;
    const home = new AwsHome().config(`[profile ${profile}]
sso_start_url = ${startUrl}
sso_region = us-east-1
sso_account_id = 444455556666
sso_role_name = ReadOnly
`);
    home.token(startUrl, { startUrl, accessToken, expiresAt: inHours(8) });
    standIn.ssoAccessTokens.add(accessToken);
    const mark = standIn.requests.length;
    const result = expectOk(await resolveAwsCredentials(options(home, { profile })));
    expect(result.source).toBe('sso');
    const received = requestsSince(mark);
    expect(received).toHaveLength(1);
    expect(received[0]?.query).toEqual({ role_name: 'ReadOnly', account_id: '444455556666' });
    expect(received[0]?.headers['x-amz-sso_bearer_token']).toBe(accessToken);
    expect(result.credentials.accessKeyId).toMatch(/^ASIASSO/);
  });

  it('expired, not interactive: sso-expired with the exact command, and no request', async () => {
    const { home, profile } = ssoSessionSetup({ expired: true });
    const runSsoLogin = vi.fn(async () => 0);
    const mark = standIn.requests.length;
    const failure = expectFailure(await resolveAwsCredentials(options(home, { profile, runSsoLogin })));
    expect(failure.reason).toBe('sso-expired');
    expect(failure.fix).toBe(`aws sso login --profile ${profile}`);
    expect(failure.message).not.toContain('\n');
    expect(failure.message).toContain(profile);
    expect(runSsoLogin).not.toHaveBeenCalled();
    expect(requestsSince(mark)).toEqual([]);
  });

  it('expired (legacy form) or never logged in: the same', async () => {
    const profile = unique('sso-legacy-');
    const startUrl = `https://legacy-${serial}.awsapps.com/start`;
    const home = new AwsHome().config(`[profile ${profile}]\nsso_start_url = ${startUrl}\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n`);
    const mark = standIn.requests.length;
    const never = expectFailure(await resolveAwsCredentials(options(home, { profile })));
    expect([never.reason, never.fix]).toEqual(['sso-expired', `aws sso login --profile ${profile}`]);
    home.token(startUrl, { startUrl, accessToken: 'old', expiresAt: inHours(-2) });
    const expired = expectFailure(await resolveAwsCredentials(options(home, { profile })));
    expect([expired.reason, expired.fix]).toEqual(['sso-expired', `aws sso login --profile ${profile}`]);
    expect(requestsSince(mark)).toEqual([]);
  });

  it('a token the portal no longer accepts (revoked) is also sso-expired', async () => {
    const { home, profile, accessToken } = ssoSessionSetup();
    standIn.ssoAccessTokens.delete(accessToken);
    const failure = expectFailure(await resolveAwsCredentials(options(home, { profile })));
    expect([failure.reason, failure.fix]).toEqual(['sso-expired', `aws sso login --profile ${profile}`]);
  });

  it('expired but refreshable: refreshed through SSO-OIDC CreateToken, token file rewritten, then GetRoleCredentials', async () => {
    const { home, profile, session } = ssoSessionSetup({ expired: true, refreshable: true });
    const before = JSON.parse(readFileSync(home.tokenPath(session), 'utf8')) as Record<string, string>;
    const mark = standIn.requests.length;
    const result = expectOk(await resolveAwsCredentials(options(home, { profile })));
    expect(result.source).toBe('sso');
    const received = requestsSince(mark);
    expect(received.map((r) => `${r.service} ${r.action}`)).toEqual(['sso-oidc CreateToken', 'sso GetRoleCredentials']);
    expect(received[0]?.fields).toMatchObject({ clientId: 'client-1', clientSecret: 'client-secret-1', grantType: 'refresh_token', refreshToken: before['refreshToken'] });
    const after = JSON.parse(readFileSync(home.tokenPath(session), 'utf8')) as Record<string, string>;
    expect(after['accessToken']).toMatch(/^refreshed-access-/);
    expect(received[1]?.headers['x-amz-sso_bearer_token']).toBe(after['accessToken']);
  });

  it('expired, and the refresh token is rejected: sso-expired after one CreateToken, no GetRoleCredentials', async () => {
    const { home, profile, session } = ssoSessionSetup({ expired: true, refreshable: true });
    const token = JSON.parse(readFileSync(home.tokenPath(session), 'utf8')) as Record<string, string>;
    standIn.refreshTokens.delete(token['refreshToken'] ?? '');
    const mark = standIn.requests.length;
    const failure = expectFailure(await resolveAwsCredentials(options(home, { profile })));
    expect([failure.reason, failure.fix]).toEqual(['sso-expired', `aws sso login --profile ${profile}`]);
    expect(requestsSince(mark).map((r) => `${r.service} ${r.action}`)).toEqual(['sso-oidc CreateToken']);
  });

  it('expired, interactive: runs the login for the profile, then succeeds', async () => {
    const { home, profile, session } = ssoSessionSetup({ expired: true });
    const fresh = unique('fresh-');
    const notices: string[] = [];
    const runSsoLogin = vi.fn(async (_profile: string) => {
      home.token(session, { accessToken: fresh, expiresAt: inHours(8) });
      standIn.ssoAccessTokens.add(fresh);
      return 0;
    });
    const mark = standIn.requests.length;
    const result = expectOk(await resolveAwsCredentials(options(home, { profile, interactive: true, runSsoLogin, notice: (line) => notices.push(line) })));
    expect(result.source).toBe('sso');
    expect(runSsoLogin.mock.calls).toEqual([[profile]]);
    expect(notices).toEqual([`the AWS SSO session for profile ${profile} has expired or was never started; running: aws sso login --profile ${profile}`]);
    const received = requestsSince(mark);
    expect(received).toHaveLength(1);
    expect(received[0]?.headers['x-amz-sso_bearer_token']).toBe(fresh);
  });

  it('expired, interactive, and the login fails: sso-expired with the command and its status', async () => {
    const { home, profile } = ssoSessionSetup({ expired: true });
    const runSsoLogin = vi.fn(async () => 130);
    const failure = expectFailure(await resolveAwsCredentials(options(home, { profile, interactive: true, runSsoLogin, notice: () => {} })));
    expect(failure).toMatchObject({ reason: 'sso-expired', fix: `aws sso login --profile ${profile}` });
    expect(failure.message).toContain('exited with status 130');
    expect(runSsoLogin).toHaveBeenCalledTimes(1);
  });

  it('expired, interactive, through the real spawn path: a stub `aws` on PATH gets `sso login --profile P`', async () => {
    const { home, profile, session } = ssoSessionSetup({ expired: true });
    const fresh = unique('stub-fresh-');
    standIn.ssoAccessTokens.add(fresh);
    const bin = tempDir('cx-aws-bin-');
    const argsFile = join(bin, 'args');
    const token = JSON.stringify({ startUrl: START_URL, region: 'us-east-1', accessToken: fresh, expiresAt: inHours(8) });
    writeFileSync(join(bin, 'aws'), `#!/bin/sh\nprintf '%s\\n' "$*" > '${argsFile}'\nprintf '%s' '${token}' > '${home.tokenPath(session)}'\n`);
    chmodSync(join(bin, 'aws'), 0o755);
    home.env['PATH'] = `${bin}:${home.env['PATH'] ?? ''}`;
    const result = expectOk(await resolveAwsCredentials(options(home, { profile, interactive: true, notice: () => {} })));
    expect(result.source).toBe('sso');
    expect(readFileSync(argsFile, 'utf8')).toBe(`sso login --profile ${profile}\n`);
  });

  it('interactive, and no aws command at all: says so, with the command to run', async () => {
    const { home, profile } = ssoSessionSetup({ expired: true });
    home.env['PATH'] = tempDir('cx-empty-bin-');
    const failure = expectFailure(await resolveAwsCredentials(options(home, { profile, interactive: true, notice: () => {} })));
    expect(failure.reason).toBe('sso-expired');
    expect(failure.message).toContain('the aws command was not found');
  });
});

describe('roles', () => {
  it('role chaining: AssumeRole is signed with the source profile credentials', async () => {
    const home = new AwsHome()
      .config(`[profile base]\nregion = us-east-1\n\n[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/Deploy\nsource_profile = base\nrole_session_name = cx-test\n`)
      .credentials('[base]\naws_access_key_id = AKIABASEEXAMPLE\naws_secret_access_key = base-secret\n');
    const cache = memoryCache();
    const mark = standIn.requests.length;
    const result = expectOk(await resolveAwsCredentials(options(home, { profile: 'deploy', cache })));
    expect(result.source).toBe('role');
    const received = requestsSince(mark);
    expect(received.map((r) => `${r.service} ${r.action}`)).toEqual(['sts AssumeRole']);
    expect(received[0]?.signedWith).toBe('AKIABASEEXAMPLE');
    expect(received[0]?.fields).toMatchObject({ RoleArn: 'arn:aws:iam::123456789012:role/Deploy', RoleSessionName: 'cx-test' });
    expect(result.credentials).toEqual(standIn.issued.get(result.credentials.accessKeyId));
    expect(cache.writes).toEqual(['aws:deploy']);
    expect(result.origin).toEqual({ kind: 'aws-role', awsProfile: 'deploy', roleArn: 'arn:aws:iam::123456789012:role/Deploy', sourceProfile: 'base', credentialSource: null });
    // A cache hit still names the real source.
    expect(expectOk(await resolveAwsCredentials(options(home, { profile: 'deploy', cache }))).origin).toEqual(result.origin);
  });

  it('a role on top of an SSO profile: GetRoleCredentials, then AssumeRole signed with those; no region anywhere prints nothing', async () => {
    const { home, profile: ssoProfile } = ssoSessionSetup();
    const role = unique('role-');
    writeFileSync(home.configFile, `${readFileSync(home.configFile, 'utf8')}\n[profile ${role}]\nrole_arn = arn:aws:iam::999988887777:role/Admin\nsource_profile = ${ssoProfile}\n`);
    const warn = vi.spyOn(console, 'warn');
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on('warning', onWarning);
    const mark = standIn.requests.length;
    try {
      const result = expectOk(await resolveAwsCredentials(options(home, { profile: role })));
      expect(result.source).toBe('role');
      expect(result.region).toBeNull();
    } finally {
      process.off('warning', onWarning);
    }
    const received = requestsSince(mark);
    expect(received.map((r) => `${r.service} ${r.action}`)).toEqual(['sso GetRoleCredentials', 'sts AssumeRole']);
    expect(received[1]?.signedWith).toMatch(/^ASIASSO/);
    expect(received[1]?.signedWith).toBe(standIn.issued.has(received[1]?.signedWith ?? '') ? received[1]?.signedWith : 'not issued');
    // The SDK's "default STS region of us-east-1 used" console.warn and its Node-version warning.
    expect(warn).not.toHaveBeenCalled();
    expect(warnings).toEqual([]);
  });

  it('a role on top of an expired SSO profile: the fix names the SSO profile, not the role', async () => {
    const { home, profile: ssoProfile } = ssoSessionSetup({ expired: true });
    writeFileSync(home.configFile, `${readFileSync(home.configFile, 'utf8')}\n[profile chained]\nrole_arn = arn:aws:iam::999988887777:role/Admin\nsource_profile = ${ssoProfile}\n`);
    const failure = expectFailure(await resolveAwsCredentials(options(home, { profile: 'chained' })));
    expect([failure.reason, failure.fix]).toEqual(['sso-expired', `aws sso login --profile ${ssoProfile}`]);
  });

  it('web identity (profile form): AssumeRoleWithWebIdentity with the token file', async () => {
    const dir = tempDir('cx-webid-');
    writeFileSync(join(dir, 'token'), 'eyJ.web-identity.token');
    const home = new AwsHome().config(`[profile ci]\nrole_arn = arn:aws:iam::123456789012:role/CI\nweb_identity_token_file = ${join(dir, 'token')}\nrole_session_name = ci-run\n`);
    const mark = standIn.requests.length;
    const result = expectOk(await resolveAwsCredentials(options(home, { profile: 'ci' })));
    expect(result.source).toBe('web-identity');
    expect(result.origin).toEqual({ kind: 'aws-web-identity', awsProfile: 'ci', roleArn: 'arn:aws:iam::123456789012:role/CI', tokenFile: join(dir, 'token') });
    const received = requestsSince(mark);
    expect(received.map((r) => `${r.service} ${r.action}`)).toEqual(['sts AssumeRoleWithWebIdentity']);
    expect(received[0]?.fields).toMatchObject({ RoleArn: 'arn:aws:iam::123456789012:role/CI', RoleSessionName: 'ci-run', WebIdentityToken: 'eyJ.web-identity.token' });
    expect(received[0]?.signedWith).toBeNull();
    expect(result.credentials.accessKeyId).toMatch(/^ASIAWEBID/);
  });

  it('web identity (environment form, EKS/GitHub style) through the default chain', async () => {
    const dir = tempDir('cx-webid-');
    writeFileSync(join(dir, 'token'), 'env.web.token');
    const home = new AwsHome({ AWS_WEB_IDENTITY_TOKEN_FILE: join(dir, 'token'), AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/Pod', AWS_ROLE_SESSION_NAME: 'pod' })
      .config('[default]\nregion = ap-southeast-2\n');
    const mark = standIn.requests.length;
    const result = expectOk(await resolveAwsCredentials(options(home)));
    expect(result).toMatchObject({ source: 'web-identity', region: 'ap-southeast-2', regionFrom: `${home.configFile} [default]` });
    expect(requestsSince(mark).map((r) => [r.action, r.fields['WebIdentityToken']])).toEqual([['AssumeRoleWithWebIdentity', 'env.web.token']]);
  });
});

describe('credential_process', () => {
  function processScript(body: string): string {
    const dir = tempDir('cx-credproc-');
    const script = join(dir, 'creds.mjs');
    writeFileSync(script, body);
    return `"${process.execPath}" "${script}"`;
  }

  it('runs the command and uses its JSON; temporary credentials are cached', async () => {
    const expiration = inHours(1);
    const command = processScript(`process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: 'ASIAPROC', SecretAccessKey: 'proc-secret', SessionToken: 'proc-token', Expiration: '${expiration}' }));`);
    const home = new AwsHome().config(`[profile tool]\ncredential_process = ${command}\n`);
    const cache = memoryCache();
    const result = expectOk(await resolveAwsCredentials(options(home, { profile: 'tool', cache })));
    expect(result.source).toBe('process');
    // The program only: its arguments (here the script; often a token) are never shown.
    expect(result.origin).toEqual({ kind: 'aws-credential-process', awsProfile: 'tool', program: process.execPath });
    expect(result.credentials).toEqual({ accessKeyId: 'ASIAPROC', secretAccessKey: 'proc-secret', sessionToken: 'proc-token', expiration: new Date(expiration) });
    expect(cache.writes).toEqual(['aws:tool']);
  });

  it('a failing command: reason error, one line, without what it wrote to stderr', async () => {
    const command = processScript(`process.stderr.write('SECRET-IN-STDERR\\nmore\\n'); process.exit(3);`);
    const home = new AwsHome().config(`[profile broken]\ncredential_process = ${command}\n`);
    const failure = expectFailure(await resolveAwsCredentials(options(home, { profile: 'broken' })));
    expect(failure.reason).toBe('error');
    expect(failure.fix).toBeNull();
    expect(failure.message).not.toContain('\n');
    expect(failure.message).not.toContain('SECRET-IN-STDERR');
    expect(failure.message).toContain('broken');
  });
});

describe('no credentials', () => {
  it('a named profile that is nowhere: no-credentials, without loading the SDK', async () => {
    const home = new AwsHome().config('[profile other]\nregion = us-east-1\n');
    const importSdk = sdkSpy();
    const failure = expectFailure(await resolveAwsCredentials(options(home, { profile: 'missing', importSdk })));
    expect(failure.reason).toBe('no-credentials');
    expect(failure.message).toContain('missing');
    expect(importSdk).not.toHaveBeenCalled();
  });

  it('nothing anywhere (default profile, instance metadata off): no-credentials through the chain', async () => {
    const home = new AwsHome();
    const failure = expectFailure(await resolveAwsCredentials(options(home)));
    expect(failure.reason).toBe('no-credentials');
    expect(failure.fix).toBeNull();
  });
});

describe('process.env', () => {
  it('is left as it was, even with two resolutions at once for different homes', async () => {
    const before = { ...process.env };
    const a = ssoSessionSetup({ region: 'eu-west-1' });
    const b = ssoSessionSetup({ region: 'us-west-2' });
    const [ra, rb] = await Promise.all([
      resolveAwsCredentials(options(a.home, { profile: a.profile })),
      resolveAwsCredentials(options(b.home, { profile: b.profile })),
    ]);
    expect([expectOk(ra).source, expectOk(ra).region, expectOk(rb).source, expectOk(rb).region]).toEqual(['sso', 'eu-west-1', 'sso', 'us-west-2']);
    expect(process.env).toEqual(before);
  });
});

describe('the credential cache', () => {
  it('a hit makes no request and does not load the SDK', async () => {
    const { home, profile } = ssoSessionSetup();
    const cache = memoryCache();
    const importSdk = sdkSpy();
    const first = expectOk(await resolveAwsCredentials(options(home, { profile, cache, importSdk })));
    expect(first.source).toBe('sso');
    expect(importSdk).toHaveBeenCalledTimes(1);
    const mark = standIn.requests.length;
    const second = expectOk(await resolveAwsCredentials(options(home, { profile, cache, importSdk })));
    expect(second.source).toBe('cache');
    expect(second.cachedSource).toBe('sso');
    expect(second.credentials).toEqual(first.credentials);
    expect(importSdk).toHaveBeenCalledTimes(1);
    expect(requestsSince(mark)).toEqual([]);
    expect(cache.reads).toEqual([`aws:${profile}`, `aws:${profile}`]);
  });

  it('is used until five minutes before the credentials expire, then refetched', async () => {
    const { home, profile } = ssoSessionSetup();
    const cache = memoryCache();
    const first = expectOk(await resolveAwsCredentials(options(home, { profile, cache })));
    const expires = first.credentials.expiration?.getTime() ?? 0;
    const mark = standIn.requests.length;
    const justBefore = expectOk(await resolveAwsCredentials(options(home, { profile, cache, now: () => new Date(expires - CACHE_MARGIN_MS - 1000) })));
    expect(justBefore.source).toBe('cache');
    expect(requestsSince(mark)).toEqual([]);
    const inMargin = expectOk(await resolveAwsCredentials(options(home, { profile, cache, now: () => new Date(expires - CACHE_MARGIN_MS + 1000) })));
    expect(inMargin.source).toBe('sso');
    expect(requestsSince(mark).map((r) => r.action)).toEqual(['GetRoleCredentials']);
    expect(inMargin.credentials.accessKeyId).not.toBe(first.credentials.accessKeyId);
  });

  it('credentials that expire within the margin are not cached', async () => {
    const { home, profile } = ssoSessionSetup();
    const cache = memoryCache();
    standIn.credentialLifetimeMs = 2 * 60 * 1000;
    try {
      expectOk(await resolveAwsCredentials(options(home, { profile, cache })));
    } finally {
      standIn.credentialLifetimeMs = 3_600_000;
    }
    expect(cache.writes).toEqual([]);
  });

  it('when codex resolves the profile itself (aws.profile), a hit counts only while the SSO token codex will use is live', async () => {
    const { home, profile, session } = ssoSessionSetup();
    const cache = memoryCache();
    expectOk(await resolveAwsCredentials(options(home, { profile, cache, codexResolves: true })));
    // Token still live: the cache stands (no request).
    let mark = standIn.requests.length;
    expect(expectOk(await resolveAwsCredentials(options(home, { profile, cache, codexResolves: true }))).source).toBe('cache');
    expect(requestsSince(mark)).toEqual([]);
    // The session ends; cx's cached role credentials are still good for an hour.
    home.token(session, { accessToken: unique('access-'), expiresAt: inHours(-1) });
    expect(expectOk(await resolveAwsCredentials(options(home, { profile, cache }))).source).toBe('cache');
    mark = standIn.requests.length;
    const failure = expectFailure(await resolveAwsCredentials(options(home, { profile, cache, codexResolves: true })));
    expect(failure).toMatchObject({ reason: 'sso-expired', fix: `aws sso login --profile ${profile}`, origin: { kind: 'aws-sso', session, tokenExpired: true } });
    expect(requestsSince(mark)).toEqual([]);
  });

  it('another web identity role in the environment is a miss: one role\'s cached keys never stand for another\'s', async () => {
    const dir = tempDir('cx-webid-');
    writeFileSync(join(dir, 'token'), 'env.web.token');
    const cache = memoryCache();
    const as = (role: string): AwsHome => new AwsHome({ AWS_WEB_IDENTITY_TOKEN_FILE: join(dir, 'token'), AWS_ROLE_ARN: `arn:aws:iam::123456789012:role/${role}` }).config('[default]\nregion = us-east-1\n');
    const first = expectOk(await resolveAwsCredentials(options(as('One'), { cache })));
    expect(first.source).toBe('web-identity');
    const mark = standIn.requests.length;
    const second = expectOk(await resolveAwsCredentials(options(as('Two'), { cache })));
    expect(second.source).toBe('web-identity');
    expect(requestsSince(mark).map((r) => r.fields['RoleArn'])).toEqual(['arn:aws:iam::123456789012:role/Two']);
    expect(second.credentials.accessKeyId).not.toBe(first.credentials.accessKeyId);
  });

  it('an edited AWS config, a corrupt entry or another profile is a miss', async () => {
    const { home, profile } = ssoSessionSetup();
    const cache = memoryCache();
    expectOk(await resolveAwsCredentials(options(home, { profile, cache })));
    writeFileSync(home.configFile, `${readFileSync(home.configFile, 'utf8')}\n# edited\n`);
    expect(expectOk(await resolveAwsCredentials(options(home, { profile, cache }))).source).toBe('sso');
    cache.entries.set(`aws:${profile}`, '{not json');
    expect(expectOk(await resolveAwsCredentials(options(home, { profile, cache }))).source).toBe('sso');
    expect(cache.entries.has('aws/default')).toBe(false);
  });

  it('a cache that fails is a miss, never an error', async () => {
    const { home, profile } = ssoSessionSetup();
    const broken: CredentialCache = {
      get: async () => {
        throw new Error('keyring exploded');
      },
      set: async () => {
        throw new Error('keyring exploded');
      },
    };
    expect(expectOk(await resolveAwsCredentials(options(home, { profile, cache: broken }))).source).toBe('sso');
  });

  it('adapts the keyring layer (an absent keyring reads as a miss)', async () => {
    const stored = new Map<string, string>();
    const cache = keyringCredentialCache({
      get: async (account) => ({ value: stored.get(account) ?? null, status: 'ok', detail: null }),
      set: async (account, value) => void stored.set(account, value),
    });
    await cache.set('aws/x', 'v');
    expect(await cache.get('aws/x')).toBe('v');
    const absent = keyringCredentialCache({ get: async () => ({ value: null, status: 'unavailable', detail: 'no D-Bus' }), set: async () => undefined });
    expect(await absent.get('aws/x')).toBeNull();
  });

  it('never writes a file: the only thing in HOME afterwards is what the test put there', async () => {
    const { home, profile, session } = ssoSessionSetup();
    expectOk(await resolveAwsCredentials(options(home, { profile })));
    expect(existsSync(join(home.home, '.aws', 'cli'))).toBe(false);
    expect(existsSync(home.tokenPath(session))).toBe(true);
  });
});

describe('region', () => {
  const env = (extra: Record<string, string>): Record<string, string> => ({ HOME: '/nonexistent', AWS_CONFIG_FILE: '/nonexistent/config', ...extra });

  it('explicit, then AWS_REGION, then AWS_DEFAULT_REGION, then the profile, then none', () => {
    const home = new AwsHome().config('[default]\nregion = eu-north-1\n[profile p]\nregion = ca-central-1\n');
    const both = { ...home.env, AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'us-east-2' };
    expect(resolveAwsRegion('eu-west-3', 'p', both)).toEqual({ region: 'eu-west-3', regionFrom: 'aws.region' });
    expect(resolveAwsRegion(null, 'p', both)).toEqual({ region: 'us-west-2', regionFrom: 'AWS_REGION' });
    expect(resolveAwsRegion(null, 'p', { ...home.env, AWS_DEFAULT_REGION: 'us-east-2' })).toEqual({ region: 'us-east-2', regionFrom: 'AWS_DEFAULT_REGION' });
    expect(resolveAwsRegion(null, 'p', home.env)).toEqual({ region: 'ca-central-1', regionFrom: `${home.configFile} [profile p]` });
    expect(resolveAwsRegion(null, 'default', home.env)).toEqual({ region: 'eu-north-1', regionFrom: `${home.configFile} [default]` });
    expect(resolveAwsRegion(null, 'q', home.env)).toEqual({ region: null, regionFrom: null });
    expect(resolveAwsRegion(null, 'p', env({}))).toEqual({ region: null, regionFrom: null });
  });

  it('reads ~/.aws/config when AWS_CONFIG_FILE is unset; [profile default] overrides [default]; a region in a sub-section is not the profile region', () => {
    const home = tempDir('cx-aws-home-');
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws', 'config'), '[default]\nregion = eu-north-1 # comment\n[profile default]\nregion = eu-south-1\n[profile s]\ns3 =\n  region = us-west-1\n');
    expect(resolveAwsRegion(null, 'default', { HOME: home })).toEqual({ region: 'eu-south-1', regionFrom: `${join(home, '.aws', 'config')} [profile default]` });
    expect(resolveAwsRegion(null, 's', { HOME: home }).region).toBeNull();
  });

  it('is reported with the credentials, and with a failure too', async () => {
    const home = new AwsHome({ AWS_DEFAULT_REGION: 'sa-east-1' }).config('[profile other]\n');
    const failure = expectFailure(await resolveAwsCredentials(options(home, { profile: 'gone' })));
    expect([failure.region, failure.regionFrom]).toEqual(['sa-east-1', 'AWS_DEFAULT_REGION']);
  });

  it('parses INI the way the SDK does', () => {
    const parsed = parseAwsIni('; top\n[profile a]\nregion=us-east-1\n#x\n[sso-session corp]\nsso_region = eu-west-1 ; c\n');
    expect(parsed.get('profile a')?.get('region')).toBe('us-east-1');
    expect(parsed.get('sso-session corp')?.get('sso_region')).toBe('eu-west-1');
  });
});

describe('in a fresh process, bundled the way cx is built (@aws-sdk external)', () => {
  /**
   * A driver bundled with aws.ts: resolves for argv[2] and prints the outcome (source, reason,
   * region) as JSON. Its cache is a file standing in for the keyring (test harness only).
   */
  async function driver(): Promise<string> {
    const dir = tempDir('cx-aws-driver-');
    // Where an installed cx finds its dependencies: node_modules beside it.
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    const out = join(dir, 'driver.cjs');
    const source = `
      import { readFileSync, writeFileSync } from 'node:fs';
      import { resolveAwsCredentials } from ${JSON.stringify(join(ROOT, 'src', 'credentials', 'aws.ts'))};
      void (async () => {
        const [profile, cacheFile] = process.argv.slice(2);
        const cache = {
          get: async () => { try { return readFileSync(cacheFile, 'utf8'); } catch { return null; } },
          set: async (_account, value) => writeFileSync(cacheFile, value),
        };
        const result = await resolveAwsCredentials({ profile: profile || null, region: null, env: process.env, interactive: false, cache });
        process.stdout.write(JSON.stringify(result.ok ? { ok: true, source: result.source, region: result.region } : { ok: false, reason: result.reason, message: result.message }));
      })();
    `;
    await build({
      stdin: { contents: source, resolveDir: ROOT, loader: 'ts' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20.19',
      outfile: out,
      external: ['@aws-sdk/*'],
      logLevel: 'silent',
    });
    return out;
  }

  it('prints nothing on stderr: no Node-version warning, no default-STS-region warning, no multiple-sources warning', async () => {
    const script = await driver();
    const { home, profile: ssoProfile } = ssoSessionSetup();
    writeFileSync(home.configFile, `${readFileSync(home.configFile, 'utf8')}\n[profile noregion]\nrole_arn = arn:aws:iam::999988887777:role/Admin\nsource_profile = ${ssoProfile}\n`);
    const env = { ...home.env, AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'env-secret' };
    const cacheFile = join(tempDir('cx-aws-cache-'), 'entry');
    const run = await runProgram(process.execPath, [script, 'noregion', cacheFile], { env, timeoutMs: 20_000 });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout), run.stdout).toEqual({ ok: true, source: 'role', region: null });
    const again = await runProgram(process.execPath, [script, 'noregion', cacheFile], { env, timeoutMs: 20_000 });
    expect(again.stderr).toBe('');
    expect(JSON.parse(again.stdout)).toEqual({ ok: true, source: 'cache', region: null });
  });
});
