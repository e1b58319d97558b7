// The credentials stage (src/credentials/plan-credentials.ts) in-process, on plans makePlan made
// from real files: which modules it loads and when, where it looks, and what the plan then says.
// The AWS module is the real one, on credentials from the environment (no SDK call, no network);
// the keyring is an in-memory one behind keyring-api's interface, counting what is asked.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitArgv } from '../../src/cli/split-argv.ts';
import { EMPTY_CX_CONFIG } from '../../src/config/cx-config.ts';
import { stateDir } from '../../src/config/trust-store.ts';
import { type CredentialModules, planCredentials } from '../../src/credentials/plan-credentials.ts';
import { type KeyringRead, type KeyringStatus, keyringInUseMarker } from '../../src/credentials/keyring-api.ts';
import { EXIT } from '../../src/exit-status.ts';
import { type Plan, makePlan } from '../../src/plan/make-plan.ts';
import { tempDir } from '../helpers/cx-process.ts';
import { writeScript } from '../helpers/fake-codex.ts';

const SECRET = 'sk-SENTINEL-plancred-7a3f';

function planIn(extraEnv: Record<string, string>, argv: readonly string[], envFile: string | null = null): { plan: Plan; env: Record<string, string> } {
  const home = tempDir('cx-cred-home-');
  writeFileSync(join(home, 'gw.config.toml'), 'model_provider = "gw"\nmodel = "m"\n[model_providers.gw]\nbase_url = "http://127.0.0.1:9/v1"\nenv_key = "GW_KEY"\n');
  writeFileSync(join(home, 'bedrock.config.toml'), 'model_provider = "amazon-bedrock"\nmodel = "openai.gpt-5.5"\n');
  if (envFile !== null) writeFileSync(join(home, '.env'), envFile, { mode: 0o600 });
  const codex = writeScript(join(tempDir('cx-cred-bin-'), 'codex'), 'exit 0\n');
  const user = tempDir('cx-cred-user-');
  // An empty AWS config: nothing on this machine leaks in.
  mkdirSync(join(user, '.aws'));
  writeFileSync(join(user, '.aws', 'config'), '');
  const env = { PATH: '/usr/bin:/bin', HOME: user, CODEX_HOME: home, CX_CODEX_BIN: codex, AWS_CONFIG_FILE: join(user, '.aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: join(user, '.aws', 'credentials'), ...extraEnv };
  const plan = makePlan({ invocation: splitArgv(argv), env, cwd: tempDir('cx-cred-cwd-'), config: EMPTY_CX_CONFIG, selfPaths: new Set(), pid: 10, ppid: 9, canExec: false, interactive: () => false });
  return { plan, env };
}

interface Counted {
  modules: CredentialModules;
  loads: { keyring: number; aws: number };
  asked: string[];
}

function modules(entries: Record<string, string> = {}): Counted {
  const loads = { keyring: 0, aws: 0 };
  const asked: string[] = [];
  return {
    loads,
    asked,
    modules: {
      keyring: async () => {
        loads.keyring += 1;
        return {
          keyringGet: async (account: string): Promise<KeyringRead> => (asked.push(account), { value: entries[account] ?? null, status: 'ok', detail: null }),
          keyringSet: async (): Promise<KeyringStatus> => 'ok',
        };
      },
      aws: async () => {
        loads.aws += 1;
        return import('../../src/credentials/aws.ts');
      },
    },
  };
}

const context = (env: Record<string, string>, counted: Counted, over: { interactive?: () => boolean; force?: boolean; chatgptLogin?: () => boolean } = {}) => ({
  env,
  interactive: over.interactive ?? (() => false),
  force: over.force ?? false,
  modules: counted.modules,
  chatgptLogin: over.chatgptLogin ?? (() => false),
});

describe('the credentials stage', () => {
  it('a key in the environment: no keyring and no AWS module loaded', async () => {
    const { plan, env } = planIn({ GW_KEY: SECRET }, ['+gw', 'exec', 'hi']);
    const counted = modules();
    const out = await planCredentials(plan, context(env, counted));
    expect(out.credentials).toMatchObject([{ name: 'GW_KEY', source: 'env', delivery: 'env' }]);
    expect(counted.loads).toEqual({ keyring: 0, aws: 0 });
    expect(out.refusal).toBeNull();
  });

  it('a key in $CODEX_HOME/.env of this CODEX_HOME: left to codex', async () => {
    const { plan, env } = planIn({}, ['+gw', 'exec', 'hi'], `GW_KEY=${SECRET}\n`);
    const out = await planCredentials(plan, context(env, modules()));
    expect(out.credentials).toMatchObject([{ name: 'GW_KEY', source: 'codex-home-env', delivery: 'codex-home-env' }]);
  });

  it('a key in the keyring: the keyring module loaded once for both lookups, the profile\'s entry first', async () => {
    const { plan, env } = planIn({}, ['+gw', 'exec', 'hi']);
    const counted = modules({ GW_KEY: SECRET });
    const out = await planCredentials(plan, context(env, counted));
    expect(counted.loads.keyring).toBe(1);
    expect(counted.asked).toEqual(['gw/GW_KEY', 'GW_KEY']);
    expect(out.env['GW_KEY']).toBe(SECRET);
    expect(out.args).toEqual(['-c', 'shell_environment_policy.exclude=["GW_KEY"]', '-p', 'gw', 'exec', 'hi']);
  });

  it('openai with a ChatGPT login (asked through the context) and no key: the login is the credential, nothing loaded', async () => {
    const { plan, env } = planIn({}, ['exec', 'hi']);
    let asked = 0;
    const counted = modules();
    const out = await planCredentials(plan, context(env, counted, { chatgptLogin: () => (asked += 1) > 0 }));
    expect(asked).toBe(1);
    expect(out.credentials).toEqual([{ name: 'chatgpt-login', source: 'chatgpt-login', delivery: 'login', from: "codex's own ChatGPT login", origin: { kind: 'chatgpt-login' }, expires: null, cachedUntil: null }]);
    expect(out.refusal).toBeNull();
    expect(counted.loads).toEqual({ keyring: 0, aws: 0 });
  });

  it('no key anywhere: refused with 69, or launched with --cx-force', async () => {
    const { plan, env } = planIn({}, ['+gw', 'exec', 'hi']);
    const refused = await planCredentials(plan, context(env, modules()));
    expect(refused.refusal?.status).toBe(EXIT.blocked);
    expect(refused.findings).toContainEqual(expect.objectContaining({ level: 'error', code: 'credential-missing' }));
    expect((await planCredentials(plan, context(env, modules(), { force: true }))).refusal).toBeNull();
  });

  it('bedrock on AWS credentials from the environment: delivered (kept from the agent), the keyring never loaded', async () => {
    const { plan, env } = planIn({ AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: SECRET, AWS_REGION: 'us-east-1' }, ['+bedrock', 'exec', 'hi']);
    let interactive = 0;
    const counted = modules();
    const out = await planCredentials(plan, context(env, counted, { interactive: () => (interactive += 1) > 0 }));
    expect(counted.loads).toEqual({ keyring: 0, aws: 1 });
    expect(interactive).toBe(1);
    expect(out.credentials).toMatchObject([
      { name: 'AWS_ACCESS_KEY_ID', source: 'aws-chain', delivery: 'env-excluded', origin: { kind: 'aws-environment' }, from: 'environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)' },
      { name: 'AWS_SECRET_ACCESS_KEY', source: 'aws-chain', delivery: 'env-excluded' },
    ]);
    expect(out.refusal).toBeNull();
  });

  it('bedrock on an AWS profile that does not exist: the AWS module\'s answer is the refusal (69); no keyring where cx never stored a secret', async () => {
    const { plan, env } = planIn({ AWS_PROFILE: 'nosuch', AWS_REGION: 'us-east-1' }, ['+bedrock', 'exec', 'hi']);
    const counted = modules();
    const out = await planCredentials(plan, context(env, counted));
    expect(counted.loads.keyring).toBe(0);
    expect(out.refusal?.status).toBe(EXIT.blocked);
    expect(out.findings).toContainEqual(expect.objectContaining({ level: 'error', code: 'aws-credentials', message: expect.stringContaining('AWS profile nosuch is not in') }));
  });

  it('where cx has stored a secret: the AWS cache is looked up in the keyring', async () => {
    const { plan, env } = planIn({ AWS_PROFILE: 'nosuch', AWS_REGION: 'us-east-1' }, ['+bedrock', 'exec', 'hi']);
    mkdirSync(stateDir(env), { recursive: true });
    writeFileSync(keyringInUseMarker(stateDir(env)), '');
    const counted = modules();
    await planCredentials(plan, context(env, counted));
    expect(counted.loads.keyring).toBe(1);
    expect(counted.asked.some((account) => account.includes('nosuch'))).toBe(true);
  });

  it('a token command: a launch runs it as configured; explain and doctor (inspect) run its JSON form, which tells when the token expires', async () => {
    const { env } = planIn({}, ['+gw', 'exec', 'hi']);
    const az = writeScript(join(tempDir('cx-cred-az-'), 'az'), `case "$*" in *"--output json"*) printf '{"accessToken":"${SECRET}","expires_on":1900000000}' ;; *) printf '${SECRET}' ;; esac\n`);
    writeFileSync(join(env['CODEX_HOME'] ?? '', 'tok.config.toml'), `model_provider = "tok"\nmodel = "m"\n[model_providers.tok]\nbase_url = "http://127.0.0.1:9/v1"\nauth = { command = "${az}", args = ["account", "get-access-token", "--query", "accessToken", "-o", "tsv"] }\n`);
    const plan = makePlan({ invocation: splitArgv(['+tok', 'exec', 'hi']), env, cwd: tempDir('cx-cred-cwd-'), config: EMPTY_CX_CONFIG, selfPaths: new Set(), pid: 10, ppid: 9, canExec: false, interactive: () => false });
    const launch = await planCredentials(plan, context(env, modules()));
    expect(launch.refusal).toBeNull();
    expect(launch.credentials).toMatchObject([{ source: 'token-command', expires: null }]);
    const inspect = await planCredentials(plan, { ...context(env, modules()), inspect: true });
    expect(inspect.credentials).toMatchObject([{ source: 'token-command', expires: new Date(1_900_000_000_000).toISOString() }]);
    expect(JSON.stringify([launch.credentials, inspect.credentials])).not.toContain(SECRET);
  });
});
