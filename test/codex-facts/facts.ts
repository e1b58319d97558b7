// Every behaviour of the real codex that cx relies on, as a probe named by the fact. Each probe
// runs the codex it is given (on loopback only: the Responses stand-in, or a proxy that refuses
// every tunnel) and says whether the fact holds. Where cx keeps a table of its own (commands that
// take -p, reserved providers, Bedrock regions and fields, config keys), the probe's cases come from
// that table, so what is checked is cx's assumption. A fact that only some releases have says so
// by asking codex (`--help`), never by comparing version numbers.
import { realpathSync } from 'node:fs';
import { parse } from 'smol-toml';
import capabilities from '../../src/compat/capabilities.json' with { type: 'json' };
import configKeys from '../../src/compat/codex-config-keys.json' with { type: 'json' };
import { BEDROCK_FIELDS, RESERVED_PROVIDERS } from '../../src/compat/config-mistakes.ts';
import { TOML_MAX_DEPTH, nestingDepth } from '../../src/config/toml-file.ts';
import { parseDotenv } from '../../src/credentials/env-file-parse.ts';
import { readNpmLauncher } from '../../src/launch/npm-launcher.ts';
import { NO_PROFILE_SUBCOMMANDS, PROFILE_SUBCOMMANDS } from '../../src/plan/codex-cli.ts';
import { answerEvents, bodyField, toolOutput, type StandInOptions } from '../helpers/responses-stand-in.ts';
import {
  BASE_MODEL,
  EXEC_TURN,
  type Fact,
  type Kit,
  type RunResult,
  STANDIN_KEY,
  STANDIN_KEY_VAR,
  type TurnResult,
  type Verdict,
  bedrockConfig,
  describeRun,
  mapLimit,
  runProgram,
  standInConfig,
  toolNames,
  tomlString,
} from './probe-kit.ts';

const holds = (detail: string): Verdict => ({ holds: true, detail });
const fails = (detail: string): Verdict => ({ holds: false, detail });
const verdict = (ok: boolean, detail: string): Verdict => ({ holds: ok, detail });

function authOf(turn: TurnResult): string {
  const value = turn.turns[0]?.headers['authorization'];
  return typeof value === 'string' ? value : '(none)';
}

/** A turn that completed: exit 0 and exactly one request at the stand-in. */
function completed(turn: TurnResult): string | null {
  if (turn.result.code !== 0) return describeRun(turn.result);
  if (turn.turns.length !== 1) return `${turn.turns.length} requests reached the stand-in`;
  return null;
}

/** Refused before any request: exit 1, nothing at the stand-in, stderr matching `message`. */
function refusedWith(turn: TurnResult, message: RegExp): Verdict {
  const ok = turn.result.code === 1 && turn.turns.length === 0 && message.test(turn.result.stderr);
  return verdict(ok, `${describeRun(turn.result)}; ${turn.turns.length} request(s)`);
}

/** First turn: run `cmd` with codex's exec_command tool; then a plain answer. */
function runTool(cmd: string, callId: string): StandInOptions {
  return {
    reply: (_request, index) =>
      index === 0
        ? {
            events: [
              { type: 'response.output_item.done', item: { type: 'function_call', id: `fc_${callId}`, call_id: callId, name: 'exec_command', arguments: JSON.stringify({ cmd }) } },
              { type: 'response.completed', response: { id: 'resp_probe_tool' } },
            ],
          }
        : { events: answerEvents('done') },
  };
}

/** What the tool printed, or why there is nothing. */
function toolResult(turn: TurnResult, callId: string): { output: string } | { problem: string } {
  if (turn.result.code !== 0) return { problem: describeRun(turn.result) };
  try {
    return { output: toolOutput(turn.turns[1], callId) };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

function envValue(output: string, name: string): string | undefined {
  const line = output.split('\n').find((l) => l.startsWith(`${name}=`));
  return line === undefined ? undefined : line.slice(name.length + 1);
}

// -------------------------------------------------------------------------------------------------
// Profiles

const profileFacts: Fact[] = [
  {
    name: 'profile-file-read-with-p',
    async check(kit) {
      const turn = await kit.turn({ config: (url) => standInConfig(url), files: () => ({ 'probe.config.toml': 'model = "model-from-profile-file"\n' }), args: ['-p', 'probe', ...EXEC_TURN] });
      const problem = completed(turn);
      if (problem) return fails(problem);
      const model = bodyField(turn.turns[0], 'model');
      return verdict(model === 'model-from-profile-file', `-p probe sent model ${String(model)}`);
    },
  },
  {
    name: 'missing-profile-file-ignored-silently',
    async check(kit) {
      const turn = await kit.turn({ config: (url) => standInConfig(url), args: ['-p', 'nosuch', ...EXEC_TURN] });
      const problem = completed(turn);
      if (problem) return fails(problem);
      const model = bodyField(turn.turns[0], 'model');
      const mentioned = /nosuch/.test(turn.result.stderr);
      return verdict(model === BASE_MODEL && !mentioned, `exit 0, model ${String(model)}, ${mentioned ? 'names' : 'does not name'} the profile on stderr`);
    },
  },
  {
    name: 'legacy-profile-table-refused-with-p',
    async check(kit) {
      const turn = await kit.turn({ config: (url) => `${standInConfig(url)}[profiles.legacy]\nmodel = "model-from-legacy"\n`, args: ['-p', 'legacy', ...EXEC_TURN] });
      return refusedWith(turn, /legacy\.config\.toml/);
    },
  },
  {
    name: 'legacy-profile-table-tolerated-unselected',
    async check(kit) {
      const turn = await kit.turn({ config: (url) => `${standInConfig(url)}[profiles.legacy]\nmodel = "model-from-legacy"\n` });
      const problem = completed(turn);
      return problem ? fails(problem) : verdict(bodyField(turn.turns[0], 'model') === BASE_MODEL, `exit 0, model ${String(bodyField(turn.turns[0], 'model'))}`);
    },
  },
  {
    name: 'legacy-profile-table-settings-apply-through-c',
    async check(kit) {
      // What cx does for a legacy table: its settings one by one, as -c overrides.
      const turn = await kit.turn({
        config: (url) => `${standInConfig(url)}[profiles.legacy]\nmodel = "model-from-legacy"\n`,
        args: ['-c', 'model="model-from-legacy"', '-c', 'model_providers.standin.query_params.probe="legacy"', ...EXEC_TURN],
      });
      const problem = completed(turn);
      if (problem) return fails(problem);
      const path = turn.turns[0]?.path ?? '';
      return verdict(bodyField(turn.turns[0], 'model') === 'model-from-legacy' && path.includes('probe=legacy'), `model ${String(bodyField(turn.turns[0], 'model'))}, path ${path}`);
    },
  },
  {
    name: 'legacy-profile-nested-model-providers-ignored',
    async check(kit) {
      // [profiles.X.model_providers.Y] in a legacy table (articles): codex warns that it ignores it.
      const turn = await kit.turn({ config: (url) => `${standInConfig(url)}[profiles.legacy.model_providers.other]\nname = "other"\nbase_url = "http://127.0.0.1:9/v1"\n` });
      const problem = completed(turn);
      if (problem) return fails(problem);
      const warned = /profiles\.legacy\.model_providers` is ignored/.test(turn.result.stderr);
      return verdict(warned, warned ? 'exit 0; codex warns `profiles.legacy.model_providers` is ignored' : 'exit 0 without the "is ignored" warning');
    },
  },
  {
    name: 'top-level-profile-key-refused',
    async check(kit) {
      const inFile = await kit.turn({ config: (url) => standInConfig(url, 'profile = "probe"') });
      const asOverride = await kit.turn({ config: (url) => standInConfig(url), args: ['-c', 'profile="probe"', ...EXEC_TURN] });
      const a = refusedWith(inFile, /profile/);
      const b = refusedWith(asOverride, /profile/);
      return verdict(a.holds && b.holds, `config.toml: ${a.detail}; -c profile=…: ${b.detail}`);
    },
  },
  {
    name: 'codex-profile-env-ignored',
    async check(kit) {
      const turn = await kit.turn({
        config: (url) => standInConfig(url),
        files: () => ({ 'probe.config.toml': 'model = "model-from-profile-file"\n' }),
        env: { [STANDIN_KEY_VAR]: STANDIN_KEY, CODEX_PROFILE: 'probe' },
      });
      const problem = completed(turn);
      return problem ? fails(problem) : verdict(bodyField(turn.turns[0], 'model') === BASE_MODEL, `CODEX_PROFILE=probe: model ${String(bodyField(turn.turns[0], 'model'))}`);
    },
  },
];

// -------------------------------------------------------------------------------------------------
// -p per command, from cx's own table (src/plan/codex-cli.ts)

/** Arguments that take each command as far as reading its config, and no further. */
const HARMLESS_ARGS: Readonly<Record<string, readonly string[]>> = {
  queue: ['--thread', '00000000-0000-0000-0000-000000000000', '--message', 'x'],
  archive: ['x'],
  delete: ['x'],
  unarchive: ['x'],
  mcp: ['list'],
  sandbox: ['--', '/bin/true'],
  features: ['list'],
  debug: ['models'],
  plugin: ['list'],
  apply: ['x'],
  a: ['x'],
  exec: ['--skip-git-repo-check', 'x'],
  e: ['--skip-git-repo-check', 'x'],
  review: ['--uncommitted'],
};

const PROFILE_ONLY_FOR = /--profile only applies/;

/** `codex -p NAME CMD …`, with a terminal (util-linux script(1)) for a command that wants one (the agents TUI). */
async function withProfile(kit: Kit, command: string, profile: string): Promise<RunResult> {
  const home = kit.home({ 'config.toml': '[analytics]\nenabled = false\n', 'cxprobebad.config.toml': 'model = \n' }, { PATH: kit.tempDir('empty-path') });
  const args = ['-p', profile, command, ...(HARMLESS_ARGS[command] ?? [])];
  const result = await kit.codex(args, home, { timeoutMs: 8_000 });
  if (!/not a terminal/.test(result.stderr)) return result;
  const line = [kit.target.bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return runProgram('/usr/bin/script', ['-qec', line, '/dev/null'], { env: { ...home.env, TERM: 'xterm' }, cwd: home.cwd, timeoutMs: 8_000 });
}

/**
 * Whether CMD reads the profile -p names: with -p naming a file that does not parse, codex fails on
 * that file (naming it, or only "failed to load config" where -p naming no file does not).
 */
async function profileUse(kit: Kit, command: string): Promise<{ read: boolean; refused: boolean; result: RunResult }> {
  const result = await withProfile(kit, command, 'cxprobebad');
  const text = result.stdout + result.stderr;
  const refused = result.code === 1 && PROFILE_ONLY_FOR.test(text);
  if (refused || /cxprobebad\.config\.toml/.test(text)) return { read: !refused, refused, result };
  if (!/failed to load config/.test(text)) return { read: false, refused, result };
  const absent = await withProfile(kit, command, 'cxprobeabsent');
  return { read: !/failed to load config/.test(absent.stdout + absent.stderr), refused, result };
}

const commandFacts: Fact[] = [
  {
    name: 'p-accepted-by-the-commands-cx-passes-it-to',
    async check(kit) {
      const commands = [...PROFILE_SUBCOMMANDS];
      const seen = await mapLimit(commands, 4, async (command) => ({ command, use: await profileUse(kit, command) }));
      const wrong = seen.filter((s) => !s.use.read).map((s) => `${s.command} (${describeRun(s.use.result)})`);
      return verdict(wrong.length === 0, wrong.length === 0 ? `all ${commands.length} read the profile file` : `do not read it: ${wrong.join('; ')}`);
    },
  },
  {
    name: 'p-refused-by-the-commands-cx-keeps-it-from',
    async check(kit) {
      // `help` only prints; codex neither refuses nor uses -p there, which is as good.
      const commands = [...NO_PROFILE_SUBCOMMANDS];
      const seen = await mapLimit(commands, 4, async (command) => ({ command, use: await profileUse(kit, command) }));
      const wrong = seen.filter((s) => s.use.read || (!s.use.refused && !(s.command === 'help' && s.use.result.code === 0))).map((s) => `${s.command} (${s.use.read ? 'reads the profile' : describeRun(s.use.result)})`);
      return verdict(wrong.length === 0, wrong.length === 0 ? `all ${commands.length} refuse -p (exit 1)` : `not refused: ${wrong.join('; ')}`);
    },
  },
  {
    name: 'exec-search-flag-refused',
    async check(kit) {
      const turn = await kit.turn({ config: (url) => standInConfig(url), args: ['exec', '--search', '--skip-git-repo-check', 'x'] });
      return verdict(turn.result.code === 2 && turn.turns.length === 0, describeRun(turn.result));
    },
  },
  {
    name: 'exec-remote-refuses-p-and-c',
    async appliesTo(kit) {
      const help = await kit.codex(['exec', '--help'], kit.home({}));
      return /--remote\b/.test(help.stdout) ? null : '`codex exec --help` lists no --remote';
    },
    async check(kit) {
      const home = kit.home({ 'config.toml': '[analytics]\nenabled = false\n' });
      const remote = ['exec', '--remote', 'ws://127.0.0.1:9', 'x'];
      const withP = await kit.codex(['-p', 'probe', ...remote], home, { timeoutMs: 8_000 });
      const withC = await kit.codex(['-c', 'model="m"', ...remote], home, { timeoutMs: 8_000 });
      const refused = (r: RunResult): boolean => r.code === 1 && /--remote/.test(r.stderr) && /configure the agent on the server|only/i.test(r.stderr);
      return verdict(refused(withP) && refused(withC), `-p: ${describeRun(withP)}; -c: ${describeRun(withC)}`);
    },
  },
];

// -------------------------------------------------------------------------------------------------
// Credentials and $CODEX_HOME/.env

const openaiConfig = (url: string): string => `openai_base_url = ${tomlString(`${url}/v1`)}\nmodel = "gpt-probe"\n[analytics]\nenabled = false\n`;

/** `.env` lines for the parse-rule facts; each rule uses names of its own. The unclosed quote comes last: it swallows the rest. */
const DOTENV_RULES: readonly { fact: string; names: readonly string[]; lines: readonly string[] }[] = [
  { fact: 'env-file-expands-dollar-names', names: ['CXP_EXP_A', 'CXP_EXP_B', 'CXP_EXP_C'], lines: ['CXP_EXP_A=$CXP_FROM_ENV-x', 'CXP_EXP_B="${CXP_EXP_A}y"', 'CXP_EXP_C=${CXP_UNSET_NAME}z'] },
  { fact: 'env-file-single-quotes-literal', names: ['CXP_SQ'], lines: ["CXP_SQ='$CXP_FROM_ENV \\n'"] },
  { fact: 'env-file-export-prefix-and-comments', names: ['CXP_EXPORTED', 'CXP_COMMENTED'], lines: ['export CXP_EXPORTED=exported', 'CXP_COMMENTED=value # a comment'] },
  { fact: 'env-file-bad-line-skipped-silently', names: ['CXP_BEFORE_BAD', 'CXP_AFTER_BAD'], lines: ['CXP_BEFORE_BAD=before', 'this line is not an assignment', 'CXP_BAD NAME=x', 'CXP_AFTER_BAD=after'] },
  { fact: 'env-file-unclosed-quote-takes-the-rest', names: ['CXP_UNCLOSED', 'CXP_SWALLOWED'], lines: ['CXP_UNCLOSED="open', 'CXP_SWALLOWED=lost'] },
];
const DOTENV_ENV = { CXP_FROM_ENV: 'from-env' };

const dotenvRun = new WeakMap<Kit, Promise<TurnResult>>();

/** One turn whose tool prints codex's environment after loading the rules' .env (shared by the rule facts). */
function dotenvTurn(kit: Kit): Promise<TurnResult> {
  let run = dotenvRun.get(kit);
  if (run === undefined) {
    const body = `${DOTENV_RULES.flatMap((r) => r.lines).join('\n')}\n`;
    run = kit.turn({ config: (url) => standInConfig(url), files: () => ({ '.env': body }), env: { [STANDIN_KEY_VAR]: STANDIN_KEY, ...DOTENV_ENV }, standIn: runTool("env | grep '^CXP_'", 'call_dotenv') });
    dotenvRun.set(kit, run);
  }
  return run;
}

const dotenvFacts: Fact[] = DOTENV_RULES.map((rule) => ({
  name: rule.fact,
  async check(kit: Kit) {
    const seen = toolResult(await dotenvTurn(kit), 'call_dotenv');
    if ('problem' in seen) return fails(seen.problem);
    const body = Buffer.from(`${DOTENV_RULES.flatMap((r) => r.lines).join('\n')}\n`);
    const predicted = new Map(parseDotenv(body, { ...DOTENV_ENV, [STANDIN_KEY_VAR]: STANDIN_KEY }).entries.map((e) => [e.name, e.value]));
    const diffs = rule.names.filter((name) => envValue(seen.output, name) !== predicted.get(name));
    const shown = rule.names.map((name) => `${name}=${JSON.stringify(envValue(seen.output, name) ?? null)}`).join(', ');
    return verdict(diffs.length === 0, diffs.length === 0 ? `cx's parser agrees: ${shown}` : `cx's parser differs on ${diffs.join(', ')}: codex has ${shown}`);
  },
}));

const credentialFacts: Fact[] = [
  {
    name: 'codex-api-key-sent-as-bearer',
    async check(kit) {
      const turn = await kit.turn({ config: openaiConfig, env: { CODEX_API_KEY: 'cx-probe-codex-api-key' } });
      const problem = completed(turn);
      return problem ? fails(problem) : verdict(authOf(turn) === 'Bearer cx-probe-codex-api-key', `authorization: ${authOf(turn) === '(none)' ? '(none)' : authOf(turn).replace(/ .*/, ' <the key>')}`);
    },
  },
  {
    name: 'openai-api-key-not-sent-by-exec',
    async check(kit) {
      const turn = await kit.turn({ config: openaiConfig, env: { OPENAI_API_KEY: 'cx-probe-openai-api-key' } });
      if (turn.turns.length === 0) return fails(`no request: ${describeRun(turn.result)}`);
      const auth = authOf(turn);
      return verdict(!auth.includes('cx-probe-openai-api-key'), `authorization: ${auth.includes('cx-probe') ? 'the OPENAI_API_KEY value' : auth}`);
    },
  },
  {
    name: 'env-file-overrides-the-environment',
    async check(kit) {
      const turn = await kit.turn({ config: (url) => standInConfig(url), files: () => ({ '.env': `${STANDIN_KEY_VAR}=key-from-env-file\n` }), env: { [STANDIN_KEY_VAR]: 'key-from-environment' } });
      const problem = completed(turn);
      return problem ? fails(problem) : verdict(authOf(turn) === 'Bearer key-from-env-file', `sent: ${authOf(turn)}`);
    },
  },
  {
    name: 'env-file-drops-codex-names',
    async check(kit) {
      // Were CODEX_API_KEY taken from the file, it would override the environment's (the fact above).
      const turn = await kit.turn({ config: openaiConfig, files: () => ({ '.env': 'CODEX_API_KEY=key-from-env-file\ncodex_lower=x\n' }), env: { CODEX_API_KEY: 'key-from-environment' } });
      const problem = completed(turn);
      return problem ? fails(problem) : verdict(authOf(turn) === 'Bearer key-from-environment', `sent: ${authOf(turn)}`);
    },
  },
  ...dotenvFacts,
  {
    name: 'shell-environment-policy-exclude-keeps-a-variable-out',
    async check(kit) {
      const turn = await kit.turn({
        config: (url) => standInConfig(url, 'shell_environment_policy.exclude = ["CXP_HIDDEN"]'),
        env: { [STANDIN_KEY_VAR]: STANDIN_KEY, CXP_HIDDEN: 'hidden-value', CXP_SHOWN: 'shown-value' },
        standIn: runTool("env | grep '^CXP_' | sort", 'call_exclude'),
      });
      const seen = toolResult(turn, 'call_exclude');
      if ('problem' in seen) return fails(seen.problem);
      const hidden = envValue(seen.output, 'CXP_HIDDEN');
      const shown = envValue(seen.output, 'CXP_SHOWN');
      return verdict(hidden === undefined && shown === 'shown-value', `the agent's command sees CXP_HIDDEN ${hidden === undefined ? 'unset' : 'set'}, CXP_SHOWN ${shown === undefined ? 'unset' : 'set'}`);
    },
  },
  {
    name: 'default-shell-environment-passes-keys-through',
    async check(kit) {
      // Why cx adds its delivered names to `exclude`: by default they reach the agent's commands.
      const turn = await kit.turn({ config: (url) => standInConfig(url), standIn: runTool(`env | grep '^${STANDIN_KEY_VAR}='`, 'call_default') });
      const seen = toolResult(turn, 'call_default');
      if ('problem' in seen) return fails(seen.problem);
      return verdict(envValue(seen.output, STANDIN_KEY_VAR) === STANDIN_KEY, `the agent's command sees ${STANDIN_KEY_VAR} ${envValue(seen.output, STANDIN_KEY_VAR) === undefined ? 'unset' : 'set'}`);
    },
  },
];

// -------------------------------------------------------------------------------------------------
// Providers

const providerFacts: Fact[] = [
  ...RESERVED_PROVIDERS.map(
    (id): Fact => ({
      name: `reserved-provider-${id}-redefinition-refused`,
      async check(kit) {
        const turn = await kit.turn({ config: (url) => `${standInConfig(url)}[model_providers.${id}]\nname = "mine"\nbase_url = ${tomlString(`${url}/v1`)}\n` });
        return refusedWith(turn, new RegExp(id));
      },
    }),
  ),
  {
    name: 'bedrock-provider-fields-cx-allows-accepted',
    async check(kit) {
      // base_url and aws (region) are in every Bedrock config here; http_headers is added; auth (a token
      // command) would replace the bearer token and is left out.
      const turn = await kit.turn({
        config: (url) => bedrockConfig(url).replace('[model_providers.amazon-bedrock.aws]', 'http_headers = { x-cx-probe = "1" }\n[model_providers.amazon-bedrock.aws]'),
        env: { AWS_BEARER_TOKEN_BEDROCK: 'cx-probe-bedrock-bearer' },
      });
      const problem = completed(turn);
      if (problem) return fails(`${BEDROCK_FIELDS.join(', ')}: ${problem}`);
      return verdict(turn.turns[0]?.headers['x-cx-probe'] === '1', `base_url, aws.region, http_headers: one request, header ${turn.turns[0]?.headers['x-cx-probe'] === '1' ? 'arrived' : 'missing'}`);
    },
  },
  {
    name: 'bedrock-provider-other-field-refused',
    async check(kit) {
      const turn = await kit.turn({ config: (url) => bedrockConfig(url).replace('[model_providers.amazon-bedrock.aws]', 'env_key = "CXP_KEY"\n[model_providers.amazon-bedrock.aws]'), env: { AWS_BEARER_TOKEN_BEDROCK: 'cx-probe-bedrock-bearer' } });
      return refusedWith(turn, /amazon-bedrock|env_key/);
    },
  },
  {
    name: 'bedrock-bearer-token-sent-on-loopback',
    async check(kit) {
      const turn = await kit.turn({ config: (url) => bedrockConfig(url), env: { AWS_BEARER_TOKEN_BEDROCK: 'cx-probe-bedrock-bearer' } });
      const problem = completed(turn);
      return problem ? fails(problem) : verdict(authOf(turn) === 'Bearer cx-probe-bedrock-bearer', `authorization: ${authOf(turn)}, path ${turn.turns[0]?.path ?? ''}`);
    },
  },
  {
    name: 'bedrock-sigv4-signed-on-loopback',
    async check(kit) {
      const turn = await kit.turn({ config: (url) => bedrockConfig(url, '', 'eu-west-1'), env: { AWS_ACCESS_KEY_ID: 'AKIACXPROBE0000000000', AWS_SECRET_ACCESS_KEY: 'cx-probe-secret-access-key' } });
      const problem = completed(turn);
      if (problem) return fails(problem);
      const auth = authOf(turn);
      const ok = /^AWS4-HMAC-SHA256 Credential=AKIACXPROBE0000000000\/\d{8}\/eu-west-1\/bedrock-mantle\/aws4_request/.test(auth);
      return verdict(ok, `authorization: ${auth.replace(/Signature=\w+/, 'Signature=…').slice(0, 140)}`);
    },
  },
  {
    name: 'bedrock-regions-cx-lists-accepted',
    async check(kit) {
      const regions = capabilities.rows['amazon-bedrock'].regions;
      const seen = await mapLimit(regions, 4, (region) => bedrockRegion(kit, region));
      const wrong = seen.filter((s) => !s.accepted).map((s) => `${s.region} (${s.detail})`);
      return verdict(wrong.length === 0, wrong.length === 0 ? `all ${regions.length} reach bedrock-mantle.REGION.api.aws` : `refused: ${wrong.join('; ')}`);
    },
  },
  {
    name: 'bedrock-regions-outside-the-list-refused',
    async check(kit) {
      const regions = ['ca-central-1', 'ap-southeast-2', 'af-south-1', 'me-central-1'];
      const seen = await mapLimit(regions, 4, (region) => bedrockRegion(kit, region));
      const wrong = seen.filter((s) => !s.refused).map((s) => `${s.region} (${s.detail})`);
      return verdict(wrong.length === 0, wrong.length === 0 ? `${regions.join(', ')}: "does not support region"` : `not refused: ${wrong.join('; ')}`);
    },
  },
];

/** Bedrock at its real endpoint behind a loopback proxy: accepted regions try to reach bedrock-mantle.REGION.api.aws. */
async function bedrockRegion(kit: Kit, region: string): Promise<{ region: string; accepted: boolean; refused: boolean; detail: string }> {
  const config = 'model_provider = "amazon-bedrock"\nmodel = "openai.gpt-5.5"\n[analytics]\nenabled = false\n';
  const host = `bedrock-mantle.${region}.api.aws:443`;
  const { result, targets } = await kit.behindProxy({ 'config.toml': config }, { AWS_REGION: region, AWS_BEARER_TOKEN_BEDROCK: 'cx-probe-bedrock-bearer' }, new RegExp(`^${host.replace(/\./g, '\\.')}$`));
  const accepted = targets.includes(host);
  const refused = result.code === 1 && /does not support region/.test(result.stderr) && !accepted;
  return { region, accepted, refused, detail: accepted ? `CONNECT ${host}` : describeRun(result) };
}

// -------------------------------------------------------------------------------------------------
// What a turn asks for: web search, service tier

const webSearchFacts: Fact[] = [
  { provider: 'custom', config: (url: string) => standInConfig(url), env: { [STANDIN_KEY_VAR]: STANDIN_KEY } },
  { provider: 'openai', config: openaiConfig, env: { CODEX_API_KEY: 'cx-probe-codex-api-key' } },
  { provider: 'amazon-bedrock', config: (url: string) => bedrockConfig(url), env: { AWS_BEARER_TOKEN_BEDROCK: 'cx-probe-bedrock-bearer' } },
].flatMap(({ provider, config, env }): Fact[] => [
  {
    name: `web-search-sent-by-default-to-${provider}-in-top-level-tools`,
    async check(kit) {
      const turn = await kit.turn({ config, env });
      const problem = completed(turn);
      if (problem) return fails(problem);
      const tools = toolNames(turn.turns[0]);
      return verdict(tools.includes('web_search'), `top-level tools: ${tools.filter((t) => !/^[a-z_]+$/.test(t) || t.includes('web')).join(', ') || tools.slice(0, 6).join(', ')}`);
    },
  },
  {
    name: `web-search-disabled-not-sent-to-${provider}`,
    async check(kit) {
      const turn = await kit.turn({ config, env, args: ['-c', 'web_search="disabled"', ...EXEC_TURN] });
      const problem = completed(turn);
      if (problem) return fails(problem);
      const all = JSON.stringify(turn.turns[0]?.body ?? null);
      return verdict(!toolNames(turn.turns[0]).includes('web_search') && !all.includes('"web_search"'), `web_search ${all.includes('"web_search"') ? 'still in the request' : 'nowhere in the request'}`);
    },
  },
]);

const serviceTierFacts: Fact[] = [
  {
    name: 'service-tier-dropped-on-bedrock',
    async check(kit) {
      const turn = await kit.turn({ config: (url) => bedrockConfig(url, 'service_tier = "fast"'), env: { AWS_BEARER_TOKEN_BEDROCK: 'cx-probe-bedrock-bearer' } });
      const problem = completed(turn);
      return problem ? fails(problem) : verdict(bodyField(turn.turns[0], 'service_tier') === undefined, `service_tier: ${JSON.stringify(bodyField(turn.turns[0], 'service_tier') ?? null)}`);
    },
  },
  {
    name: 'service-tier-sent-to-custom-provider',
    async check(kit) {
      const turn = await kit.turn({ config: (url) => standInConfig(url, 'service_tier = "fast"').replace(`model = ${tomlString(BASE_MODEL)}`, 'model = "gpt-5.5"') });
      const problem = completed(turn);
      return problem ? fails(problem) : verdict(bodyField(turn.turns[0], 'service_tier') === 'priority', `service_tier: ${JSON.stringify(bodyField(turn.turns[0], 'service_tier') ?? null)}`);
    },
  },
];

// -------------------------------------------------------------------------------------------------
// Config file rules cx checks before codex does

function nested(depth: number): string {
  // `probe_nesting` holds `depth` levels of arrays: [[[…]]].
  return `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}

const configFacts: Fact[] = [
  {
    name: 'config-nesting-limit',
    async check(kit) {
      // cx refuses a config nested deeper than TOML_MAX_DEPTH (by its own nestingDepth); codex must read
      // one exactly that deep and refuse one level more. (--strict-config then stops on the unknown key.)
      const text = (levels: number): string => `probe_nesting = ${nested(levels)}\n`;
      const run = async (levels: number): Promise<{ cx: number; result: RunResult }> => {
        const home = kit.home({ 'config.toml': text(levels) });
        return { cx: nestingDepth(parse(text(levels))), result: await kit.codex(['--strict-config', 'exec', '--skip-git-repo-check', 'x'], home, { timeoutMs: 8_000 }) };
      };
      const [atLimit, over] = await Promise.all([run(TOML_MAX_DEPTH), run(TOML_MAX_DEPTH + 1)]);
      const readAtLimit = atLimit.cx === TOML_MAX_DEPTH && /unknown configuration field `probe_nesting`/.test(atLimit.result.stderr);
      const refusedOver = over.cx === TOML_MAX_DEPTH + 1 && over.result.code === 1 && /recursion|depth/i.test(over.result.stderr);
      return verdict(readAtLimit && refusedOver, `${atLimit.cx} deep (cx's count): ${readAtLimit ? 'read' : describeRun(atLimit.result)}; ${over.cx} deep: ${refusedOver ? 'refused (recursion limit)' : describeRun(over.result)}`);
    },
  },
  {
    name: 'config-keys-known-to-codex',
    async check(kit) {
      // Each key of cx's list, with a value of the wrong type, then an unknown key: codex --strict-config
      // names the first key as unknown only if it does not know it.
      const unknown: string[] = [];
      await mapLimit(configKeys.top_level, 6, async (key) => {
        const home = kit.home({ 'config.toml': `${key} = 1979-05-27T07:32:00Z\ncx_probe_unknown_key = 1\n` });
        const result = await kit.codex(['--strict-config', 'exec', '--skip-git-repo-check', 'x'], home, { timeoutMs: 8_000 });
        if (new RegExp(`unknown configuration field \`${key}\``).test(result.stderr) || !/config\.toml/.test(result.stderr)) unknown.push(key);
      });
      return verdict(unknown.length === 0, unknown.length === 0 ? `all ${configKeys.top_level.length} keys known` : `unknown to this codex: ${unknown.sort().join(', ')}`);
    },
  },
  {
    name: 'safety-setting-values-cx-knows',
    async check(kit) {
      // Each value of cx's list for sandbox_mode and approval_policy is read (codex --strict-config then
      // stops on the unknown key of line 2); a value outside it is refused at line 1.
      const cases = Object.entries(configKeys.safety).flatMap(([key, values]) => [...values.map((value) => ({ key, value, known: true })), { key, value: 'strict', known: false }]);
      const wrong: string[] = [];
      await mapLimit(cases, 6, async ({ key, value, known }) => {
        const home = kit.home({ 'config.toml': `${key} = ${tomlString(value)}\ncx_probe_unknown_key = 1\n` });
        const result = await kit.codex(['--strict-config', 'exec', '--skip-git-repo-check', 'x'], home, { timeoutMs: 8_000 });
        const read = /unknown configuration field `cx_probe_unknown_key`/.test(result.stderr);
        const refused = result.code === 1 && /unknown variant/.test(result.stderr);
        if (known ? !read : !refused) wrong.push(`${key} = "${value}": ${describeRun(result)}`);
      });
      return verdict(wrong.length === 0, wrong.length === 0 ? `${cases.length - 2} values read, "strict" refused for both` : wrong.join('; '));
    },
  },
  {
    name: 'unknown-config-key-ignored-with-a-warning',
    async check(kit) {
      // `sandbox = "strict"` (an article's key): codex runs unsandboxed-as-configured and only warns.
      const turn = await kit.turn({ config: (url) => standInConfig(url, 'sandbox = "strict"') });
      const problem = completed(turn);
      if (problem) return fails(problem);
      return verdict(/`sandbox` is ignored/.test(turn.result.stderr), /`sandbox` is ignored/.test(turn.result.stderr) ? 'exit 0; codex warns "`sandbox` is ignored"' : 'exit 0, no warning');
    },
  },
];

// -------------------------------------------------------------------------------------------------
// Peers cx wraps: doctor, completion, the npm launcher

const COMPLETION_SHAPES: Readonly<Record<string, readonly RegExp[]>> = {
  bash: [/^_codex\(\) \{/m, /complete -F _codex .*\bcodex\b/],
  zsh: [/^#compdef codex\b/, /^_codex\(\) \{/m],
  fish: [/^complete -c codex /m],
};

const peerFacts: Fact[] = [
  {
    name: 'doctor-json-schema',
    async check(kit) {
      const home = kit.home({ 'config.toml': '[analytics]\nenabled = false\n' });
      const result = await kit.codex(['doctor', '--json'], home, { timeoutMs: 12_000 });
      if (result.code !== 0 && result.code !== 1) return fails(describeRun(result));
      let data: unknown;
      try {
        data = JSON.parse(result.stdout);
      } catch {
        return fails(`stdout is not JSON (${describeRun(result)})`);
      }
      const d = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
      const checks = d['checks'];
      const entries = typeof checks === 'object' && checks !== null && !Array.isArray(checks) ? Object.values(checks) : [];
      const wellFormed = entries.every((c) => typeof c === 'object' && c !== null && typeof (c as Record<string, unknown>)['status'] === 'string' && typeof (c as Record<string, unknown>)['summary'] === 'string');
      const ok = typeof d['schemaVersion'] === 'number' && typeof d['overallStatus'] === 'string' && entries.length > 0 && wellFormed;
      return verdict(ok, `schemaVersion ${String(d['schemaVersion'])}, overallStatus ${String(d['overallStatus'])}, ${entries.length} checks${wellFormed ? ' with status and summary' : ', some without status/summary'}; exit ${String(result.code)}`);
    },
  },
  {
    name: 'completion-script-shape',
    async check(kit) {
      const home = kit.home({});
      const wrong: string[] = [];
      for (const [shell, patterns] of Object.entries(COMPLETION_SHAPES)) {
        const result = await kit.codex(['completion', shell], home, { timeoutMs: 8_000 });
        for (const pattern of patterns) if (result.code !== 0 || !pattern.test(result.stdout)) wrong.push(`${shell}: no ${pattern.source}`);
      }
      return verdict(wrong.length === 0, wrong.length === 0 ? 'bash: _codex + complete -F; zsh: #compdef codex + _codex; fish: complete -c codex' : wrong.join('; '));
    },
  },
  {
    name: 'npm-launcher-layout',
    async appliesTo(kit) {
      return kit.target.launcher === null ? 'no npm launcher given (pass @openai/codex/bin/codex.js)' : null;
    },
    async check(kit) {
      const launcher = realpathSync(kit.target.launcher ?? '');
      const read = readNpmLauncher(launcher, launcher, {});
      if (read === null) return fails(`${launcher} is not @openai/codex's bin/codex.js as cx reads it`);
      if (read.native === null) return fails(`cx finds no native binary behind ${launcher}`);
      return verdict(realpathSync(read.native) === realpathSync(kit.target.bin), `cx finds ${read.native}`);
    },
  },
  {
    name: 'npm-launcher-managed-environment',
    async appliesTo(kit) {
      return kit.target.launcher === null ? 'no npm launcher given (pass @openai/codex/bin/codex.js)' : null;
    },
    async check(kit) {
      const launcher = realpathSync(kit.target.launcher ?? '');
      const expected = readNpmLauncher(launcher, launcher, {});
      if (expected === null) return fails('cx does not recognise the launcher');
      const turn = await kit.turn({ config: (url) => standInConfig(url), program: { file: process.execPath, args: [launcher] }, standIn: runTool("env | grep '^CODEX_MANAGED_' | sort", 'call_managed') });
      const seen = toolResult(turn, 'call_managed');
      if ('problem' in seen) return fails(seen.problem);
      const got = Object.fromEntries(seen.output.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      const want: Record<string, string> = { ...expected.envSet };
      const same = JSON.stringify(Object.entries(got).sort()) === JSON.stringify(Object.entries(want).sort());
      return verdict(same, `launcher sets ${Object.keys(got).sort().join(', ') || 'nothing'}; cx sets ${Object.keys(want).sort().join(', ')}`);
    },
  },
];

/** Every fact, in the order the table prints them. */
export const FACTS: readonly Fact[] = [...profileFacts, ...commandFacts, ...credentialFacts, ...providerFacts, ...webSearchFacts, ...serviceTierFacts, ...configFacts, ...peerFacts];
