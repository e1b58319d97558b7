// The credentials stage caching temporary AWS credentials (a role assumed through STS, here the
// loopback stand-in of test/helpers/aws-stand-in.ts, in this process): stored in the keyring, and
// the first store marks the keyring as in use (as `cx secret set` does), so that the next run looks
// there; a store that fails marks nothing. The keyring is an in-memory one behind keyring-api.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitArgv } from '../../src/cli/split-argv.ts';
import { EMPTY_CX_CONFIG } from '../../src/config/cx-config.ts';
import { stateDir } from '../../src/config/trust-store.ts';
import { type KeyringRead, type KeyringStatus, keyringInUseMarker } from '../../src/credentials/keyring-api.ts';
import { type CredentialModules, planCredentials } from '../../src/credentials/plan-credentials.ts';
import { makePlan } from '../../src/plan/make-plan.ts';
import { type AwsStandIn, startAwsStandIn } from '../helpers/aws-stand-in.ts';
import { tempDir } from '../helpers/cx-process.ts';
import { writeScript } from '../helpers/fake-codex.ts';

let standIn: AwsStandIn;
beforeAll(async () => {
  standIn = await startAwsStandIn();
});
afterAll(async () => {
  await standIn.close();
});

const SECRET = 'base-secret-SENTINEL-91c2';

function roleWorld(): Record<string, string> {
  const home = tempDir('cx-credcache-home-');
  writeFileSync(join(home, 'bedrock.config.toml'), 'model_provider = "amazon-bedrock"\nmodel = "openai.gpt-5.5"\n');
  const user = tempDir('cx-credcache-user-');
  mkdirSync(join(user, '.aws'));
  writeFileSync(join(user, '.aws', 'config'), '[profile base]\nregion = us-east-1\n\n[profile deploy]\nregion = us-east-1\nrole_arn = arn:aws:iam::123456789012:role/Deploy\nsource_profile = base\nrole_session_name = cx-test\n');
  writeFileSync(join(user, '.aws', 'credentials'), `[base]\naws_access_key_id = AKIABASEEXAMPLE\naws_secret_access_key = ${SECRET}\n`, { mode: 0o600 });
  const codex = writeScript(join(tempDir('cx-credcache-bin-'), 'codex'), 'exit 0\n');
  return {
    PATH: '/usr/bin:/bin',
    HOME: user,
    XDG_STATE_HOME: join(user, '.local', 'state'),
    CODEX_HOME: home,
    CX_CODEX_BIN: codex,
    AWS_CONFIG_FILE: join(user, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(user, '.aws', 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PROFILE: 'deploy',
    ...standIn.endpointEnv(),
  };
}

function keyring(setStatus: KeyringStatus): { modules: CredentialModules; sets: string[]; gets: string[] } {
  const sets: string[] = [];
  const gets: string[] = [];
  return {
    sets,
    gets,
    modules: {
      keyring: async () => ({
        keyringGet: async (account: string): Promise<KeyringRead> => (gets.push(account), { value: null, status: 'ok', detail: null }),
        keyringSet: async (account: string): Promise<KeyringStatus> => (sets.push(account), setStatus),
      }),
      aws: async () => import('../../src/credentials/aws.ts'),
    },
  };
}

async function run(env: Record<string, string>, modules: CredentialModules, profile = 'bedrock') {
  const plan = makePlan({ invocation: splitArgv([`+${profile}`, 'exec', 'hi']), env, cwd: tempDir('cx-credcache-cwd-'), config: EMPTY_CX_CONFIG, selfPaths: new Set(), pid: 10, ppid: 9, canExec: false, interactive: () => false });
  return planCredentials(plan, { env, interactive: () => false, force: false, modules, chatgptLogin: () => false });
}

describe('temporary AWS credentials and the keyring', () => {
  it('where cx never stored anything: no lookup, the role\'s credentials stored, and the keyring marked in use', async () => {
    const env = roleWorld();
    const marker = keyringInUseMarker(stateDir(env));
    const k = keyring('ok');
    const out = await run(env, k.modules);
    expect(out.refusal).toBeNull();
    expect(out.credentials.map((c) => c.source)).toEqual(['aws-chain', 'aws-chain', 'aws-chain']);
    expect(standIn.issued.has(out.env['AWS_ACCESS_KEY_ID'] ?? '')).toBe(true);
    expect(k.gets).toEqual([]);
    expect(k.sets).toEqual(['aws:deploy']);
    expect(existsSync(marker)).toBe(true);
    // The next run looks in the keyring first.
    const next = keyring('ok');
    await run(env, next.modules);
    expect(next.gets).toContain('aws:deploy');
  });

  it('a store the keyring refuses (locked) marks nothing', async () => {
    const env = roleWorld();
    const k = keyring('locked');
    const out = await run(env, k.modules);
    expect(out.refusal).toBeNull();
    expect(k.sets).toEqual(['aws:deploy']);
    expect(existsSync(keyringInUseMarker(stateDir(env)))).toBe(false);
  });

  it('where the keyring was already in use, a store leaves the marker as it was', async () => {
    const env = roleWorld();
    const marker = keyringInUseMarker(stateDir(env));
    mkdirSync(stateDir(env), { recursive: true });
    writeFileSync(marker, 'kept');
    const k = keyring('ok');
    await run(env, k.modules);
    expect(k.gets).toContain('aws:deploy');
    expect(k.sets).toEqual(['aws:deploy']);
    expect(readFileSync(marker, 'utf8')).toBe('kept');
  });
});

/** A keyring that keeps what is stored, so that a second run finds it. */
function memoryKeyring(): { modules: CredentialModules; entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    modules: {
      keyring: async () => ({
        keyringGet: async (account: string): Promise<KeyringRead> => ({ value: entries.get(account) ?? null, status: 'ok', detail: null }),
        keyringSet: async (account: string, value: string): Promise<KeyringStatus> => (entries.set(account, value), 'ok'),
      }),
      aws: async () => import('../../src/credentials/aws.ts'),
    },
  };
}

describe('how long AWS credentials last, as explain and doctor say it', () => {
  it('role credentials fresh from STS carry their own expiry; served from cx\'s cache, the time the cache holds them instead', async () => {
    const env = roleWorld();
    const k = memoryKeyring();
    const first = await run(env, k.modules);
    const fresh = first.credentials[0];
    expect(fresh?.expires).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(fresh?.cachedUntil).toBeNull();
    const second = await run(env, k.modules);
    expect(second.refusal).toBeNull();
    expect(second.credentials[0]).toMatchObject({ expires: null, cachedUntil: fresh?.expires });
    expect(second.credentials[0]?.from).toContain(`cached by cx in the keyring until ${fresh?.expires}`);
  });
});

/** An SSO profile `sso-dev` whose token is live now; `bedrock` selects it by AWS_PROFILE, `bedrockcfg` by aws.profile in the profile file. */
function ssoWorld(): { env: Record<string, string>; expireToken: () => void } {
  const env = roleWorld();
  delete env['AWS_PROFILE'];
  const session = 'corp-plancred';
  const accessToken = `access-plancred-${Date.now()}`;
  writeFileSync(env['AWS_CONFIG_FILE'] ?? '', `[profile sso-dev]\nsso_session = ${session}\nsso_account_id = 111122223333\nsso_role_name = Developer\nregion = us-east-1\n\n[sso-session ${session}]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n`);
  writeFileSync(join(env['CODEX_HOME'] ?? '', 'bedrockcfg.config.toml'), 'model_provider = "amazon-bedrock"\nmodel = "openai.gpt-5.5"\n\n[model_providers.amazon-bedrock.aws]\nprofile = "sso-dev"\n');
  const cacheDir = join(env['HOME'] ?? '', '.aws', 'sso', 'cache');
  mkdirSync(cacheDir, { recursive: true });
  const tokenFile = join(cacheDir, `${createHash('sha1').update(session).digest('hex')}.json`);
  const token = (hours: number): void => writeFileSync(tokenFile, JSON.stringify({ startUrl: 'https://corp.awsapps.com/start', region: 'us-east-1', accessToken, expiresAt: new Date(Date.now() + hours * 3_600_000).toISOString() }));
  token(8);
  standIn.ssoAccessTokens.add(accessToken);
  return { env, expireToken: () => token(-1) };
}

describe('cx\'s AWS cache when codex resolves the profile itself', () => {
  it('aws.profile in codex\'s config: cached credentials count only while the SSO token codex will use is live; AWS_PROFILE: they count until they expire', async () => {
    const { env, expireToken } = ssoWorld();
    const k = memoryKeyring();
    const first = await run({ ...env, AWS_PROFILE: 'sso-dev' }, k.modules);
    expect(first.refusal).toBeNull();
    expect([...k.entries.keys()]).toEqual(['aws:sso-dev']);
    expireToken();
    const byEnv = await run({ ...env, AWS_PROFILE: 'sso-dev' }, k.modules);
    expect(byEnv.refusal).toBeNull();
    expect(byEnv.credentials[0]?.cachedUntil).not.toBeNull();
    const byConfig = await run(env, k.modules, 'bedrockcfg');
    expect(byConfig.refusal?.status).toBe(69);
    expect(byConfig.findings).toContainEqual(expect.objectContaining({ level: 'error', code: 'aws-sso-expired' }));
  });
});
