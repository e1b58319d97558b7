// `cx status` and `cx status --prompt` as a user runs them (the built cx, the real codex for its
// version), and the pure deciding parts. A sentinel key is planted wherever a credential could be
// read from, and every output is searched for it.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsStandIn, startAwsStandIn } from '../helpers/aws-stand-in.ts';
import { type CxResult, NODE_MODULES_BIN, ROOT, cleanEnv, runCx, tempDir } from '../helpers/cx-process.ts';
import { SYSTEM_PATH, readIfExists, shQuote, writeScript } from '../helpers/fake-codex.ts';

const KEY = `status-sentinel-${randomBytes(12).toString('hex')}`;
const CODEX_VERSION = (JSON.parse(readFileSync(join(ROOT, 'node_modules', '@openai', 'codex', 'package.json'), 'utf8')) as { version: string }).version;

const AZURE = '[model_providers.azure]\nname = "Azure"\nbase_url = "https://example.openai.azure.com/openai"\nenv_key = "AZURE_OPENAI_API_KEY"\nwire_api = "responses"\n';

interface Setup {
  env: Record<string, string>;
  home: string;
  cwd: string;
}

function setup(extra: Record<string, string> = {}): Setup {
  const env = cleanEnv({ PATH: `${NODE_MODULES_BIN}:${SYSTEM_PATH}`, ...extra });
  const home = join(env['HOME'] as string, 'codex-home');
  mkdirSync(home);
  writeFileSync(join(home, 'config.toml'), '[analytics]\nenabled = false\n');
  writeFileSync(join(home, 'azure.config.toml'), `model_provider = "azure"\nmodel = "my-deployment"\n${AZURE}`);
  writeFileSync(join(home, 'bedrock.config.toml'), 'model_provider = "amazon-bedrock"\nmodel = "openai.gpt-oss-120b"\n[model_providers.amazon-bedrock.aws]\nregion = "eu-west-1"\nprofile = "dev"\n');
  return { env: { ...env, CODEX_HOME: home }, home, cwd: tempDir('cx-status-cwd-') };
}

function noSecret(...results: CxResult[]): void {
  for (const r of results) {
    expect(r.stdout).not.toContain(KEY);
    expect(r.stderr).not.toContain(KEY);
  }
}

let aws: AwsStandIn;
beforeAll(async () => {
  aws = await startAwsStandIn();
});
afterAll(async () => {
  await aws.close();
});

/** An SSO login for AWS profile dev whose cached token expires `inMs` from now (the portal stand-in accepts it while valid). */
function ssoLogin(s: Setup, inMs: number): Record<string, string> {
  const home = s.env['HOME'] as string;
  mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
  writeFileSync(join(home, '.aws', 'config'), '[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n');
  const token = { startUrl: 'https://corp.awsapps.com/start', region: 'us-east-1', accessToken: KEY, expiresAt: new Date(Date.now() + inMs).toISOString() };
  writeFileSync(join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update('corp').digest('hex')}.json`), JSON.stringify(token));
  if (inMs > 0) aws.ssoAccessTokens.add(KEY);
  return { ...aws.endpointEnv(), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', AWS_CONFIG_FILE: join(home, '.aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'), AWS_EC2_METADATA_DISABLED: 'true' };
}

describe('cx status', () => {
  it('three lines: the profile and what selected it, the credentials found (never the value), codex and its version', async () => {
    const s = setup();
    const env = { ...s.env, CX_PROFILE: 'azure', AZURE_OPENAI_API_KEY: KEY };
    const result = await runCx(['status'], { env, cwd: s.cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('profile azure (from environment variable CX_PROFILE): azure, model my-deployment');
    expect(lines[1]).toBe('credentials ready: AZURE_OPENAI_API_KEY from environment (AZURE_OPENAI_API_KEY)');
    expect(lines[2]).toMatch(new RegExp(`^codex ${CODEX_VERSION.replaceAll('.', '\\.')} at /`));
    noSecret(result);
  });

  it('--json: one object, schemaVersion first; a missing key is not ready, with its fix, and the exit is the launch’s (69)', async () => {
    const s = setup();
    const result = await runCx(['status', '+azure', '--json'], { env: s.env, cwd: s.cwd });
    expect(result.exitCode).toBe(69);
    const report = JSON.parse(result.stdout) as Record<string, unknown> & { credentials: { ready: boolean; problems: { message: string; fix: string }[] }; codex: { version: string } };
    expect(Object.keys(report)[0]).toBe('schemaVersion');
    expect(report['schemaVersion']).toBe(1);
    expect(report['profile']).toMatchObject({ name: 'azure', source: 'plus' });
    expect(report['provider']).toMatchObject({ id: 'azure' });
    expect(report['model']).toBe('my-deployment');
    expect(report['launch']).toBe(false);
    expect(report.credentials.ready).toBe(false);
    expect(report.credentials.problems[0]?.message).toContain('AZURE_OPENAI_API_KEY');
    expect(report.credentials.problems[0]?.fix).toContain('cx secret set AZURE_OPENAI_API_KEY');
    expect(report.codex.version).toBe(CODEX_VERSION);
    const text = await runCx(['status', '+azure'], { env: s.env, cwd: s.cwd });
    expect(text.stdout.split('\n')[1]).toMatch(/^credentials NOT ready: AZURE_OPENAI_API_KEY .*\(fix: store it with `cx secret set AZURE_OPENAI_API_KEY`/);
  });

  it('the key in $CODEX_HOME/.env counts, and its value is never printed', async () => {
    const s = setup();
    writeFileSync(join(s.home, '.env'), `AZURE_OPENAI_API_KEY=${KEY}\n`, { mode: 0o600 });
    const result = await runCx(['status', '+azure'], { env: s.env, cwd: s.cwd });
    expect(result.stdout.split('\n')[1]).toBe(`credentials ready: AZURE_OPENAI_API_KEY from $CODEX_HOME/.env (${join(s.home, '.env')})`);
    const prompt = await runCx(['status', '--prompt', '+azure'], { env: s.env, cwd: s.cwd });
    expect(prompt.stdout).toBe('azure');
    noSecret(result, prompt);
  });

  it('an expired SSO login: NOT ready with `aws sso login --profile dev` (nothing renewed), and the prompt marks it', async () => {
    const s = setup();
    const env = { ...s.env, ...ssoLogin(s, -3_600_000) };
    const result = await runCx(['status', '+bedrock'], { env, cwd: s.cwd });
    expect(result.exitCode).toBe(69);
    expect(result.stdout.split('\n')[0]).toBe('profile bedrock (from +bedrock): amazon-bedrock, model openai.gpt-oss-120b, region eu-west-1');
    expect(result.stdout.split('\n')[1]).toMatch(/^credentials NOT ready: .*aws sso login --profile dev/);
    const prompt = await runCx(['status', '--prompt', '+bedrock'], { env, cwd: s.cwd });
    expect(prompt.stdout).toBe('bedrock!');
    // A valid login: no mark.
    const valid = await runCx(['status', '--prompt', '+bedrock'], { env: { ...s.env, ...ssoLogin(s, 8 * 3_600_000) }, cwd: s.cwd });
    expect(valid.stdout).toBe('bedrock');
    noSecret(result, prompt, valid);
  });

  it('no codex found: credentials are not looked up (not "ready"), and the exit is the launch’s (127)', async () => {
    const s = setup({ PATH: SYSTEM_PATH });
    const result = await runCx(['status', '+azure', '--json'], { env: s.env, cwd: s.cwd });
    expect(result.exitCode).toBe(127);
    const report = JSON.parse(result.stdout) as { credentials: { ready: unknown }; codex: { bin: unknown } };
    expect(report.credentials.ready).toBeNull();
    expect(report.codex.bin).toBeNull();
    const text = await runCx(['status', '+azure'], { env: s.env, cwd: s.cwd });
    expect(text.stdout.split('\n').slice(1)).toEqual(['credentials not looked up: cx would not launch here (exit 127)', 'codex not found; cx would not launch here (exit 127; `cx explain` says why)']);
  });

  it('a valid SSO login: ready, with the session and when it expires', async () => {
    const s = setup();
    const result = await runCx(['status', '+bedrock', '--json'], { env: { ...s.env, ...ssoLogin(s, 8 * 3_600_000) }, cwd: s.cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { credentials: { ready: boolean; sso: { status: string; summary: string; expiresAt: string } } };
    expect(report.credentials.ready).toBe(true);
    expect(report.credentials.sso.status).toBe('ok');
    expect(report.credentials.sso.summary).toMatch(/^SSO session corp of AWS profile dev: signed in until /);
    expect(Date.parse(report.credentials.sso.expiresAt) - Date.now()).toBeGreaterThan(7 * 3_600_000);
    const text = await runCx(['status', '+bedrock'], { env: { ...s.env, ...ssoLogin(s, 8 * 3_600_000) }, cwd: s.cwd });
    expect(text.stdout.split('\n')[1]).toMatch(/^credentials ready: aws profile dev from SSO session corp \(AWS profile dev\), token expires at \d{4}-\d\d-\d\dT[0-9:.]+Z$/);
    noSecret(result, text);
  });

  it('openai with a ChatGPT login (codex’s auth.json): ready, and the prompt has no mark', async () => {
    const s = setup();
    writeFileSync(join(s.home, 'auth.json'), JSON.stringify({ tokens: { access_token: KEY } }), { mode: 0o600 });
    const result = await runCx(['status'], { env: s.env, cwd: s.cwd });
    expect(result.stdout.split('\n').slice(0, 2)).toEqual(["no profile (codex's own config): openai, model codex's default", 'credentials ready: ChatGPT login']);
    expect((await runCx(['status', '--prompt'], { env: s.env, cwd: s.cwd })).stdout).toBe('-');
    noSecret(result);
  });

  it('the profile a trusted .cxrc selects, and why', async () => {
    const s = setup({});
    writeFileSync(join(s.cwd, '.cxrc'), 'azure\n');
    expect((await runCx(['trust'], { env: s.env, cwd: s.cwd })).exitCode).toBe(0);
    const result = await runCx(['status'], { env: { ...s.env, AZURE_OPENAI_API_KEY: KEY }, cwd: s.cwd });
    expect(result.stdout.split('\n')[0]).toBe(`profile azure (from ${join(s.cwd, '.cxrc')}:1): azure, model my-deployment`);
    expect((await runCx(['status', '--prompt'], { env: s.env, cwd: s.cwd })).stdout).toBe('azure!');
  });

  it('bad arguments: 64 with the usage; a profile that does not exist: 78, as a launch', async () => {
    const s = setup();
    const bad = await runCx(['status', '--frobnicate'], { env: s.env, cwd: s.cwd });
    expect(bad.exitCode).toBe(64);
    expect(bad.stderr).toContain('unknown argument: --frobnicate');
    const secretLike = await runCx(['status', `--${KEY}`], { env: s.env, cwd: s.cwd });
    expect(secretLike.exitCode).toBe(64);
    noSecret(secretLike);
    const missing = await runCx(['status', '+nope'], { env: s.env, cwd: s.cwd });
    expect(missing.exitCode).toBe(78);
    // The prompt never fails: it marks what it cannot tell with `?` and exits 0.
    const prompt = await runCx(['status', '--prompt', '+nope'], { env: s.env, cwd: s.cwd });
    expect(prompt.exitCode).toBe(0);
    expect(prompt.stdout).toBe('nope?');
    writeFileSync(join(s.home, 'config.toml'), 'model = [broken\n');
    const broken = await runCx(['status', '--prompt', '+azure'], { env: s.env, cwd: s.cwd });
    expect([broken.exitCode, broken.stdout, broken.stderr]).toEqual([0, '?', '']);
  });

  it('--prompt starts no codex and loads neither keytar nor the AWS SDK, even with a keyring in use and an SSO profile', async () => {
    const s = setup();
    const dir = tempDir('cx-status-prompt-');
    const ran = join(dir, 'codex-ran');
    const codex = writeScript(join(dir, 'codex'), `echo ran > ${shQuote(ran)}\necho "codex-cli 0.0.1"\n`);
    // Records what the process loaded, as it exits.
    const loaded = join(dir, 'loaded.json');
    const hook = join(dir, 'hook.cjs');
    writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loaded)}, JSON.stringify({ files: Object.keys(require.cache), builtins: process.moduleLoadList })));\n`);
    // cx secret set leaves this marker: the keyring is in use here.
    mkdirSync(join(s.env['XDG_STATE_HOME'] as string, 'cx'), { recursive: true });
    writeFileSync(join(s.env['XDG_STATE_HOME'] as string, 'cx', 'keyring-in-use'), '');
    const env = { ...s.env, ...ssoLogin(s, 3_600_000), CX_CODEX_BIN: codex, NODE_OPTIONS: `--require ${hook}` };
    for (const profile of ['+bedrock', '+azure']) {
      const result = await runCx(['status', '--prompt', profile], { env, cwd: s.cwd });
      expect(result.exitCode).toBe(0);
      const seen = JSON.parse(readFileSync(loaded, 'utf8')) as { files: string[]; builtins: string[] };
      expect(seen.files.filter((f) => /keytar|@aws-sdk|@smithy|yargs|execa/.test(f))).toEqual([]);
      expect(seen.builtins.filter((b) => /child_process/.test(b))).toEqual([]);
    }
    expect(readIfExists(ran)).toBeUndefined();
    // The control: the full status runs that codex, and the hook sees what it loads.
    await runCx(['status', '+bedrock'], { env, cwd: s.cwd });
    expect(readIfExists(ran)).toBe('ran\n');
    const full = JSON.parse(readFileSync(loaded, 'utf8')) as { files: string[]; builtins: string[] };
    expect(full.files.some((f) => f.includes('@aws-sdk'))).toBe(true);
    expect(full.builtins.some((b) => b.includes('child_process'))).toBe(true);
  });
});
