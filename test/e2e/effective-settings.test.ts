// Effective settings are codex's (product.md, "Rules added after the first release"): for each way
// the arguments, `$CODEX_HOME/.env` or codex's project layer change what a run uses, `cx explain
// --json` and the real codex (pinned) must agree. Each case asks explain, then runs the same
// command line through cx and the real codex against a loopback Responses stand-in, and compares
// what the stand-in received (which provider's path, the model, the reasoning effort, whether the
// web search tool was sent, the SigV4 region) with what explain said.
import { randomUUID } from 'node:crypto';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tomlString } from '../helpers/codex-home.ts';
import { NODE_MODULES_BIN, cleanEnv, runCx, tempDir } from '../helpers/cx-process.ts';
import { type RecordedRequest, type ResponsesStandIn, startResponsesStandIn } from '../helpers/responses-stand-in.ts';

const EXEC = ['exec', '--skip-git-repo-check', '--disable', 'unbounded_connection_retries'];
const RUN_TIMEOUT = 15_000;
const TEST_TIMEOUT = 40_000;
const PREFIX: Readonly<Record<string, string>> = { pa: '/a/v1', pb: '/b/v1', 'amazon-bedrock': '/bedrock/v1', openai: '/openai/v1' };

const standIns: ResponsesStandIn[] = [];
afterEach(async () => {
  await Promise.all(standIns.splice(0).map((standIn) => standIn.close()));
});

function provider(id: string, url: string, keyVar: string): string[] {
  return [`[model_providers.${id}]`, `name = "${id}"`, `base_url = ${tomlString(`${url}${PREFIX[id] ?? ''}`)}`, `env_key = "${keyVar}"`, 'wire_api = "responses"', 'request_max_retries = 0', 'stream_max_retries = 0', ''];
}

interface World {
  standIn: ResponsesStandIn;
  root: string;
  codexHome: string;
  env: Record<string, string>;
}

/** config.toml: provider pa (base model), pb, Bedrock on loopback; `extra` appended (projects). */
async function world(extra: (root: string) => string = () => ''): Promise<World> {
  const standIn = await startResponsesStandIn({ answer: `answer ${randomUUID()}` });
  standIns.push(standIn);
  const root = realpathSync(tempDir('cx-effective-'));
  const codexHome = join(root, 'codex-home');
  mkdirSync(codexHome);
  writeFileSync(
    join(codexHome, 'config.toml'),
    [
      'model_provider = "pa"',
      'model = "base-model"',
      '[analytics]',
      'enabled = false',
      ...provider('pa', standIn.url, 'KA'),
      ...provider('pb', standIn.url, 'KB'),
      '[model_providers.amazon-bedrock]',
      `base_url = ${tomlString(`${standIn.url}${PREFIX['amazon-bedrock'] ?? ''}`)}`,
      extra(root),
    ].join('\n'),
  );
  writeFileSync(join(codexHome, 'bedrock.config.toml'), 'model_provider = "amazon-bedrock"\nmodel = "openai.gpt-oss-120b"\n');
  const env = cleanEnv({
    PATH: `${NODE_MODULES_BIN}${delimiter}${process.env['PATH'] ?? '/usr/bin:/bin'}`,
    CODEX_HOME: codexHome,
    KA: 'key-a',
    KB: 'key-b',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  return { standIn, root, codexHome, env };
}

interface Said {
  provider: string;
  model: string | null;
  region: string | null;
  reasoningEffort: string | null;
  webSearch: string;
  /** Whether cx itself turns web search off for the run (a provider without it: `-c web_search="disabled"`). */
  cxDisablesWebSearch: boolean;
}

async function explainOf(w: World, args: readonly string[], cwd: string, env: Record<string, string>): Promise<Said> {
  const result = await runCx(['explain', '--json', ...args], { env: { ...w.env, ...env }, cwd, timeoutMs: RUN_TIMEOUT });
  expect(result.exitCode, result.stderr).toBe(0);
  const json = JSON.parse(result.stdout) as { provider: { id: string; region: string | null }; model: string | null; settings: { reasoningEffort: string | null; webSearch: string }; command: { args: string[] } };
  return {
    provider: json.provider.id,
    model: json.model,
    region: json.provider.region,
    reasoningEffort: json.settings.reasoningEffort,
    webSearch: json.settings.webSearch,
    cxDisablesWebSearch: json.command.args.includes('web_search="disabled"'),
  };
}

function body(request: RecordedRequest | undefined): Record<string, unknown> {
  const value = request?.body;
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function sentWebSearch(request: RecordedRequest | undefined): boolean {
  return JSON.stringify(body(request)['tools'] ?? []).includes('"web_search');
}

/** Runs the line through cx and the real codex; returns the one turn the stand-in received. */
async function turnOf(w: World, args: readonly string[], cwd: string, env: Record<string, string>): Promise<RecordedRequest> {
  const result = await runCx([...args], { env: { ...w.env, ...env }, cwd, timeoutMs: RUN_TIMEOUT });
  expect(result.exitCode, result.stderr).toBe(0);
  const turns = w.standIn.turns();
  expect(turns).toHaveLength(1);
  return turns[0] as RecordedRequest;
}

/** explain said it; codex did it. */
async function agree(w: World, args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<Said> {
  const said = await explainOf(w, args, cwd, env);
  const turn = await turnOf(w, args, cwd, env);
  expect(turn.path.split('?')[0]).toBe(`${PREFIX[said.provider] ?? '?'}/responses`);
  expect(body(turn)['model']).toBe(said.model);
  const reasoning = body(turn)['reasoning'] as { effort?: string } | undefined;
  if (said.reasoningEffort !== null) expect(reasoning?.effort).toBe(said.reasoningEffort);
  expect(sentWebSearch(turn)).toBe(said.webSearch !== 'disabled' && !said.cxDisablesWebSearch);
  if (said.region !== null && said.provider === 'amazon-bedrock') {
    // SigV4: the region is in the credential scope of the Authorization header.
    expect(String(turn.headers['authorization'])).toContain(`/${said.region}/`);
  }
  return said;
}

/** A git project at root/proj with .codex/config.toml layers; trusted entries go into config.toml. */
function project(root: string, layers: Record<string, string>): string {
  const proj = join(root, 'proj');
  mkdirSync(join(proj, '.git'), { recursive: true });
  writeFileSync(join(proj, '.git', 'HEAD'), 'ref: refs/heads/main\n'); // an empty .git is no repository to codex
  for (const [rel, text] of Object.entries(layers)) {
    mkdirSync(join(proj, rel, '.codex'), { recursive: true });
    writeFileSync(join(proj, rel, '.codex', 'config.toml'), text);
  }
  mkdirSync(join(proj, 'sub', 'deeper'), { recursive: true });
  return proj;
}

const trusted = (...dirs: string[]): string => dirs.map((dir) => `[projects.${tomlString(dir)}]\ntrust_level = "trusted"\n`).join('');

describe('cx explain and the real codex agree on the effective settings', () => {
  it.each([
    ['a -c key with a leading U+0085 (codex trims Unicode White_Space)', ['-c', '\u0085model_provider="pb"'], 'pb'],
    ['a -c key with a leading no-break space', ['-c', '\u00a0model_provider="pb"'], 'pb'],
    ['a -c key with a leading U+FEFF (not White_Space: codex keeps it, so the key is another)', ['-c', '\ufeffmodel_provider="pb"'], 'pa'],
    ['a -c value with a leading space (not TOML: trimmed)', ['-c', 'model_provider= pb'], 'pb'],
    ['a -c value with an unbalanced quote (quotes stripped)', ['-c', 'model_provider="pb'], 'pb'],
  ])('%s', async (_label, extra, expected) => {
    const w = await world();
    const said = await agree(w, [...EXEC, ...extra, 'hi'], w.root);
    expect(said.provider).toBe(expected);
  }, TEST_TIMEOUT);

  it('-C into a codex-trusted project: its .codex/config.toml sets model, effort and web search', async () => {
    const w = await world((root) => trusted(join(root, 'proj')));
    project(w.root, { '.': 'model = "project-model"\nmodel_reasoning_effort = "high"\nweb_search = "disabled"\n' });
    mkdirSync(join(w.root, 'elsewhere'));
    const said = await agree(w, ['-C', '../proj', ...EXEC, 'hi'], join(w.root, 'elsewhere'));
    expect(said).toMatchObject({ provider: 'pa', model: 'project-model', reasoningEffort: 'high', webSearch: 'disabled' });
  }, TEST_TIMEOUT);

  it('exec --cd=DIR deep in a trusted project: every layer from the root down, nearer wins', async () => {
    const w = await world((root) => trusted(join(root, 'proj')));
    project(w.root, { '.': 'model = "project-model"\nmodel_reasoning_effort = "high"\n', sub: 'model = "sub-model"\n' });
    const said = await agree(w, [...EXEC, '--cd=proj/sub/deeper', 'hi'], w.root);
    expect(said).toMatchObject({ model: 'sub-model', reasoningEffort: 'high' });
  }, TEST_TIMEOUT);

  it('a project layer cannot change the provider or its base_url', async () => {
    const w = await world((root) => trusted(join(root, 'proj')));
    const proj = project(w.root, { '.': `model = "project-model"\nmodel_provider = "pb"\nopenai_base_url = "http://127.0.0.1:9/x"\n[model_providers.pa]\nbase_url = "http://127.0.0.1:9/evil"\n` });
    const said = await agree(w, [...EXEC, 'hi'], proj);
    expect(said).toMatchObject({ provider: 'pa', model: 'project-model' });
  }, TEST_TIMEOUT);

  it('an empty .git directory makes no git root: a trusted parent does not reach a subdirectory', async () => {
    const w = await world((root) => trusted(join(root, 'bare')));
    mkdirSync(join(w.root, 'bare', '.git'), { recursive: true });
    mkdirSync(join(w.root, 'bare', 'sub', '.codex'), { recursive: true });
    writeFileSync(join(w.root, 'bare', 'sub', '.codex', 'config.toml'), 'model = "sub-model"\n');
    expect((await agree(w, [...EXEC, 'hi'], join(w.root, 'bare', 'sub'))).model).toBe('base-model');
  }, TEST_TIMEOUT);

  it('a project codex does not trust adds nothing', async () => {
    const w = await world();
    const proj = project(w.root, { '.': 'model = "project-model"\n' });
    expect((await agree(w, [...EXEC, 'hi'], proj)).model).toBe('base-model');
  }, TEST_TIMEOUT);

  it('trust on a subdirectory only: its layer counts, the root one does not', async () => {
    const w = await world((root) => trusted(join(root, 'proj', 'sub')));
    const proj = project(w.root, { '.': 'model_reasoning_effort = "high"\n', sub: 'model = "sub-model"\n' });
    const said = await agree(w, [...EXEC, 'hi'], join(proj, 'sub', 'deeper'));
    expect(said).toMatchObject({ model: 'sub-model', reasoningEffort: null });
  }, TEST_TIMEOUT);

  it('outside git, a trusted parent project does not reach a subdirectory', async () => {
    const w = await world((root) => trusted(join(root, 'plain')));
    mkdirSync(join(w.root, 'plain', '.codex'), { recursive: true });
    mkdirSync(join(w.root, 'plain', 'a'));
    writeFileSync(join(w.root, 'plain', '.codex', 'config.toml'), 'model = "plain-model"\n');
    expect((await agree(w, [...EXEC, 'hi'], join(w.root, 'plain', 'a'))).model).toBe('base-model');
    expect((await explainOf(w, [...EXEC, 'hi'], join(w.root, 'plain'), {})).model).toBe('plain-model');
  }, TEST_TIMEOUT);

  it('exec --ignore-user-config: codex reads neither config.toml nor the profile, so the provider is openai', async () => {
    const w = await world();
    writeFileSync(join(w.codexHome, 'pb.config.toml'), 'model_provider = "pb"\nmodel = "pb-model"\n');
    const args = ['+pb', ...EXEC, '--ignore-user-config', '-c', `openai_base_url="${w.standIn.url}/openai/v1"`, '-m', 'flag-model', 'hi'];
    const said = await agree(w, args, w.root, { CODEX_API_KEY: 'key-openai' });
    expect(said).toMatchObject({ provider: 'openai', model: 'flag-model' });
  }, TEST_TIMEOUT);

  it('AWS_REGION in $CODEX_HOME/.env wins over the environment (SigV4 signs for it)', async () => {
    const w = await world();
    writeFileSync(join(w.codexHome, '.env'), 'AWS_REGION=us-east-1\n', { mode: 0o600 });
    const env = { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'test-secret' };
    const said = await agree(w, ['+bedrock', ...EXEC, 'hi'], w.root, env);
    expect(said).toMatchObject({ provider: 'amazon-bedrock', region: 'us-east-1' });
  }, TEST_TIMEOUT);
});
