// `cx init` writes profiles the REAL codex accepts (each end of the supported range): for each
// provider kind, the file init wrote is used by `cx +NAME exec …` for one real turn against a
// loopback stand-in, and what is asserted is what arrived there — the model, the path and query,
// and the Authorization header (the key, or the Entra token a stand-in `az` printed). Sentinel
// secrets are searched for in every output and in the file written.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CodexUnderTest, codexRange, launcherBinDir } from '../helpers/codex-range.ts';
import { type CxResult, cleanEnv, runCx, tempDir } from '../helpers/cx-process.ts';
import { SYSTEM_PATH, writeScript } from '../helpers/fake-codex.ts';
import { type Front, type RecordedRequest, type ResponsesStandIn, startResponsesStandIn, startWebSocketRefusingFront } from '../helpers/responses-stand-in.ts';

const EXEC = ['exec', '--skip-git-repo-check', '--disable', 'unbounded_connection_retries', 'say hi'];
const TIMEOUT = 40_000;
const RUN = { timeoutMs: 15_000 };

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function secret(what: string): string {
  return `${what}-${randomBytes(12).toString('hex')}`;
}

interface Setup {
  standIn: ResponsesStandIn;
  env: Record<string, string>;
  home: string;
  cwd: string;
  bin: string;
}

async function setUp(codex: CodexUnderTest): Promise<Setup> {
  const standIn = await startResponsesStandIn();
  closers.push(() => standIn.close());
  const bin = tempDir('cx-init-bin-');
  const env = cleanEnv({ PATH: [bin, launcherBinDir(codex), SYSTEM_PATH].join(delimiter) });
  const home = join(env['HOME'] as string, 'codex-home');
  mkdirSync(home);
  writeFileSync(join(home, 'config.toml'), '[analytics]\nenabled = false\n');
  return { standIn, env: { ...env, CODEX_HOME: home }, home, cwd: tempDir('cx-init-cwd-'), bin };
}

async function front(standIn: ResponsesStandIn): Promise<string> {
  const f: Front = await startWebSocketRefusingFront(standIn);
  closers.push(() => f.close());
  return f.url;
}

function diagnose(result: CxResult): string {
  return `exit ${String(result.exitCode)}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
}

/** `cx init ARGS --no-doctor`; checks it wrote NAME.config.toml (0600) and returns its text. */
async function init(s: Setup, name: string, args: string[], secrets: string[]): Promise<string> {
  const result = await runCx(['init', name, ...args, '--no-doctor'], { env: s.env, cwd: s.cwd });
  expect(result.exitCode, diagnose(result)).toBe(0);
  const path = join(s.home, `${name}.config.toml`);
  expect(statSync(path).mode & 0o777).toBe(0o600);
  const text = readFileSync(path, 'utf8');
  for (const value of secrets) for (const out of [result.stdout, result.stderr, text]) expect(out).not.toContain(value);
  return text;
}

/** One turn through cx with the profile; returns the request the stand-in got. */
async function turn(s: Setup, name: string, env: Record<string, string>, secrets: string[], overrides: string[] = []): Promise<RecordedRequest> {
  const result = await runCx([`+${name}`, ...overrides, ...EXEC], { env: { ...s.env, ...env }, cwd: s.cwd, ...RUN });
  expect(result.exitCode, diagnose(result)).toBe(0);
  for (const value of secrets) expect(`${result.stdout}\n${result.stderr}`).not.toContain(value);
  const turns = s.standIn.turns();
  expect(turns, diagnose(result)).toHaveLength(1);
  return turns[0] as RecordedRequest;
}

function model(request: RecordedRequest): unknown {
  return (request.body as { model?: unknown } | null)?.model;
}

describe.each(codexRange())('cx init: the real codex $version ($end) accepts what it writes', (codex) => {
  it('openai with an API key: the key arrives as Bearer, the model as written', { timeout: TIMEOUT }, async () => {
    const s = await setUp(codex);
    const key = secret('openai-key');
    await init(s, 'work', ['--provider', 'openai', '--model', 'gpt-init-test'], [key]);
    const url = await front(s.standIn);
    const request = await turn(s, 'work', { OPENAI_API_KEY: key }, [key], ['-c', `openai_base_url="${url}/v1"`]);
    expect(request.headers['authorization']).toBe(`Bearer ${key}`);
    expect(model(request)).toBe('gpt-init-test');
  });

  it('azure with a key: POST {base_url}/responses?api-version=…, the deployment as model, the key as Bearer', { timeout: TIMEOUT }, async () => {
    const s = await setUp(codex);
    const key = secret('azure-key');
    const text = await init(s, 'azure', ['--provider', 'azure', '--base-url', `${s.standIn.url}/openai`, '--model', 'my-deployment', '--api-version', '2025-04-01-preview'], [key]);
    expect(text).toContain('env_key = "AZURE_OPENAI_API_KEY"');
    const request = await turn(s, 'azure', { AZURE_OPENAI_API_KEY: key }, [key]);
    expect(request.path).toBe('/openai/responses?api-version=2025-04-01-preview');
    expect(request.headers['authorization']).toBe(`Bearer ${key}`);
    expect(model(request)).toBe('my-deployment');
  });

  it('azure --entra: the token a stand-in `az` prints arrives as Bearer; az was asked for the Cognitive Services resource', { timeout: TIMEOUT }, async () => {
    const s = await setUp(codex);
    const token = secret('entra-token');
    const asked = join(s.bin, 'az-args');
    // As the real az: `--output json` (what cx's status/explain run for the expiry) prints the JSON form.
    writeScript(
      join(s.bin, 'az'),
      `case " $* " in *" --output json "*) printf '{"accessToken": "%s", "expires_on": %s}\\n' '${token}' "$(( $(date +%s) + 3600 ))"; exit 0;; esac\nprintf '%s\\n' "$@" > '${asked}'\nprintf '%s\\n' '${token}'\n`,
    );
    const text = await init(s, 'entra', ['--provider', 'azure', '--entra', '--base-url', `${s.standIn.url}/openai`, '--model', 'my-deployment'], [token]);
    expect(text).not.toContain('env_key');
    const request = await turn(s, 'entra', {}, [token]);
    expect(request.headers['authorization']).toBe(`Bearer ${token}`);
    expect(request.path.startsWith('/openai/responses?api-version=')).toBe(true);
    expect(readFileSync(asked, 'utf8').trim().split('\n')).toEqual(['account', 'get-access-token', '--resource', 'https://cognitiveservices.azure.com', '--query', 'accessToken', '-o', 'tsv']);
    const status = await runCx(['status', '+entra'], { env: s.env, cwd: s.cwd });
    expect(status.stdout.split('\n')[1]).toMatch(/^credentials ready: token command az \(Entra ID\), expires at \d{4}-\d\d-\d\dT[0-9:.]+Z$/);
    expect(status.stdout).not.toContain(token);
  });

  it('amazon-bedrock: the region as written; a bearer token arrives as Bearer, the Bedrock model id as model', { timeout: TIMEOUT }, async () => {
    const s = await setUp(codex);
    const token = secret('bedrock-token');
    const text = await init(s, 'bedrock', ['--provider', 'amazon-bedrock', '--region', 'us-east-1', '--model', 'openai.gpt-oss-120b'], [token]);
    expect(text).toContain('[model_providers.amazon-bedrock.aws]\nregion = "us-east-1"');
    // Only the endpoint is moved to the stand-in (codex-facts.md: loopback testing of Bedrock).
    const request = await turn(s, 'bedrock', { AWS_BEARER_TOKEN_BEDROCK: token }, [token], ['-c', `model_providers.amazon-bedrock.base_url="${s.standIn.url}/openai/v1"`]);
    expect(request.headers['authorization']).toBe(`Bearer ${token}`);
    expect(model(request)).toBe('openai.gpt-oss-120b');
  });

  it('a new provider at a base_url: its env_key as Bearer, requests to {base_url}/responses', { timeout: TIMEOUT }, async () => {
    const s = await setUp(codex);
    const key = secret('gateway-key');
    const text = await init(s, 'gw', ['--provider', 'litellm', '--base-url', `${s.standIn.url}/v1`, '--model', 'gateway-model', '--env-key', 'GATEWAY_KEY'], [key]);
    expect(text).toContain('env_key = "GATEWAY_KEY"');
    const request = await turn(s, 'gw', { GATEWAY_KEY: key }, [key]);
    expect(request.path).toBe('/v1/responses');
    expect(request.headers['authorization']).toBe(`Bearer ${key}`);
    expect(model(request)).toBe('gateway-model');
  });
});

describe('cx init, non-interactively', () => {
  it('--json prints what was written, schemaVersion first; an existing profile is never overwritten (73)', { timeout: TIMEOUT }, async () => {
    const s = await setUp(codexRange().at(-1) as CodexUnderTest);
    const result = await runCx(['init', 'work', '--provider', 'openai', '--json'], { env: s.env, cwd: s.cwd });
    expect(result.exitCode, diagnose(result)).toBe(0);
    const written = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(written)[0]).toBe('schemaVersion');
    expect(written).toMatchObject({ schemaVersion: 1, path: join(s.home, 'work.config.toml'), profile: 'work', provider: 'openai', model: null });
    const before = readFileSync(join(s.home, 'work.config.toml'), 'utf8');
    const again = await runCx(['init', 'work', '--provider', 'azure', '--model', 'd', '--base-url', 'https://r.openai.azure.com/openai', '--no-doctor'], { env: s.env, cwd: s.cwd });
    expect(again.exitCode).toBe(73);
    expect(again.stderr).toContain('profile work exists already');
    expect(readFileSync(join(s.home, 'work.config.toml'), 'utf8')).toBe(before);
    // A legacy [profiles.NAME] table counts as existing too.
    writeFileSync(join(s.home, 'config.toml'), '[profiles.old]\nmodel = "m"\n');
    expect((await runCx(['init', 'old', '--provider', 'openai', '--no-doctor'], { env: s.env, cwd: s.cwd })).exitCode).toBe(73);
  });

  it('without a terminal nothing is asked: NAME and --provider are needed (64), and nothing is written', { timeout: TIMEOUT }, async () => {
    const s = await setUp(codexRange().at(-1) as CodexUnderTest);
    const none = await runCx(['init'], { env: s.env, cwd: s.cwd });
    expect(none.exitCode).toBe(64);
    expect(none.stderr).toContain('cx init needs a NAME when nobody is at a terminal to ask');
    const noProvider = await runCx(['init', 'x'], { env: s.env, cwd: s.cwd });
    expect(noProvider.exitCode).toBe(64);
    expect(noProvider.stderr).toContain('needs --provider');
    const typo = await runCx(['init', 'x', '--provider', 'amazon-bedrok'], { env: s.env, cwd: s.cwd });
    expect(typo.exitCode).toBe(64);
    expect(typo.stderr).toContain('did you mean amazon-bedrock?');
    expect(readFileSync(join(s.home, 'config.toml'), 'utf8')).toBe('[analytics]\nenabled = false\n');
    expect(() => statSync(join(s.home, 'x.config.toml'))).toThrow();
  });

  it('without CODEX_HOME: ~/.codex is made (0700) and the profile written there; a CODEX_HOME that does not exist is refused (78)', { timeout: TIMEOUT }, async () => {
    const s = await setUp(codexRange().at(-1) as CodexUnderTest);
    const { CODEX_HOME: _, ...env } = s.env;
    const result = await runCx(['init', 'first', '--provider', 'openai', '--no-doctor'], { env, cwd: s.cwd });
    expect(result.exitCode, diagnose(result)).toBe(0);
    const dir = join(env['HOME'] as string, '.codex');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(dir, 'first.config.toml'), 'utf8')).toContain('model_provider = "openai"');
    const missing = await runCx(['init', 'x', '--provider', 'openai', '--no-doctor'], { env: { ...env, CODEX_HOME: join(s.cwd, 'nope') }, cwd: s.cwd });
    expect(missing.exitCode).toBe(78);
    expect(missing.stderr).toContain('CODEX_HOME points to');
  });

  it('then runs cx doctor +NAME', { timeout: TIMEOUT }, async () => {
    const s = await setUp(codexRange().at(-1) as CodexUnderTest);
    const key = secret('doctor-key');
    const result = await runCx(['init', 'gw', '--provider', 'litellm', '--base-url', `${s.standIn.url}/v1`, '--model', 'm', '--env-key', 'GATEWAY_KEY'], { env: { ...s.env, GATEWAY_KEY: key, CX_DOCTOR_TIMEOUT_MS: '15000' }, cwd: s.cwd, timeoutMs: 30_000 });
    expect(result.exitCode, diagnose(result)).toBe(0);
    expect(result.stdout).toContain('cx doctor +gw:');
    expect(result.stdout).toContain('cx doctor: profile gw, selected by +gw');
    expect(`${result.stdout}${result.stderr}`).not.toContain(key);
  });
});
