// Profile selection (product.md, "Profile selection") proven through the real codex: every source
// cx reads — `+NAME`, CX_PROFILE, CODEX_PROFILE, a trusted .cxrc, cx's [[rules]], default_profile,
// legacy [profiles.NAME] tables — and the .cxrc [require] restrictions. What is asserted is what
// arrived at a loopback Responses stand-in: the request's `model`, and which of two providers
// codex sent it to (each has its own base_url path and its own env_key, so the far side can tell
// them apart by path and Authorization), or that nothing arrived at all.
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tomlString } from '../helpers/codex-home.ts';
import { type CodexUnderTest, codexRuntimes, launcherBinDir } from '../helpers/codex-range.ts';
import { type CxResult, cleanEnv, runCx, runProgram, tempDir } from '../helpers/cx-process.ts';
import { type RecordedRequest, type ResponsesStandIn, offeredTools, startResponsesStandIn, topLevelTools } from '../helpers/responses-stand-in.ts';

const ANSWER = `stand-in answer ${randomUUID()}`;
/** codex's own arguments for one bounded, non-interactive turn (codex-facts.md). */
const EXEC = ['exec', '--skip-git-repo-check', '--disable', 'unbounded_connection_retries', 'say hi'];
/** A turn takes well under a second; a test runs at most three processes, each bounded. */
const RUN_TIMEOUT = 10_000;
const TEST_TIMEOUT = 30_000;
/** cx's documented refusals (the numbers, not src's constants): a .cxrc forbids the run / untrusted under strict mode. */
const EXIT_DENIED = 77;
/** … and a selected profile that does not exist. */
const EXIT_CONFIG = 78;

/** Two custom providers on one stand-in, told apart by base_url path and by key. */
const PROVIDERS = {
  a: { id: 'standin_a', prefix: '/a/v1', keyVar: 'CX_TEST_KEY_A', key: `cx-test-key-a-${randomUUID()}` },
  b: { id: 'standin_b', prefix: '/b/v1', keyVar: 'CX_TEST_KEY_B', key: `cx-test-key-b-${randomUUID()}` },
} as const;
type ProviderName = keyof typeof PROVIDERS;

/** config.toml's own model and provider: what a run gets when no profile is selected. */
const BASE = { provider: 'a', model: 'model-from-base' } as const;
/** Profile files `$CODEX_HOME/NAME.config.toml`, each with its own model, all on provider b. */
const PROFILE_FILES = ['plus', 'flag', 'cxenv', 'codexenv', 'cxrc', 'rule', 'remote', 'dflt'] as const;
type ProfileName = (typeof PROFILE_FILES)[number] | 'legacy';
const modelOf = (profile: ProfileName): string => `model-from-${profile}`;

const standIns: ResponsesStandIn[] = [];
afterEach(async () => {
  await Promise.all(standIns.splice(0).map((standIn) => standIn.close()));
});

function providerBlock(name: ProviderName, standInUrl: string): string[] {
  const provider = PROVIDERS[name];
  return [
    `[model_providers.${provider.id}]`,
    `name = ${tomlString(`cx test stand-in ${name}`)}`,
    `base_url = ${tomlString(`${standInUrl}${provider.prefix}`)}`,
    `env_key = ${tomlString(provider.keyVar)}`,
    'wire_api = "responses"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
  ];
}

/** config.toml (base model on provider a, both providers, a legacy table) plus one file per profile. */
function writeCodexHome(standInUrl: string): string {
  const home = tempDir('cx-codex-home-');
  const config = [
    `model_provider = ${tomlString(PROVIDERS[BASE.provider].id)}`,
    `model = ${tomlString(BASE.model)}`,
    '',
    '[analytics]',
    'enabled = false',
    '',
    ...providerBlock('a', standInUrl),
    ...providerBlock('b', standInUrl),
    // What most articles show; codex refuses `-p legacy` while this table exists.
    '[profiles.legacy]',
    `model = ${tomlString(modelOf('legacy'))}`,
    `model_provider = ${tomlString(PROVIDERS.b.id)}`,
    '',
  ];
  writeFileSync(join(home, 'config.toml'), config.join('\n'));
  for (const name of PROFILE_FILES) {
    writeFileSync(join(home, `${name}.config.toml`), `model = ${tomlString(modelOf(name))}\nmodel_provider = ${tomlString(PROVIDERS.b.id)}\n`);
  }
  return home;
}

interface Setup {
  /** The codex under test: its npm launcher is `codex` on PATH. */
  codex: CodexUnderTest;
  standIn: ResponsesStandIn;
  env: Record<string, string>;
  /** The temp HOME (cleanEnv's), real path: `~` in cx's rules. */
  home: string;
  /** A temp working directory with no .cxrc, no repository and no rule matching it. */
  cwd: string;
}

async function setUp(codex: CodexUnderTest, extraEnv: Record<string, string> = {}): Promise<Setup> {
  const standIn = await startResponsesStandIn({ answer: ANSWER });
  standIns.push(standIn);
  const env = cleanEnv({
    PATH: `${launcherBinDir(codex)}${delimiter}${process.env['PATH'] ?? '/usr/bin:/bin'}`,
    CODEX_HOME: writeCodexHome(standIn.url),
    [PROVIDERS.a.keyVar]: PROVIDERS.a.key,
    [PROVIDERS.b.keyVar]: PROVIDERS.b.key,
    ...extraEnv,
  });
  return { codex, standIn, env, home: realpathSync(env['HOME'] ?? tempDir()), cwd: realpathSync(tempDir('cx-work-')) };
}

interface Repo {
  root: string;
  /** A directory two levels below the root: cx must walk up to find .cxrc and .git. */
  sub: string;
}

/** A repository directory (`root`, default a fresh temp dir) with an optional .cxrc and a fake .git/config listing `remotes`. */
function makeRepo(options: { root?: string; cxrc?: string; remotes?: Record<string, string> } = {}): Repo {
  const root = options.root ?? realpathSync(tempDir('cx-repo-'));
  const sub = join(root, 'service', 'src');
  mkdirSync(sub, { recursive: true });
  if (options.cxrc !== undefined) writeFileSync(join(root, '.cxrc'), options.cxrc);
  if (options.remotes !== undefined) {
    // Just the file, as git writes it: no objects, no HEAD.
    const remotes = Object.entries(options.remotes).map(
      ([name, url]) => `[remote "${name}"]\n\turl = ${url}\n\tfetch = +refs/heads/*:refs/remotes/${name}/*\n`,
    );
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, '.git', 'config'), ['[core]\n\tbare = false\n', ...remotes].join(''));
  }
  return { root, sub };
}

/** Writes cx's config where cx looks by default ($XDG_CONFIG_HOME/cx/config.toml), or to a file named by CX_CONFIG. */
function writeCxConfig(setup: Setup, body: string, where: 'xdg' | 'CX_CONFIG'): void {
  if (where === 'xdg') {
    const dir = join(setup.env['XDG_CONFIG_HOME'] ?? join(setup.home, '.config'), 'cx');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.toml'), body);
  } else {
    const file = join(tempDir('cx-config-'), 'cx.toml');
    writeFileSync(file, body);
    setup.env['CX_CONFIG'] = file;
  }
}

interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
}

/** Runs the native codex directly (no cx), the way runCx runs cx. */
function runNative(args: readonly string[], setup: Setup, options: RunOptions = {}): Promise<CxResult> {
  return runProgram(setup.codex.bin, args, { env: { ...setup.env, ...options.env }, cwd: options.cwd ?? setup.cwd, timeoutMs: RUN_TIMEOUT });
}

function bodyField(request: RecordedRequest | undefined, field: string): unknown {
  const body = request?.body;
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
}

const isWebSearchTool = (tool: Record<string, unknown>): boolean =>
  String(tool['type']).startsWith('web_search') || String(tool['name'] ?? '').includes('web_search');

/** cx's own stderr lines (codex's stderr shares the stream). */
function cxLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('cx:'));
}

function diagnose(result: CxResult): string {
  return `exit ${String(result.exitCode)}, signal ${String(result.signal)}, timed out ${String(result.timedOut)}\nstderr:\n${result.stderr}`;
}

/** What the far side saw of the one turn: which provider (path and key) and which model. */
function arrival(request: RecordedRequest | undefined): { path: string; authorization: string | undefined; model: unknown } {
  return { path: (request?.path ?? '').split('?')[0] ?? '', authorization: request?.headers['authorization'], model: bodyField(request, 'model') };
}

function expected(provider: ProviderName, model: string): ReturnType<typeof arrival> {
  return { path: `${PROVIDERS[provider].prefix}/responses`, authorization: `Bearer ${PROVIDERS[provider].key}`, model };
}

/** The run completed one turn, and that turn (the only request so far) went to `provider` with `model`. */
function expectOneTurn(result: CxResult, setup: Setup, provider: ProviderName, model: string): void {
  expect(result.exitCode, diagnose(result)).toBe(0);
  expect(result.stdout).toBe(ANSWER);
  expect(setup.standIn.requests).toHaveLength(1);
  expect(arrival(setup.standIn.requests[0])).toEqual(expected(provider, model));
}

describe.each(codexRuntimes())('profile selection through the real codex, $name', (runtime) => {
  const codex = runtime.codex;
  const cx = (args: readonly string[], setup: Setup, options: RunOptions = {}): Promise<CxResult> =>
    runCx(args, { env: { ...setup.env, ...options.env }, cwd: options.cwd ?? setup.cwd, node: runtime.node, timeoutMs: RUN_TIMEOUT });

  /** `cx trust` (the .cxrc in effect at `cwd`), through the built cx. */
  const trust = async (setup: Setup, cwd: string): Promise<void> => {
    const result = await cx(['trust'], setup, { cwd });
    expect(result.exitCode, diagnose(result)).toBe(0);
    expect(result.stdout).toContain('trusted');
    const records = join(setup.env['XDG_STATE_HOME'] ?? '', 'cx', 'trust');
    expect(readdirSync(records).length).toBeGreaterThan(0);
  };

  it('a base run (no selection) goes to provider a with the base model', { timeout: TEST_TIMEOUT }, async () => {
    const setup = await setUp(codex);
    const result = await cx(EXEC, setup);
    expectOneTurn(result, setup, BASE.provider, BASE.model);
    expect(cxLines(result.stderr)).toEqual([]);
  });

  it('+plus selects the profile file plus.config.toml', { timeout: TEST_TIMEOUT }, async () => {
    const setup = await setUp(codex);
    expectOneTurn(await cx(['+plus', ...EXEC], setup), setup, 'b', modelOf('plus'));
  });

  it('+legacy selects a legacy [profiles.legacy] table that native codex refuses with -p', { timeout: TEST_TIMEOUT }, async () => {
    const setup = await setUp(codex);
    const [exec, ...rest] = EXEC;
    const native = await runNative([exec ?? 'exec', '-p', 'legacy', ...rest], setup);
    expect(native.timedOut, diagnose(native)).toBe(false);
    expect(native.exitCode, diagnose(native)).toBe(1);
    expect(native.stderr).toContain('[profiles.legacy]');
    expect(setup.standIn.requests).toEqual([]);

    // cx passes the table's settings as -c overrides: both model and model_provider take effect.
    expectOneTurn(await cx(['+legacy', ...EXEC], setup), setup, 'b', modelOf('legacy'));
  });

  it.each([
    { how: '--profile legacy', flag: ['--profile', 'legacy'] },
    { how: '-p legacy', flag: ['-p', 'legacy'] },
    { how: '--profile=legacy', flag: ['--profile=legacy'] },
  ])("the articles' `codex $how \"fix the auth bug\"`: cx applies the legacy table as +legacy (native codex refuses it)", { timeout: TEST_TIMEOUT }, async ({ flag }) => {
    const setup = await setUp(codex);
    const [exec, ...rest] = EXEC;
    const native = await runNative([...flag, exec ?? 'exec', ...rest], setup);
    expect(native.exitCode, diagnose(native)).toBe(1);
    expect(setup.standIn.requests).toEqual([]);

    const result = await cx([...flag, exec ?? 'exec', ...rest], setup);
    expectOneTurn(result, setup, 'b', modelOf('legacy'));
    // The table's model and provider arrived; nothing of cx's on stderr (the info shows in explain).
    expect(cxLines(result.stderr)).toEqual([]);
    const explained = await cx(['explain', '--json', ...flag, exec ?? 'exec', ...rest], setup);
    const plan = JSON.parse(explained.stdout) as { findings: { code: string; level: string; message: string }[]; command: { args: string[] } };
    expect(plan.findings).toContainEqual(expect.objectContaining({ level: 'info', code: 'legacy-profile-applied' }));
    expect(plan.command.args).not.toContain('legacy');
  });

  it("an article's legacy table with its own [profiles.NAME.model_providers.X]: codex alone ignores the providers, cx applies them", { timeout: TEST_TIMEOUT }, async () => {
    const setup = await setUp(codex);
    const codexHome = setup.env['CODEX_HOME'] ?? '';
    appendFileSync(join(codexHome, 'config.toml'), [
      '[profiles.article]',
      'model = "model-from-article"',
      'model_provider = "article_gw"',
      '[profiles.article.model_providers.article_gw]',
      'name = "an article gateway"',
      `base_url = ${tomlString(`${setup.standIn.url}/article/v1`)}`,
      `env_key = ${tomlString(PROVIDERS.a.keyVar)}`,
      'wire_api = "responses"',
      '',
    ].join('\n'));
    // codex alone: the nested providers are not settings it reads (it says so on every run).
    const native = await runNative(EXEC, setup);
    expect(native.stderr).toContain('`profiles.article.model_providers` is ignored');

    const result = await cx(['--profile', 'article', ...EXEC], setup);
    expect(result.exitCode, diagnose(result)).toBe(0);
    expect(setup.standIn.turns()).toHaveLength(2);
    expect(arrival(setup.standIn.turns()[1])).toEqual({ path: '/article/v1/responses', authorization: `Bearer ${PROVIDERS.a.key}`, model: 'model-from-article' });
    // What cx says matches: it applies them for this profile.
    const warning = cxLines(result.stderr).find((line) => line.includes('[profiles.article.model_providers'));
    expect(warning).toMatch(/cx applies/);
    expect(warning).not.toMatch(/is ignored by codex\b(?!.*cx applies)/);
  });

  it('CODEX_PROFILE selects a profile (native codex ignores the variable)', { timeout: TEST_TIMEOUT }, async () => {
    const setup = await setUp(codex, { CODEX_PROFILE: 'codexenv' });
    const native = await runNative(EXEC, setup);
    expectOneTurn(native, setup, BASE.provider, BASE.model);

    const result = await cx(EXEC, setup);
    expect(result.exitCode, diagnose(result)).toBe(0);
    expect(setup.standIn.turns()).toHaveLength(2);
    expect(arrival(setup.standIn.turns()[1])).toEqual(expected('b', modelOf('codexenv')));
  });

  it('a selected profile that exists nowhere is refused with 78 (native codex silently runs without it)', { timeout: TEST_TIMEOUT }, async () => {
    const setup = await setUp(codex);
    const refused = await cx(['+ghost', ...EXEC], setup);
    expect(refused.exitCode, diagnose(refused)).toBe(EXIT_CONFIG);
    expect(refused.stdout).toBe('');
    const lines = cxLines(refused.stderr);
    expect(lines, refused.stderr).toHaveLength(1);
    expect(lines[0]).toContain('ghost');
    expect(lines[0]).toContain('plus'); // it lists the profiles that do exist
    expect(setup.standIn.requests).toEqual([]);

    const [exec, ...rest] = EXEC;
    expectOneTurn(await runNative([exec ?? 'exec', '-p', 'ghost', ...rest], setup), setup, BASE.provider, BASE.model);
  });

  describe("a repository's .cxrc", () => {
    const CXRC = 'profile = "cxrc"\n';

    it('untrusted: ignored with one warning line, the base model and provider are used', { timeout: TEST_TIMEOUT }, async () => {
      const setup = await setUp(codex);
      const repo = makeRepo({ cxrc: CXRC });
      const result = await cx(EXEC, setup, { cwd: repo.sub });

      expectOneTurn(result, setup, BASE.provider, BASE.model);
      const lines = cxLines(result.stderr);
      expect(lines, result.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/warning/i);
      expect(lines[0]).toContain(join(repo.root, '.cxrc'));
      expect(lines[0]).toContain('not trusted');
    });

    it('trusted with `cx trust`: selects its profile from a subdirectory, silently', { timeout: TEST_TIMEOUT }, async () => {
      const setup = await setUp(codex);
      const repo = makeRepo({ cxrc: CXRC });
      await trust(setup, repo.sub);
      const result = await cx(EXEC, setup, { cwd: repo.sub });

      expectOneTurn(result, setup, 'b', modelOf('cxrc'));
      expect(cxLines(result.stderr)).toEqual([]);
    });

    it('edited after trust: untrusted again (ignored with a warning; refused under CX_STRICT=1)', { timeout: TEST_TIMEOUT }, async () => {
      const setup = await setUp(codex);
      const repo = makeRepo({ cxrc: CXRC });
      await trust(setup, repo.sub);
      appendFileSync(join(repo.root, '.cxrc'), '# edited after trust\n');

      const strict = await cx(EXEC, setup, { cwd: repo.sub, env: { CX_STRICT: '1' } });
      expect(strict.exitCode, diagnose(strict)).toBe(EXIT_DENIED);
      expect(strict.stdout).toBe('');
      expect(cxLines(strict.stderr).join('\n')).toContain(join(repo.root, '.cxrc'));
      expect(setup.standIn.requests).toEqual([]);

      const result = await cx(EXEC, setup, { cwd: repo.sub });
      expectOneTurn(result, setup, BASE.provider, BASE.model);
      const lines = cxLines(result.stderr);
      expect(lines, result.stderr).toHaveLength(1);
      expect(lines[0]).toContain('not trusted');
    });
  });

  describe("cx's [[rules]]", () => {
    it('the first matching path rule (~ expanded, dir/** matching below dir) selects its profile', { timeout: TEST_TIMEOUT }, async () => {
      const setup = await setUp(codex);
      const repo = makeRepo({ root: join(setup.home, 'work', 'acme') });
      writeCxConfig(
        setup,
        ['[[rules]]', 'path = "~/elsewhere/**"', 'profile = "dflt"', '', '[[rules]]', 'path = "~/work/acme/**"', 'profile = "rule"', '', '[[rules]]', 'path = "~/work/**"', 'profile = "dflt"', ''].join('\n'),
        'xdg',
      );
      expectOneTurn(await cx(EXEC, setup, { cwd: repo.sub }), setup, 'b', modelOf('rule'));
    });

    it('a git_remote rule matches any remote URL in the enclosing .git/config, and nothing elsewhere', { timeout: TEST_TIMEOUT }, async () => {
      const setup = await setUp(codex);
      // origin is a personal fork; upstream is the organisation's, and the one the rule names
      // (its first `*` has to span the `https://` slashes).
      const repo = makeRepo({ remotes: { origin: 'git@github.com:someone/widgets.git', upstream: 'https://github.com/acme-corp/widgets.git' } });
      writeCxConfig(setup, ['[[rules]]', 'git_remote = "*github.com*acme-corp/*"', 'profile = "remote"', ''].join('\n'), 'CX_CONFIG');

      expectOneTurn(await cx(EXEC, setup, { cwd: repo.sub }), setup, 'b', modelOf('remote'));

      // The same config outside the repository: no rule matches, the base config applies.
      const outside = await cx(EXEC, setup);
      expect(outside.exitCode, diagnose(outside)).toBe(0);
      expect(setup.standIn.turns()).toHaveLength(2);
      expect(arrival(setup.standIn.turns()[1])).toEqual(expected(BASE.provider, BASE.model));
    });
  });

  describe('precedence: each source beats every source below it', () => {
    // Highest first. Row i sets up its own source and every one below it, none above.
    const LADDER: { source: string; profile: ProfileName }[] = [
      { source: '-p in codex arguments', profile: 'flag' },
      { source: '+PROFILE', profile: 'plus' },
      { source: 'CX_PROFILE', profile: 'cxenv' },
      { source: 'CODEX_PROFILE', profile: 'codexenv' },
      { source: 'trusted .cxrc', profile: 'cxrc' },
      { source: 'path rule', profile: 'rule' },
      { source: 'default_profile', profile: 'dflt' },
    ];

    it.each(LADDER.map((row, index) => ({ ...row, index })))('$source', { timeout: TEST_TIMEOUT }, async ({ index, profile }) => {
      const has = (source: string): boolean => LADDER.findIndex((row) => row.source === source) >= index;
      const env: Record<string, string> = {};
      if (has('CX_PROFILE')) env['CX_PROFILE'] = 'cxenv';
      if (has('CODEX_PROFILE')) env['CODEX_PROFILE'] = 'codexenv';
      const setup = await setUp(codex, env);

      const config = ['default_profile = "dflt"', ''];
      if (has('path rule')) config.push('[[rules]]', 'path = "~/work/acme/**"', 'profile = "rule"', '');
      writeCxConfig(setup, config.join('\n'), 'CX_CONFIG');
      // The shorthand form: a single bare word.
      const repo = makeRepo({ root: join(setup.home, 'work', 'acme'), ...(has('trusted .cxrc') ? { cxrc: 'cxrc\n' } : {}) });
      if (has('trusted .cxrc')) await trust(setup, repo.sub);

      const [exec, ...rest] = EXEC;
      const args = [
        ...(has('+PROFILE') ? ['+plus'] : []),
        exec ?? 'exec',
        ...(has('-p in codex arguments') ? ['-p', 'flag'] : []),
        ...rest,
      ];
      expectOneTurn(await cx(args, setup, { cwd: repo.sub }), setup, 'b', modelOf(profile));
    });
  });

  describe('.cxrc [require] restrictions apply untrusted; a violation launches nothing', () => {
    it('providers: a profile on another provider is refused with 77', { timeout: TEST_TIMEOUT }, async () => {
      const setup = await setUp(codex);
      const repo = makeRepo({ cxrc: `[require]\nproviders = [${tomlString(PROVIDERS.a.id)}]\n` });

      const refused = await cx(['+plus', ...EXEC], setup, { cwd: repo.sub });
      expect(refused.exitCode, diagnose(refused)).toBe(EXIT_DENIED);
      expect(refused.stdout).toBe('');
      const lines = cxLines(refused.stderr);
      expect(lines, refused.stderr).toHaveLength(1);
      expect(lines[0]).toContain(`${join(repo.root, '.cxrc')}:2`);
      expect(lines[0]).toContain(PROVIDERS.b.id);
      expect(setup.standIn.requests).toEqual([]);

      // The allowed provider goes through from the same directory.
      expectOneTurn(await cx(EXEC, setup, { cwd: repo.sub }), setup, 'a', BASE.model);
    });

    it('features_off web_search: refused while web search is on; with -c web_search="disabled" no web_search tool is sent', { timeout: TEST_TIMEOUT }, async () => {
      const setup = await setUp(codex);
      const repo = makeRepo({ cxrc: '[require]\nfeatures_off = ["web_search"]\n' });

      // Reference: without the .cxrc, codex's default (web_search = "cached") sends the tool.
      const reference = await cx(EXEC, setup);
      expectOneTurn(reference, setup, BASE.provider, BASE.model);
      expect(topLevelTools(setup.standIn.turns()[0]).filter(isWebSearchTool)).toEqual([{ type: 'web_search', external_web_access: false }]);

      const refused = await cx(EXEC, setup, { cwd: repo.sub });
      expect(refused.exitCode, diagnose(refused)).toBe(EXIT_DENIED);
      expect(refused.stdout).toBe('');
      const lines = cxLines(refused.stderr);
      expect(lines, refused.stderr).toHaveLength(1);
      expect(lines[0]).toContain(`${join(repo.root, '.cxrc')}:2`);
      expect(lines[0]).toContain('web_search');
      expect(setup.standIn.requests).toHaveLength(1);

      const allowed = await cx(['-c', 'web_search="disabled"', ...EXEC], setup, { cwd: repo.sub });
      expect(allowed.exitCode, diagnose(allowed)).toBe(0);
      expect(allowed.stdout).toBe(ANSWER);
      expect(setup.standIn.turns()).toHaveLength(2);
      expect(offeredTools(setup.standIn.turns()[1]).map((tool) => tool['name'])).toContain('exec_command');
      expect(topLevelTools(setup.standIn.turns()[1]).filter(isWebSearchTool)).toEqual([]);
    });
  });
});
