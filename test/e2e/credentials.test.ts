// Credentials through the REAL codex (each end of the supported range) and loopback stand-ins this file
// owns: what is asserted is what arrived at the far side — the Authorization header of the request
// codex sent, the tool output codex sent back after running `env` for the model, the requests the
// AWS stand-in got — not what cx says it did. Each runtime (spawn under this Node, execve under
// Node 22) runs every case.
//
// The keyring is a private gnome-keyring on a private D-Bus (test/setup/with-keyring.sh, nested)
// that lives as long as this file: the global entries planted here (AWS_BEARER_TOKEN_BEDROCK, the
// AWS credential cache) never meet another test file's. It needs the tools the harness needs:
// without a harness bus (not run under with-keyring.sh, as npm test does) the file is skipped.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AwsStandIn, startAwsStandIn } from '../helpers/aws-stand-in.ts';
import { tomlString } from '../helpers/codex-home.ts';
import { type CodexUnderTest, codexRange, codexRuntimes, launcherBinDir } from '../helpers/codex-range.ts';
import { type CxResult, cleanEnv, runCx, runProgram, tempDir } from '../helpers/cx-process.ts';
import { type Front, type RecordedRequest, type ResponsesStandIn, type StandInOptions, answerEvents, startResponsesStandIn, startWebSocketRefusingFront, toolOutput } from '../helpers/responses-stand-in.ts';
import { type PrivateKeyring, startPrivateKeyring } from '../helpers/private-keyring.ts';

const BUS = process.env['DBUS_SESSION_BUS_ADDRESS'];
const SKIP = BUS ? '' : ' (SKIPPED: not under test/setup/with-keyring.sh, as npm test runs it)';
if (!BUS) console.warn(`credentials.test.ts: skipped${SKIP}`);

const ANSWER = `stand-in answer ${randomUUID()}`;
/** codex's own arguments for one bounded, non-interactive turn (codex-facts.md). */
const EXEC = ['exec', '--skip-git-repo-check', '--disable', 'unbounded_connection_retries', 'say hi'];
const RUN_TIMEOUT = 12_000;
const TEST_TIMEOUT = 30_000;
const BLOCKED = 69;
const TAG = randomBytes(4).toString('hex').toUpperCase();

/** A made-up secret, distinct per call and easy to spot. */
function secretValue(what: string): string {
  return `${what}-${randomBytes(12).toString('hex')}`;
}

let keyring: PrivateKeyring | null = null;
let aws: AwsStandIn | null = null;
beforeAll(async () => {
  if (!BUS) return;
  [keyring, aws] = await Promise.all([startPrivateKeyring(), startAwsStandIn()]);
});
afterAll(async () => {
  await Promise.all([keyring?.close(), aws?.close()]);
});

const standIns: ResponsesStandIn[] = [];
afterEach(async () => {
  await Promise.all(standIns.splice(0).map((s) => s.close()));
});

/** The WebSocket-refusing front (responses-stand-in.ts) before `standIn`, closed after the test. */
async function refuseWebSockets(standIn: ResponsesStandIn): Promise<string> {
  const front = await startWebSocketRefusingFront(standIn);
  fronts.push(front);
  return front.url;
}

const fronts: Front[] = [];
afterEach(async () => {
  await Promise.all(fronts.splice(0).map((front) => front.close()));
});

function awsStandIn(): AwsStandIn {
  if (aws === null) throw new Error('no AWS stand-in');
  return aws;
}

// ---------------------------------------------------------------------------------------------
// Set-ups.

interface Setup {
  codex: CodexUnderTest;
  standIn: ResponsesStandIn;
  codexHome: string;
  env: Record<string, string>;
  cwd: string;
}

/** A stand-in, a CODEX_HOME whose config.toml is `config(url)`, and an environment using the private keyring. */
async function setUp(codex: CodexUnderTest, config: (url: string) => string, options: StandInOptions = {}, extraEnv: Record<string, string> = {}): Promise<Setup> {
  const standIn = await startResponsesStandIn(options);
  standIns.push(standIn);
  const codexHome = tempDir('cx-codex-home-');
  writeFileSync(join(codexHome, 'config.toml'), config(standIn.url));
  const env = cleanEnv({
    PATH: `${launcherBinDir(codex)}${delimiter}${process.env['PATH'] ?? '/usr/bin:/bin'}`,
    CODEX_HOME: codexHome,
    DBUS_SESSION_BUS_ADDRESS: keyring?.bus ?? 'unix:path=/nonexistent',
    CX_KEYRING_TIMEOUT_MS: '3000',
    ...extraEnv,
  });
  return { codex, standIn, codexHome, env, cwd: tempDir('cx-work-') };
}

/** A custom provider at the stand-in reading its key from `envKey` (codex sends it as Bearer). */
function customProvider(envKey: string, extra = ''): (url: string) => string {
  return (url) =>
    [
      'model_provider = "standin"',
      'model = "model-from-config"',
      '[analytics]',
      'enabled = false',
      '[model_providers.standin]',
      'name = "cx test stand-in"',
      `base_url = ${tomlString(`${url}/v1`)}`,
      `env_key = ${tomlString(envKey)}`,
      'wire_api = "responses"',
      'request_max_retries = 0',
      'stream_max_retries = 0',
      extra,
      '',
    ].join('\n');
}

/** Built-in Amazon Bedrock at the stand-in (`base_url` overridden), in us-east-1, optionally with an AWS profile. */
function bedrock(profile: string | null): (url: string) => string {
  return (url) =>
    [
      'model_provider = "amazon-bedrock"',
      'model = "openai.gpt-oss-120b"',
      '[analytics]',
      'enabled = false',
      '[model_providers.amazon-bedrock]',
      `base_url = ${tomlString(`${url}/openai/v1`)}`,
      '[model_providers.amazon-bedrock.aws]',
      'region = "us-east-1"',
      ...(profile === null ? [] : [`profile = ${tomlString(profile)}`]),
      '',
    ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Reading what arrived.

/** `NAME=value` lines of an `env` output, as a map. */
function envLines(output: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const line of output.split('\n')) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) found[match[1] as string] = match[2] as string;
  }
  return found;
}

const CALL_ID = 'call_env';

/** First turn: make codex run `env` with its exec_command tool; then a plain answer. */
function envToolCall(): NonNullable<StandInOptions['reply']> {
  return (_request, index) =>
    index === 0
      ? {
          events: [
            {
              type: 'response.output_item.done',
              item: { type: 'function_call', id: `fc_${CALL_ID}`, call_id: CALL_ID, name: 'exec_command', arguments: JSON.stringify({ cmd: 'env' }) },
            },
            { type: 'response.completed', response: { id: 'resp_tool_call' } },
          ],
        }
      : { events: answerEvents(ANSWER) };
}

/** The environment the agent's command saw (from the second request), after checking the turn went as planned. */
function toolEnv(setup: Setup): { output: string; vars: Record<string, string> } {
  const turns = setup.standIn.turns();
  expect(turns).toHaveLength(2);
  const output = toolOutput(turns[1], CALL_ID);
  const vars = envLines(output);
  // The command really ran and printed an environment.
  expect(vars).toHaveProperty('PATH');
  return { output, vars };
}

function diagnose(result: CxResult): string {
  return `exit ${String(result.exitCode)}, signal ${String(result.signal)}, timed out ${String(result.timedOut)}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
}

/** cx's own stderr lines (codex's banner and warnings go to the same stream). */
function cxLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('cx:'));
}

function native(setup: Setup, env: Record<string, string> = {}, args: readonly string[] = EXEC): Promise<CxResult> {
  return runProgram(setup.codex.bin, args, { env: { ...setup.env, ...env }, cwd: setup.cwd, timeoutMs: RUN_TIMEOUT });
}

interface Explained {
  credentials: { name: string; source: string; delivery: string; from: string; origin: { kind: string }; expires: string | null; cachedUntil: string | null }[];
  command: { bin: string | null; args: string[] };
  findings: { level: string; code: string; message: string }[];
}

// ---------------------------------------------------------------------------------------------
// Controls: the native codex alone, so that each check below is one that can fail.

describe.each(codexRange())(`controls: the native codex $version ($end), no cx${SKIP}`, (codex) => {
  it.skipIf(!BUS)('a key in the environment is sent as Bearer AND reaches the agent’s commands (what cx must prevent)', { timeout: TEST_TIMEOUT }, async () => {
    const name = `CXE_${TAG}_CONTROL_API_KEY`;
    const secret = secretValue('control');
    const setup = await setUp(codex, customProvider(name), { reply: envToolCall() });
    const result = await native(setup, { [name]: secret });
    expect(result.exitCode, diagnose(result)).toBe(0);
    expect(setup.standIn.turns()[0]?.headers['authorization']).toBe(`Bearer ${secret}`);
    expect(toolEnv(setup).vars[name]).toBe(secret);
  });

  it.skipIf(!BUS)('the user’s own shell_environment_policy.exclude keeps FOO out, and nothing else', { timeout: TEST_TIMEOUT }, async () => {
    const name = `CXE_${TAG}_CONTROL2_API_KEY`;
    const secret = secretValue('control2');
    const setup = await setUp(codex, customProvider(name, '[shell_environment_policy]\nexclude = ["FOO"]'), { reply: envToolCall() });
    const result = await native(setup, { [name]: secret, FOO: 'foo-value', BAR: 'bar-value' });
    expect(result.exitCode, diagnose(result)).toBe(0);
    const { vars } = toolEnv(setup);
    expect(vars).not.toHaveProperty('FOO');
    expect(vars['BAR']).toBe('bar-value');
    expect(vars[name]).toBe(secret);
  });

  it.skipIf(!BUS)('built-in openai at openai_base_url: OPENAI_API_KEY alone is NOT sent; CODEX_API_KEY is', { timeout: TEST_TIMEOUT }, async () => {
    const key = secretValue('openai');
    const setup = await setUpOpenai(codex);
    const plain = await native(setup, { OPENAI_API_KEY: key });
    expect(plain.exitCode, diagnose(plain)).toBe(0);
    const codexKey = await native(setup, { CODEX_API_KEY: key });
    expect(codexKey.exitCode, diagnose(codexKey)).toBe(0);
    const turns = setup.standIn.turns();
    // openai_base_url (the config key) sends the built-in provider to the stand-in.
    expect(turns.map((r) => r.path.split('?')[0])).toEqual(['/v1/responses', '/v1/responses']);
    expect(turns[0]?.headers['authorization']).toBeUndefined();
    expect(turns[1]?.headers['authorization']).toBe(`Bearer ${key}`);
  });

  it.skipIf(!BUS)('$CODEX_HOME/.env overrides the environment (codex’s own behaviour)', { timeout: TEST_TIMEOUT }, async () => {
    const name = `CXE_${TAG}_CONTROL3_API_KEY`;
    const [inEnv, inFile] = [secretValue('env'), secretValue('dotenv')];
    const setup = await setUp(codex, customProvider(name));
    writeFileSync(join(setup.codexHome, '.env'), `${name}=${inFile}\n`, { mode: 0o600 });
    const result = await native(setup, { [name]: inEnv });
    expect(result.exitCode, diagnose(result)).toBe(0);
    expect(setup.standIn.turns()[0]?.headers['authorization']).toBe(`Bearer ${inFile}`);
  });
});

function openaiAt(url: string): string {
  return ['model = "gpt-5.5"', `openai_base_url = ${tomlString(`${url}/v1`)}`, '[analytics]', 'enabled = false', ''].join('\n');
}

/** The built-in openai provider sent to the stand-in through `openai_base_url` (behind the WebSocket-refusing front). */
async function setUpOpenai(codex: CodexUnderTest, extraEnv: Record<string, string> = {}): Promise<Setup> {
  const setup = await setUp(codex, () => '', {}, extraEnv);
  writeFileSync(join(setup.codexHome, 'config.toml'), openaiAt(await refuseWebSockets(setup.standIn)));
  return setup;
}

// ---------------------------------------------------------------------------------------------
// Through cx, on each runtime.

describe.each(codexRuntimes().map((runtime, index) => ({ ...runtime, index })))(`cx delivers credentials to the real codex, $name${SKIP}`, (runtime) => {
  const codex = runtime.codex;
  const cx = (args: readonly string[], setup: Setup, input?: string): Promise<CxResult> =>
    runCx(args, { env: setup.env, cwd: setup.cwd, node: runtime.node, timeoutMs: RUN_TIMEOUT, ...(input === undefined ? {} : { input }) });
  const unique = (base: string): string => `CXE_${TAG}_${runtime.index}_${base}`;

  /** A run whose agent prints its environment: the key arrives as Bearer; it, and FOO, are not in that environment; BAR is. */
  async function expectKeptFromTools(setup: Setup, args: readonly string[], name: string, secret: string): Promise<void> {
    const result = await cx(args, setup);
    expect(result.exitCode, diagnose(result)).toBe(0);
    expect(setup.standIn.turns()[0]?.headers['authorization']).toBe(`Bearer ${secret}`);
    const { output, vars } = toolEnv(setup);
    expect(vars).not.toHaveProperty('FOO');
    expect(vars).not.toHaveProperty(name);
    expect(vars['BAR']).toBe('bar-value');
    expect(output).not.toContain(secret);
  }

  async function storeSecret(setup: Setup, name: string, value: string, profile?: string): Promise<void> {
    const set = await cx(['secret', 'set', name, ...(profile ? ['--profile', profile] : [])], setup, value);
    expect(set.exitCode, diagnose(set)).toBe(0);
  }

  async function explain(setup: Setup, args: readonly string[] = EXEC): Promise<Explained> {
    const result = await cx(['explain', '--json', ...args], setup);
    expect(result.exitCode, diagnose(result)).toBe(0);
    return JSON.parse(result.stdout) as Explained;
  }

  describe('a custom provider’s env_key stored only in the keyring', () => {
    it.skipIf(!BUS)('is sent as Bearer, and the agent’s `env` does not see it (env-excluded)', { timeout: TEST_TIMEOUT }, async () => {
      const name = unique('API_KEY');
      const secret = secretValue('keyring');
      const setup = await setUp(codex, customProvider(name), { reply: envToolCall() });
      await storeSecret(setup, name, secret);

      const plan = await explain(setup);
      expect(plan.credentials).toMatchObject([{ name, source: 'keyring', delivery: 'env-excluded', from: 'keyring (global)', origin: { kind: 'keyring', scope: 'global' } }]);
      expect(plan.command.args.slice(0, 2)).toEqual(['-c', `shell_environment_policy.exclude=["${name}"]`]);

      const result = await cx(EXEC, setup);
      expect(result.exitCode, diagnose(result)).toBe(0);
      expect(result.stdout).toBe(ANSWER);
      for (const turn of setup.standIn.turns()) {
        expect(turn.headers['authorization']).toBe(`Bearer ${secret}`);
        expect(turn.rawBody).not.toContain(secret);
      }
      const { output, vars } = toolEnv(setup);
      expect(vars).not.toHaveProperty(name);
      expect(output).not.toContain(secret);
      expect(`${result.stdout}${result.stderr}`).not.toContain(secret);
    });

    it.skipIf(!BUS)('with the user’s own exclude = ["FOO"] in config.toml: FOO stays excluded too (merged)', { timeout: TEST_TIMEOUT }, async () => {
      const name = unique('API_KEY_FOO');
      const secret = secretValue('keyring-foo');
      const setup = await setUp(codex, customProvider(name, '[shell_environment_policy]\nexclude = ["FOO"]'), { reply: envToolCall() }, { FOO: 'foo-value', BAR: 'bar-value' });
      await storeSecret(setup, name, secret);

      const plan = await explain(setup);
      expect(plan.command.args.slice(0, 2)).toEqual(['-c', `shell_environment_policy.exclude=["FOO", "${name}"]`]);

      await expectKeptFromTools(setup, EXEC, name, secret);
    });

    it.skipIf(!BUS)('with the user’s own -c shell_environment_policy.exclude=["FOO"] after exec: still excluded', { timeout: TEST_TIMEOUT }, async () => {
      const name = unique('API_KEY_DASH_C');
      const secret = secretValue('keyring-dash-c');
      const setup = await setUp(codex, customProvider(name), { reply: envToolCall() }, { FOO: 'foo-value', BAR: 'bar-value' });
      await storeSecret(setup, name, secret);
      const [exec, ...rest] = EXEC;
      const args = [exec ?? 'exec', '-c', 'shell_environment_policy.exclude=["FOO"]', ...rest];

      // cx's list (the user's merged in) comes after the user's, or codex would apply theirs last.
      const plan = await explain(setup, args);
      expect(plan.command.args.slice(0, 5)).toEqual(['exec', '-c', 'shell_environment_policy.exclude=["FOO"]', '-c', `shell_environment_policy.exclude=["FOO", "${name}"]`]);

      await expectKeptFromTools(setup, args, name, secret);
    });
  });

  it.skipIf(!BUS)('built-in openai with OPENAI_API_KEY only: the request carries Bearer <key> (delivered as CODEX_API_KEY)', { timeout: TEST_TIMEOUT }, async () => {
    const key = secretValue('openai');
    const setup = await setUpOpenai(codex, { OPENAI_API_KEY: key });
    const plan = await explain(setup);
    expect(plan.credentials).toMatchObject([{ name: 'CODEX_API_KEY', source: 'env', delivery: 'env-excluded', from: 'environment (OPENAI_API_KEY)' }]);

    const result = await cx(EXEC, setup);
    expect(result.exitCode, diagnose(result)).toBe(0);
    expect(result.stdout).toBe('Hello from the stand-in.');
    const turns = setup.standIn.turns();
    expect(turns.map((r) => r.path.split('?')[0])).toEqual(['/v1/responses']);
    expect(turns[0]?.headers['authorization']).toBe(`Bearer ${key}`);
    expect(`${result.stdout}${result.stderr}`).not.toContain(key);
  });

  describe('Amazon Bedrock on loopback', () => {
    it.skipIf(!BUS)('a bearer token in the keyring: Bearer <token>, kept from the agent’s commands', { timeout: TEST_TIMEOUT }, async () => {
      const token = secretValue('bedrock-bearer');
      const setup = await setUp(codex, bedrock(null), { reply: envToolCall() });
      await storeSecret(setup, 'AWS_BEARER_TOKEN_BEDROCK', token);
      try {
        const plan = await explain(setup);
        expect(plan.credentials).toMatchObject([{ name: 'AWS_BEARER_TOKEN_BEDROCK', source: 'keyring', delivery: 'env-excluded', from: 'keyring (global)' }]);

        const result = await cx(EXEC, setup);
        expect(result.exitCode, diagnose(result)).toBe(0);
        expect(result.stdout).toBe(ANSWER);
        const turns = setup.standIn.turns();
        expect(turns[0]?.path.split('?')[0]).toBe('/openai/v1/responses');
        for (const turn of turns) expect(turn.headers['authorization']).toBe(`Bearer ${token}`);
        const { output, vars } = toolEnv(setup);
        expect(vars).not.toHaveProperty('AWS_BEARER_TOKEN_BEDROCK');
        expect(output).not.toContain(token);
      } finally {
        // Global entry: gone before the SSO cases, which would otherwise get the bearer token.
        expect((await cx(['secret', 'rm', 'AWS_BEARER_TOKEN_BEDROCK'], setup)).exitCode).toBe(0);
      }
    });

    /** An SSO profile (sso_session form) in a temp HOME whose cached token the AWS stand-in accepts, unless expired. */
    function ssoProfile(setup: Setup, profile: string, expired: boolean): { accessToken: string; expiresAt: string } {
      const home = setup.env['HOME'] as string;
      const session = `${profile}-session`;
      const accessToken = secretValue('sso-access');
      mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
      writeFileSync(
        join(home, '.aws', 'config'),
        `[profile ${profile}]\nsso_session = ${session}\nsso_account_id = 111122223333\nsso_role_name = Developer\n\n[sso-session ${session}]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n`,
      );
      const expiresAt = new Date(Date.now() + (expired ? -1 : 8) * 3_600_000).toISOString();
      writeFileSync(
        join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(session).digest('hex')}.json`),
        JSON.stringify({ startUrl: 'https://corp.awsapps.com/start', region: 'us-east-1', accessToken, expiresAt }),
      );
      if (!expired) awsStandIn().ssoAccessTokens.add(accessToken);
      return { accessToken, expiresAt };
    }

    function awsEnv(setup: Setup): Record<string, string> {
      const home = setup.env['HOME'] as string;
      return {
        AWS_CONFIG_FILE: join(home, '.aws', 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
        ...awsStandIn().endpointEnv(),
      };
    }

    /** The SigV4 Authorization header codex sent: the access key id it signed with (service bedrock-mantle, us-east-1). */
    function sigV4KeyId(request: RecordedRequest | undefined): string {
      const auth = request?.headers['authorization'] ?? '';
      const signed = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/us-east-1\/bedrock-mantle\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/.exec(auth);
      expect(signed, auth).not.toBeNull();
      return signed?.[1] ?? '';
    }

    /** What cx cached in the keyring for an AWS profile (service cx, account aws:PROFILE). */
    async function cachedKeyId(setup: Setup, profile: string): Promise<string> {
      const lookup = await runProgram('secret-tool', ['lookup', 'service', 'cx', 'account', `aws:${profile}`], { env: setup.env, timeoutMs: 5_000 });
      expect(lookup.exitCode, lookup.stderr).toBe(0);
      return (JSON.parse(lookup.stdout) as { accessKeyId: string }).accessKeyId;
    }

    it.skipIf(!BUS)('an SSO profile named by AWS_PROFILE: SigV4 with the key the SSO stand-in issued to cx; a second run uses the keyring cache and makes no SSO request', { timeout: TEST_TIMEOUT }, async () => {
      const profile = `cxe-sso-${TAG.toLowerCase()}-${runtime.index}`;
      const setup = await setUp(codex, bedrock(null), { reply: envToolCall() });
      Object.assign(setup.env, awsEnv(setup), { AWS_PROFILE: profile });
      const { expiresAt } = ssoProfile(setup, profile, false);
      const stand = awsStandIn();
      const mark = stand.requests.length;
      const issuedBefore = new Set(stand.issued.keys());

      // First run: cx fetches the role credentials (JS SDK), codex signs with them.
      const first = await cx(EXEC, setup);
      expect(first.exitCode, diagnose(first)).toBe(0);
      expect(first.stdout).toBe(ANSWER);
      const fetched = stand.requests.slice(mark);
      expect(fetched.map((r) => `${r.service} ${r.action}`)).toEqual(['sso GetRoleCredentials']);
      expect(fetched[0]?.headers['user-agent']).toMatch(/^aws-sdk-js\//);
      const issuedToCx = [...stand.issued.keys()].filter((id) => !issuedBefore.has(id));
      expect(issuedToCx).toHaveLength(1);
      const keyId = issuedToCx[0] as string;
      const issued = stand.issued.get(keyId);
      const turn = setup.standIn.turns()[0];
      expect(turn?.path.split('?')[0]).toBe('/openai/v1/responses');
      expect(sigV4KeyId(turn)).toBe(keyId);
      expect(turn?.headers['x-amz-security-token']).toBe(issued?.sessionToken);

      // Then: explain and a second run use the cache in the keyring; no SSO request, the same key.
      const afterFirst = stand.requests.length;
      const plan = await explain(setup);
      expect(plan.credentials.map((c) => `${c.name} ${c.source} ${c.delivery}`)).toEqual([
        'AWS_ACCESS_KEY_ID aws-chain env-excluded',
        'AWS_SECRET_ACCESS_KEY aws-chain env-excluded',
        'AWS_SESSION_TOKEN aws-chain env-excluded',
      ]);
      // The real source: the SSO session and its token's expiry, and how long cx's cache holds the role credentials.
      const from = `SSO session ${profile}-session (AWS profile ${profile}), token expires at ${expiresAt}, cached by cx in the keyring until ${issued?.expiration.toISOString() ?? '?'}`;
      expect(plan.credentials.map((c) => c.from)).toEqual([from, from, from]);
      expect(plan.credentials[0]?.origin).toEqual({ kind: 'aws-sso', awsProfile: profile, session: `${profile}-session`, tokenExpires: expiresAt, tokenExpired: false });
      const second = await startResponsesStandIn({});
      standIns.push(second);
      writeFileSync(join(setup.codexHome, 'config.toml'), bedrock(null)(second.url));
      const again = await cx(EXEC, setup);
      expect(again.exitCode, diagnose(again)).toBe(0);
      expect(stand.requests.slice(afterFirst)).toEqual([]);
      expect(sigV4KeyId(second.turns()[0])).toBe(keyId);

      // The agent's commands saw none of it.
      const { output, vars } = toolEnv(setup);
      for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) expect(vars).not.toHaveProperty(name);
      for (const value of [issued?.secretAccessKey ?? '?', issued?.sessionToken ?? '?', keyId]) expect(output).not.toContain(value);
      // Cached in the keyring, in no file.
      expect(await cachedKeyId(setup, profile)).toBe(keyId);
      for (const dir of [setup.env['HOME'] as string, setup.codexHome]) expect(filesContaining(dir, issued?.secretAccessKey ?? '?')).toEqual([]);
    });

    it.skipIf(!BUS)('codex’s behaviour: with the profile named in its config (aws.profile), codex resolves SSO itself and signs with its own key, not the one cx delivered', { timeout: TEST_TIMEOUT }, async () => {
      const profile = `cxe-ssocfg-${TAG.toLowerCase()}-${runtime.index}`;
      const setup = await setUp(codex, bedrock(profile));
      Object.assign(setup.env, awsEnv(setup));
      ssoProfile(setup, profile, false);
      const stand = awsStandIn();
      const mark = stand.requests.length;

      const result = await cx(EXEC, setup);
      expect(result.exitCode, diagnose(result)).toBe(0);
      const agents = stand.requests.slice(mark).map((r) => `${r.action} ${(r.headers['user-agent'] ?? '').split('/')[0] ?? ''}`);
      // cx's fetch (JS SDK), then codex's own (Rust SDK, which honours AWS_ENDPOINT_URL_SSO).
      expect(agents[0]).toBe('GetRoleCredentials aws-sdk-js');
      expect(agents.slice(1)).toContain('GetRoleCredentials aws-sdk-rust');
      const signedWith = sigV4KeyId(setup.standIn.turns()[0]);
      expect(stand.issued.has(signedWith)).toBe(true);
      expect(signedWith).not.toBe(await cachedKeyId(setup, profile));
    });

    it.skipIf(!BUS)('aws.profile in codex’s config: role credentials cx cached in the keyring do not hide an SSO session that expired since (exit 69, the fix once, nothing sent)', { timeout: TEST_TIMEOUT }, async () => {
      const profile = `cxe-ssohide-${TAG.toLowerCase()}-${runtime.index}`;
      const setup = await setUp(codex, bedrock(profile));
      Object.assign(setup.env, awsEnv(setup));
      ssoProfile(setup, profile, false);
      // A run while signed in: cx checks the profile and caches the role credentials it got.
      const first = await cx(EXEC, setup);
      expect(first.exitCode, diagnose(first)).toBe(0);
      expect(await cachedKeyId(setup, profile)).toMatch(/^ASIA/);
      const sent = setup.standIn.requests.length;

      // The SSO session ends (the token codex would use is now expired); cx's cache still holds live role credentials.
      const { accessToken, expiresAt } = ssoProfile(setup, profile, true);
      const mark = awsStandIn().requests.length;
      const plan = await cx(['explain', '--json', ...EXEC], setup);
      const explained = JSON.parse(plan.stdout) as Explained & { launch: boolean };
      expect(explained.launch, plan.stdout).toBe(false);
      expect(explained.findings.map((f) => f.code)).toContain('aws-sso-expired');
      // What codex would have found, named: the session and when its token expired.
      expect(explained.credentials.map((c) => c.from)).toEqual([`SSO session ${profile}-session (AWS profile ${profile}), token expired at ${expiresAt}`]);

      const result = await cx(EXEC, setup);
      expect(result.exitCode, diagnose(result)).toBe(BLOCKED);
      expect(result.stdout).toBe('');
      expect(result.stderr.split(`aws sso login --profile ${profile}`)).toHaveLength(2);
      expect(cxLines(result.stderr)).toHaveLength(result.stderr.split('\n').length);
      expect(`${plan.stdout}${plan.stderr}${result.stderr}`).not.toContain(accessToken);
      // codex never started: no request reached Bedrock, and no role credentials were asked for with the expired token.
      expect(setup.standIn.requests.slice(sent)).toEqual([]);
      expect(awsStandIn().requests.slice(mark).filter((r) => r.headers['x-amz-sso_bearer_token'] !== undefined && r.headers['user-agent']?.startsWith('aws-sdk-rust'))).toEqual([]);
    });

    it.skipIf(!BUS)('CI fleet recipe (README): GitHub Actions OIDC → Bedrock through web identity, CX_STRICT=1 and a .cxrc restriction: SigV4 with the role’s key; explain names web identity and the role; another provider is refused', { timeout: TEST_TIMEOUT }, async () => {
      const setup = await setUp(codex, bedrock(null));
      const oidc = secretValue('github-oidc-jwt');
      const tokenFile = join(tempDir('cx-oidc-'), 'token');
      writeFileSync(tokenFile, oidc, { mode: 0o600 });
      // A role of its own per runtime: the runs share one keyring, and a cache must never hand one role's keys to another.
      const roleArn = `arn:aws:iam::111122223333:role/cx-ci-${TAG.toLowerCase()}-${runtime.index}`;
      Object.assign(setup.env, awsEnv(setup), { AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_ARN: roleArn, AWS_ROLE_SESSION_NAME: 'gha', CX_STRICT: '1', CI: 'true', GITHUB_ACTIONS: 'true' });
      writeFileSync(join(setup.cwd, '.cxrc'), '[require]\nproviders = ["amazon-bedrock"]\nregions = ["us-*"]\n');
      const stand = awsStandIn();
      const mark = stand.requests.length;
      const issuedBefore = new Set(stand.issued.keys());

      const plan = await cx(['explain', '--json', ...EXEC], setup);
      const explained = JSON.parse(plan.stdout) as Explained & { launch: boolean };
      expect(explained.launch, plan.stdout).toBe(true);
      expect(explained.credentials.map((c) => c.name)).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']);
      expect(explained.credentials[0]?.origin).toEqual({ kind: 'aws-web-identity', awsProfile: null, roleArn, tokenFile });
      expect(explained.credentials[0]?.from).toMatch(new RegExp(`^web identity, role ${roleArn.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}, token file ${tokenFile}, `));
      const text = await cx(['explain', ...EXEC], setup);
      // explain's short form wraps at 100 columns: compared with the wrapping undone.
      expect(text.stdout.replace(/\s+/g, ' ')).toContain(`AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN: web identity, role ${roleArn}, token file ${tokenFile}`);

      const result = await cx(EXEC, setup);
      expect(result.exitCode, diagnose(result)).toBe(0);
      // What the STS stand-in received: the role and the token from the file, once.
      const sts = stand.requests.slice(mark).filter((r) => r.service === 'sts');
      expect(sts.map((r) => r.action)).toEqual(['AssumeRoleWithWebIdentity']);
      expect(sts[0]?.fields['RoleArn']).toBe(roleArn);
      expect(sts[0]?.fields['WebIdentityToken']).toBe(oidc);
      const issued = [...stand.issued.keys()].filter((id) => !issuedBefore.has(id));
      expect(issued).toHaveLength(1);
      // What Bedrock received: SigV4 with the key STS issued for the role.
      expect(sigV4KeyId(setup.standIn.turns()[0])).toBe(issued[0]);

      // The restriction: the same run pointed at another provider never starts.
      const elsewhere = await cx(['-c', 'model_provider="openai"', ...EXEC], setup);
      expect(elsewhere.exitCode, diagnose(elsewhere)).toBe(77);
      expect(setup.standIn.turns()).toHaveLength(1);

      const secretKey = stand.issued.get(issued[0] as string)?.secretAccessKey ?? '?';
      for (const out of [plan, text, result, elsewhere]) for (const value of [oidc, secretKey]) expect(`${out.stdout}${out.stderr}`).not.toContain(value);
      for (const dir of [setup.env['HOME'] as string, setup.codexHome, setup.cwd]) expect(filesContaining(dir, secretKey)).toEqual([]);
    });

    it.skipIf(!BUS)('an expired SSO session, not interactive: exit 69 with the exact `aws sso login --profile P`, nothing sent', { timeout: TEST_TIMEOUT }, async () => {
      const profile = `cxe-expired-${TAG.toLowerCase()}-${runtime.index}`;
      const setup = await setUp(codex, bedrock(profile));
      Object.assign(setup.env, awsEnv(setup));
      const { accessToken } = ssoProfile(setup, profile, true);
      const mark = awsStandIn().requests.length;

      const result = await cx(EXEC, setup);
      expect(result.exitCode, diagnose(result)).toBe(BLOCKED);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`aws sso login --profile ${profile}`);
      expect(cxLines(result.stderr)).toHaveLength(result.stderr.split('\n').length);
      expect(result.stderr).not.toContain(accessToken);
      expect(awsStandIn().requests.slice(mark)).toEqual([]);
      expect(setup.standIn.requests).toEqual([]);
    });
  });

  describe('a provider whose token comes from a command (Entra ID through a stand-in `az`)', () => {
    /** Azure-style provider at the stand-in whose bearer token comes from `az account get-access-token` (the README's Entra form). */
    function entraProvider(timeoutMs: number): (url: string) => string {
      return (url) =>
        [
          'model_provider = "azure-entra"',
          'model = "my-deployment"',
          '[analytics]',
          'enabled = false',
          '[model_providers.azure-entra]',
          'name = "Azure OpenAI (Entra ID)"',
          `base_url = ${tomlString(`${url}/openai`)}`,
          'query_params = { api-version = "2025-04-01-preview" }',
          'wire_api = "responses"',
          'request_max_retries = 0',
          'stream_max_retries = 0',
          `auth = { command = "az", args = ["account", "get-access-token", "--resource", "https://cognitiveservices.azure.com", "--query", "accessToken", "-o", "tsv"], timeout_ms = ${timeoutMs} }`,
          '',
        ].join('\n');
    }

    /**
     * A stand-in `az` on PATH (a real shell script): `state` is `in` (prints the token, or with
     * `-o json`/`--output json` the JSON form), `out` (exits 1 as the Azure CLI does when signed
     * out) or `hang` (starts a `sleep` and waits, writing both pids). Every call is logged.
     */
    function standInAz(setup: Setup, state: 'in' | 'out' | 'hang'): { token: string; log: string; pids: string; expiresOn: number } {
      const dir = tempDir('cx-az-');
      const token = secretValue('entra-token');
      const log = join(dir, 'calls.log');
      const pids = join(dir, 'pids');
      const expiresOn = Math.floor(Date.now() / 1000) + 3600;
      const script = [
        '#!/bin/sh',
        `printf '%s\\n' "$*" >> ${log}`,
        `case ${state} in`,
        '  out) echo "ERROR: Please run \'az login\' to setup account." >&2; exit 1 ;;',
        `  hang) sleep 30 & echo "$$ $!" > ${pids}; wait; exit 0 ;;`,
        'esac',
        'case " $* " in',
        `  *" -o json "*|*" --output json "*) printf '{"accessToken": "%s", "expiresOn": "2030-01-01 00:00:00.000000", "expires_on": ${expiresOn}, "tokenType": "Bearer"}\\n' '${token}' ;;`,
        `  *) printf '%s\\n' '${token}' ;;`,
        'esac',
        '',
      ].join('\n');
      writeFileSync(join(dir, 'az'), script, { mode: 0o755 });
      setup.env['PATH'] = `${dir}${delimiter}${setup.env['PATH'] ?? ''}`;
      return { token, log, pids, expiresOn };
    }

    function calls(log: string): string[] {
      return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((line) => line !== '') : [];
    }

    it.skipIf(!BUS)('signed in: explain names the token command and its expiry; the token reaches the far side as Bearer; cx ran it once, and never shows it', { timeout: TEST_TIMEOUT }, async () => {
      const setup = await setUp(codex, entraProvider(5000));
      const az = standInAz(setup, 'in');
      const plan = await explain(setup);
      const [credential] = plan.credentials;
      expect(credential).toMatchObject({ name: 'token command az (Entra ID)', source: 'token-command', delivery: 'codex-auth-command' });
      expect(credential?.expires).toBe(new Date(az.expiresOn * 1000).toISOString());
      // explain ran the JSON form (for the expiry), once.
      expect(calls(az.log)).toEqual(['account get-access-token --resource https://cognitiveservices.azure.com --output json']);
      const text = await cx(['explain', ...EXEC], setup);
      const expiry = `token command az (Entra ID), expires at ${new Date(az.expiresOn * 1000).toISOString()}`;
      // explain's short form wraps at 100 columns: compared with the wrapping undone.
      expect(text.stdout.replace(/\s+/g, ' ')).toContain(`secrets ${expiry}; codex runs the command itself (cx ran it once to check)`);
      // doctor, in the same words.
      const doctor = await cx(['doctor', '--json', '--cx-only'], setup);
      const checks = (JSON.parse(doctor.stdout) as { checks: Record<string, { status: string; summary: string }> }).checks;
      expect(checks['cx.credentials']).toMatchObject({ status: 'ok', summary: `provider azure-entra: ${expiry}; codex runs the command itself (cx ran it once to check)` });
      for (const out of [text, doctor]) expect(`${out.stdout}${out.stderr}`).not.toContain(az.token);
      const inspections = calls(az.log).length;

      const result = await cx(EXEC, setup);
      expect(result.exitCode, diagnose(result)).toBe(0);
      const turns = setup.standIn.turns();
      expect(turns.map((t) => t.path)).toEqual(['/openai/responses?api-version=2025-04-01-preview']);
      expect(turns[0]?.headers['authorization']).toBe(`Bearer ${az.token}`);
      // cx's check (the command as configured) came before codex's own run of it.
      const launchCalls = calls(az.log).slice(inspections);
      expect(launchCalls.length).toBeGreaterThanOrEqual(2);
      for (const call of launchCalls) expect(call).toBe('account get-access-token --resource https://cognitiveservices.azure.com --query accessToken -o tsv');
      expect(`${result.stdout}${result.stderr}`).not.toContain(az.token);
      for (const dir of [setup.env['HOME'] as string, setup.codexHome]) expect(filesContaining(dir, az.token)).toEqual([]);
    });

    it.skipIf(!BUS)('signed out (`az` exits 1, "Please run \'az login\'"): refused with 69 and `az login` before codex starts; no request', { timeout: TEST_TIMEOUT }, async () => {
      const setup = await setUp(codex, entraProvider(5000));
      const az = standInAz(setup, 'out');
      const result = await cx(EXEC, setup);
      expect(result.exitCode, diagnose(result)).toBe(BLOCKED);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('az login');
      expect(cxLines(result.stderr)).toHaveLength(result.stderr.split('\n').length);
      expect(setup.standIn.requests).toEqual([]);
      // Only cx's run: codex never started (it would have run the command again).
      expect(calls(az.log)).toHaveLength(1);
      const plan = await cx(['explain', '--json', ...EXEC], setup);
      const explained = JSON.parse(plan.stdout) as Explained & { launch: boolean };
      expect(explained.launch).toBe(false);
      expect(explained.findings.find((f) => f.code === 'token-command-failed')).toMatchObject({ level: 'error' });
    });

    it.skipIf(!BUS)('a token command that hangs: stopped within its bound (its whole process group), refused with 69, no request', { timeout: TEST_TIMEOUT }, async () => {
      const setup = await setUp(codex, entraProvider(1000));
      const az = standInAz(setup, 'hang');
      const started = Date.now();
      const result = await cx(EXEC, setup);
      const took = Date.now() - started;
      expect(result.exitCode, diagnose(result)).toBe(BLOCKED);
      expect(result.stderr).toContain('did not finish within 1000 ms');
      expect(took).toBeLessThan(6_000);
      expect(setup.standIn.requests).toEqual([]);
      // The script and the `sleep` it started are both gone.
      const pids = readFileSync(az.pids, 'utf8').trim().split(' ').map(Number);
      expect(pids).toHaveLength(2);
      for (const pid of pids) expect(alive(pid), `pid ${pid}`).toBe(false);
    });
  });

  it.skipIf(!BUS)('$CODEX_HOME/.env disagrees with the environment: one warning line (no value), and codex uses the .env value', { timeout: TEST_TIMEOUT }, async () => {
    const name = unique('DOTENV_API_KEY');
    const [inEnv, inFile] = [secretValue('env'), secretValue('dotenv')];
    const setup = await setUp(codex, customProvider(name), {}, { [name]: inEnv });
    const envFile = join(setup.codexHome, '.env');
    writeFileSync(envFile, `${name}=${inFile}\n`, { mode: 0o600 });

    const result = await cx(EXEC, setup);
    expect(result.exitCode, diagnose(result)).toBe(0);
    const warnings = cxLines(result.stderr);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^cx: warning: /);
    expect(warnings[0]).toContain(envFile);
    expect(warnings[0]).toContain(name);
    for (const value of [inEnv, inFile]) expect(`${result.stdout}${result.stderr}`).not.toContain(value);
    // What codex did: the file's value won.
    expect(setup.standIn.turns()[0]?.headers['authorization']).toBe(`Bearer ${inFile}`);
  });
});

/** Files under `dir` (recursively) whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const found: string[] = [];
  const walk = (path: string): void => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat === undefined) return;
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) walk(join(path, entry));
    } else if (stat.isFile() && readFileSync(path).includes(needle)) {
      found.push(path);
    }
  };
  walk(dir);
  return found;
}

/** Whether a process is still running (a zombie counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = readFileSync(`/proc/${pid}/stat`, { encoding: 'utf8', flag: 'r' });
  return !/^\d+ \(.*\) Z/.test(stat);
}
