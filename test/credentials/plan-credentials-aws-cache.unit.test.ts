// The credentials stage caching temporary AWS credentials (a role assumed through STS, here the
// loopback stand-in of test/helpers/aws-stand-in.ts, in this process): stored in the keyring, and
// the first store marks the keyring as in use (as `cx secret set` does), so that the next run looks
// there; a store that fails marks nothing. The keyring is an in-memory one behind keyring-api.
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

async function run(env: Record<string, string>, modules: CredentialModules) {
  const plan = makePlan({ invocation: splitArgv(['+bedrock', 'exec', 'hi']), env, cwd: tempDir('cx-credcache-cwd-'), config: EMPTY_CX_CONFIG, selfPaths: new Set(), pid: 10, ppid: 9, canExec: false, interactive: () => false });
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
