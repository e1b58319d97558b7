// The compatibility preflight through the built cx, as users and scripts see it: every finding code
// and every table row through `cx explain --json` (a fake codex that must never run), `[compat]`
// and `[fallbacks]` in cx's config, and what a real launch prints (warnings, --cx-force, failover).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-status.ts';
import { type CxResult, cleanEnv, runCx, tempDir } from '../helpers/cx-process.ts';
import { type Recorder, recorderFake } from '../helpers/fake-codex.ts';

interface Finding {
  level: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  fix: string | null;
}

interface Explained {
  findings: Finding[];
  launch: boolean;
  command: { bin: string | null; args: string[] };
  profile: { name: string | null; source: string };
  model: string | null;
  compat: { row: string; why: string; asks: Record<string, unknown> } | null;
  failover: { profile: string; outcome: string; codes: string[] }[];
}

const BEDROCK_TOKEN = 'bedrock-token-SENTINEL-4d1e';
const GW_KEY = 'gw-key-SENTINEL-77ab';

// Profile bodies. Top-level keys go first: a table header would swallow the lines after it.
const bedrock = (top = '', region = 'us-east-1', tail = ''): string =>
  `model_provider = "amazon-bedrock"\nmodel = "openai.gpt-5.5"\n${top}\n${tail}\n[model_providers.amazon-bedrock.aws]\nregion = "${region}"\n`;
const gateway = (top = '', extra = ''): string =>
  `model_provider = "gw"\nmodel = "gw-model"\n${top}\n[model_providers.gw]\nname = "gateway"\nbase_url = "https://llm.corp.example/v1"\nenv_key = "CX_COMPAT_GW_KEY"\n${extra}\n`;
const azure = (model: string): string =>
  `model_provider = "corp-azure"\nmodel = "${model}"\nweb_search = "disabled"\n[model_providers.corp-azure]\nbase_url = "https://x.openai.azure.com/openai"\nenv_key = "CX_COMPAT_GW_KEY"\nquery_params = { api-version = "2025-04-01-preview" }\n`;

interface World {
  /** config.toml in CODEX_HOME. */
  config?: string;
  /** NAME → NAME.config.toml. */
  profiles?: Record<string, string>;
  /** cx's own config (CX_CONFIG). */
  cx?: string;
  env?: Record<string, string>;
  /** A ChatGPT login (auth.json in CODEX_HOME). */
  chatgpt?: boolean;
}

let recorder: Recorder;
beforeAll(() => {
  recorder = recorderFake(join(tempDir('cx-compat-fake-'), 'codex'));
});

function setUp(world: World): { env: Record<string, string>; codexHome: string; cxConfig: string } {
  const codexHome = tempDir('cx-compat-home-');
  writeFileSync(join(codexHome, 'config.toml'), world.config ?? '[analytics]\nenabled = false\n');
  for (const [name, body] of Object.entries(world.profiles ?? {})) writeFileSync(join(codexHome, `${name}.config.toml`), body);
  if (world.chatgpt) writeFileSync(join(codexHome, 'auth.json'), '{}\n', { mode: 0o600 });
  const cxConfig = join(tempDir('cx-compat-cx-'), 'config.toml');
  if (world.cx !== undefined) writeFileSync(cxConfig, world.cx);
  const env = cleanEnv({
    CX_CODEX_BIN: recorder.bin,
    CODEX_HOME: codexHome,
    CX_CONFIG: cxConfig,
    AWS_BEARER_TOKEN_BEDROCK: BEDROCK_TOKEN,
    AWS_EC2_METADATA_DISABLED: 'true',
    CX_COMPAT_GW_KEY: GW_KEY,
    // Nothing here needs the keyring: make any attempt fail at once rather than wait.
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/cx-compat-bus',
    CX_KEYRING_TIMEOUT_MS: '2000',
    ...world.env,
  });
  return { env, codexHome, cxConfig };
}

function diagnose(result: CxResult): string {
  return `exit ${String(result.exitCode)}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
}

/** `cx explain --json ARGS` in this world; checks that nothing was launched and nothing leaked. */
async function explain(world: World, args: readonly string[]): Promise<{ result: CxResult; plan: Explained }> {
  recorder.reset();
  const result = await runCx(['explain', '--json', ...args], { env: setUp(world).env, cwd: tempDir('cx-compat-cwd-') });
  expect(recorder.ran(), 'explain launched codex').toBe(false);
  expect(`${result.stdout}${result.stderr}`).not.toContain(BEDROCK_TOKEN);
  expect(`${result.stdout}${result.stderr}`).not.toContain(GW_KEY);
  let plan: Explained;
  try {
    plan = JSON.parse(result.stdout) as Explained;
  } catch {
    throw new Error(`explain --json printed no JSON\n${diagnose(result)}`);
  }
  return { result, plan };
}

interface Case {
  code: string;
  level: Finding['level'];
  launch: boolean;
  status: number;
  world: World;
  args: string[];
  check?: (plan: Explained) => void;
}

const EXEC = ['exec', 'hi'];
const cx = (world: World, ...args: string[]): { world: World; args: string[] } => ({ world, args });

const CASES: Case[] = [
  {
    code: 'web-search-unsupported', level: 'error', launch: false, status: EXIT.blocked,
    ...cx({ profiles: { bedrock: bedrock('web_search = "live"') } }, '+bedrock', ...EXEC),
  },
  {
    code: 'web-search-turned-off', level: 'info', launch: true, status: 0,
    ...cx({ profiles: { bedrock: bedrock() } }, '+bedrock', ...EXEC),
    check: (plan) => expect(plan.command.args).toEqual(['-c', 'web_search="disabled"', '-p', 'bedrock', 'exec', 'hi']),
  },
  {
    code: 'search-flag-exec', level: 'error', launch: false, status: EXIT.blocked,
    ...cx({ profiles: { gw: gateway() } }, '+gw', 'exec', '--search', 'hi'),
  },
  {
    code: 'web-search-deprecated-feature', level: 'warning', launch: true, status: 0,
    ...cx({ profiles: { gw: gateway('', '[features]\nweb_search_cached = true') } }, '+gw', ...EXEC),
  },
  {
    code: 'service-tier-unsupported', level: 'warning', launch: true, status: 0,
    ...cx({ profiles: { bedrock: bedrock('service_tier = "fast"') } }, '+bedrock', ...EXEC),
  },
  {
    code: 'image-generation-unsupported', level: 'warning', launch: true, status: 0,
    ...cx({ profiles: { bedrock: bedrock('', 'us-east-1', '[features]\nimage_generation = true') } }, '+bedrock', ...EXEC),
  },
  {
    code: 'codex-cloud-needs-chatgpt', level: 'error', launch: false, status: EXIT.blocked,
    ...cx({}, 'cloud'),
  },
  {
    code: 'voice-unsupported', level: 'warning', launch: true, status: 0,
    ...cx({ profiles: { bedrock: bedrock('', 'us-east-1', '[features]\nin_app_voice = true') } }, '+bedrock', ...EXEC),
  },
  {
    code: 'data-residency', level: 'info', launch: true, status: 0,
    ...cx({ profiles: { bedrock: bedrock('web_search = "disabled"') } }, '+bedrock', ...EXEC),
  },
  {
    code: 'model-unknown', level: 'warning', launch: true, status: 0,
    ...cx({ profiles: { bedrock: bedrock('web_search = "disabled"') }, cx: '[compat.rows.amazon-bedrock]\nmodels = ["openai.gpt-oss-120b"]\n' }, '+bedrock', ...EXEC),
  },
  {
    code: 'model-needs-chatgpt-auth', level: 'error', launch: false, status: EXIT.blocked,
    ...cx({ profiles: { az: azure('gpt-5.5') } }, '+az', ...EXEC),
  },
  {
    // An article's Bedrock model id: only a pattern says it is wrong, so a warning (error under strict mode, below).
    code: 'bedrock-model-id', level: 'warning', launch: true, status: 0,
    ...cx({ profiles: { bedrock: bedrock('web_search = "disabled"') } }, '+bedrock', '-m', 'anthropic.claude-sonnet-4-20250514', ...EXEC),
  },
  {
    // An article's `sandbox = "strict"`: codex ignores the key.
    code: 'config-key-unknown', level: 'warning', launch: true, status: 0,
    ...cx({ profiles: { gw: gateway('sandbox = "strict"') } }, '+gw', ...EXEC),
    check: (plan) => expect(plan.findings.find((f) => f.code === 'config-key-unknown')?.message).toMatch(/gw\.config\.toml:\d+: `sandbox` is not a codex setting.*did you mean `sandbox_mode`/),
  },
  {
    code: 'config-value-invalid', level: 'error', launch: false, status: EXIT.config,
    ...cx({ profiles: { gw: gateway('sandbox_mode = "strict"') } }, '+gw', ...EXEC),
  },
  {
    code: 'azure-model-not-deployment', level: 'warning', launch: true, status: 0,
    ...cx({ profiles: { az: azure('gpt-4.1') } }, '+az', ...EXEC),
  },
  {
    code: 'region-unsupported', level: 'error', launch: false, status: EXIT.blocked,
    ...cx({ profiles: { bedrock: bedrock('web_search = "disabled"', 'ca-central-1') } }, '+bedrock', ...EXEC),
  },
  {
    code: 'region-govcloud', level: 'error', launch: false, status: EXIT.blocked,
    ...cx({ profiles: { bedrock: bedrock('web_search = "disabled"', 'us-gov-west-1') } }, '+bedrock', ...EXEC),
  },
  {
    code: 'provider-not-available', level: 'error', launch: false, status: EXIT.blocked,
    ...cx({ profiles: { oci: 'model_provider = "oci"\nmodel = "m"\n[model_providers.oci]\nbase_url = "https://inference.generativeai.us-chicago-1.oci.oraclecloud.com/v1"\nenv_key = "CX_COMPAT_GW_KEY"\n' } }, '+oci', ...EXEC),
  },
  {
    code: 'reasoning-effort-invalid', level: 'error', launch: false, status: EXIT.blocked,
    ...cx({ profiles: { gw: gateway('model_reasoning_effort = "bogus"') } }, '+gw', ...EXEC),
  },
  {
    code: 'config-top-level-profile', level: 'error', launch: false, status: EXIT.config,
    ...cx({ config: 'profile = "gw"\n', profiles: { gw: gateway() } }, '+gw', ...EXEC),
  },
  {
    // The run applies the table (+old), so cx says what happens to its providers: a warning.
    code: 'legacy-profile-model-providers', level: 'warning', launch: true, status: 0,
    ...cx({ config: '[profiles.old]\nmodel = "gw-model"\nmodel_provider = "gw2"\n[profiles.old.model_providers.gw2]\nname = "gw2"\nbase_url = "https://llm.corp.example/v1"\nenv_key = "CX_COMPAT_GW_KEY"\n' }, '+old', ...EXEC),
  },
  {
    code: 'wire-api-chat', level: 'error', launch: false, status: EXIT.config,
    ...cx({ profiles: { gw: gateway('', 'wire_api = "chat"') } }, '+gw', ...EXEC),
  },
  {
    code: 'bedrock-provider-field', level: 'error', launch: false, status: EXIT.config,
    ...cx({ profiles: { bedrock: bedrock().replace('[model_providers.amazon-bedrock.aws]', '[model_providers.amazon-bedrock]\nrequest_max_retries = 1\n[model_providers.amazon-bedrock.aws]') } }, '+bedrock', ...EXEC),
  },
  {
    code: 'reserved-provider-redefined', level: 'error', launch: false, status: EXIT.config,
    ...cx({ config: '[model_providers.openai]\nname = "mine"\n', profiles: { gw: gateway() } }, '+gw', ...EXEC),
  },
  {
    code: 'openai-base-url-env', level: 'warning', launch: true, status: 0,
    ...cx({ env: { CODEX_API_KEY: 'sk-codex-x', OPENAI_BASE_URL: 'https://proxy.example/v1' } }, ...EXEC),
  },
  {
    code: 'openai-api-key-only', level: 'info', launch: true, status: 0,
    ...cx({ env: { OPENAI_API_KEY: 'sk-openai-x' } }, ...EXEC),
  },
  {
    code: 'codex-profile-env', level: 'info', launch: true, status: 0,
    ...cx({ profiles: { gw: gateway() }, env: { CODEX_PROFILE: 'gw' } }, ...EXEC),
    check: (plan) => expect(plan.profile).toMatchObject({ name: 'gw', source: 'env:CODEX_PROFILE' }),
  },
  {
    code: 'aws-region-missing', level: 'error', launch: false, status: EXIT.blocked,
    ...cx({ profiles: { bedrock: 'model_provider = "amazon-bedrock"\nmodel = "openai.gpt-5.5"\nweb_search = "disabled"\n' } }, '+bedrock', ...EXEC),
  },
  {
    code: 'forced', level: 'warning', launch: true, status: 0,
    ...cx({ profiles: { bedrock: bedrock('web_search = "live"') } }, '--cx-force', '+bedrock', ...EXEC),
    check: (plan) => {
      const forced = plan.findings.find((f) => f.code === 'forced');
      expect(forced?.message).toContain('web-search-unsupported');
      // The overridden error is still shown, and no -c turns search off.
      expect(plan.findings.some((f) => f.code === 'web-search-unsupported')).toBe(true);
      expect(plan.command.args).toEqual(['-p', 'bedrock', 'exec', 'hi']);
    },
  },
  {
    code: 'fallback-used', level: 'warning', launch: true, status: 0,
    ...cx({ profiles: { bedrock: bedrock('web_search = "live"'), gw: gateway() }, cx: '[fallbacks]\nbedrock = ["gw"]\n' }, '+bedrock', ...EXEC),
    check: (plan) => {
      expect(plan.profile).toMatchObject({ name: 'gw', source: 'fallback' });
      expect(plan.command.args).toEqual(['-p', 'gw', 'exec', 'hi']);
    },
  },
  {
    code: 'fallback-exhausted', level: 'error', launch: false, status: EXIT.blocked,
    ...cx({ profiles: { bedrock: bedrock('web_search = "live"'), effort: gateway('model_reasoning_effort = "bogus"') }, cx: '[fallbacks]\nbedrock = ["effort"]\n' }, '+bedrock', ...EXEC),
  },
];

describe('every finding code through cx explain --json', () => {
  it('the table covers every code the brief lists, once', () => {
    expect(new Set(CASES.map((c) => c.code)).size).toBe(CASES.length);
    expect(CASES).toHaveLength(31);
  });

  it.each(CASES)('$code: $level, launch $launch, exit $status', async (c) => {
    const { result, plan } = await explain(c.world, c.args);
    const found = plan.findings.filter((f) => f.code === c.code);
    expect(found, diagnose(result)).toHaveLength(1);
    const finding = found[0] as Finding;
    expect(finding.level).toBe(c.level);
    expect(finding.message.trim().length).toBeGreaterThan(10);
    expect(finding).toHaveProperty('fix');
    if (c.level === 'info') expect(finding.fix === null || finding.fix.length > 0).toBe(true);
    else expect(typeof finding.fix === 'string' && finding.fix.length > 5, `fix of ${c.code}: ${String(finding.fix)}`).toBe(true);
    expect(plan.launch, diagnose(result)).toBe(c.launch);
    expect(result.exitCode, diagnose(result)).toBe(c.status);
    // Every finding of every plan, not only this one, has a fix key.
    for (const f of plan.findings) expect(f).toHaveProperty('fix');
    expect(result.stderr).toBe('');
    c.check?.(plan);
  });

  it('explain --cx-force says it would launch, and exits 0, as the launch does', async () => {
    const c = CASES.find((x) => x.code === 'forced') as Case;
    const { result, plan } = await explain(c.world, c.args);
    expect(plan.launch).toBe(true);
    expect(result.exitCode).toBe(0);
  });

  it('aws-region-missing carries a fix', async () => {
    const c = CASES.find((x) => x.code === 'aws-region-missing') as Case;
    const { plan } = await explain(c.world, c.args);
    expect(typeof plan.findings.find((f) => f.code === 'aws-region-missing')?.fix).toBe('string');
  });
});

describe('every table row through cx explain --json', () => {
  const ROWS: [string, World, string[], string][] = [
    ['openai-chatgpt', { chatgpt: true }, EXEC, 'model_provider openai with a ChatGPT login'],
    ['openai-api-key', { env: { OPENAI_API_KEY: 'sk-x' } }, EXEC, 'model_provider openai with an API key'],
    ['amazon-bedrock', { profiles: { b: bedrock() } }, ['+b', ...EXEC], 'model_provider amazon-bedrock'],
    ['amazon-bedrock', { profiles: { b: bedrock().replace('"amazon-bedrock"', '"amazon-bedrock-runtime"').replace('amazon-bedrock.aws', 'amazon-bedrock-runtime.aws') } }, ['+b', ...EXEC], 'model_provider amazon-bedrock-runtime'],
    ['azure', { profiles: { az: azure('prod') } }, ['+az', ...EXEC], 'base_url https://x.openai.azure.com/openai matches *.openai.azure.com*'],
    ['oci', { profiles: { o: 'model_provider = "oci"\n[model_providers.oci]\nbase_url = "https://x/v1"\nenv_key = "CX_COMPAT_GW_KEY"\n' } }, ['+o', ...EXEC], 'model_provider oci'],
    ['ollama', { profiles: { l: 'model_provider = "ollama"\nmodel = "gpt-oss:20b"\n' } }, ['+l', ...EXEC], 'model_provider ollama'],
    ['lmstudio', { profiles: { l: 'model_provider = "lmstudio"\nmodel = "m"\n' } }, ['+l', ...EXEC], 'model_provider lmstudio'],
    ['custom', { profiles: { gw: gateway() } }, ['+gw', ...EXEC], 'model_provider gw is a custom provider'],
  ];
  it.each(ROWS)('%s (%s)', async (row, world, args, why) => {
    const { result, plan } = await explain(world, args);
    expect(plan.compat, diagnose(result)).toMatchObject({ row, why });
  });

  it('a user\'s row from cx\'s config wins over the catch-all', async () => {
    const { plan } = await explain({ profiles: { gw: gateway() }, cx: '[compat.rows.corp-gateway]\nbase_urls = ["https://llm.corp.example/*"]\nfeatures = { web_search = "no" }\n' }, ['+gw', ...EXEC]);
    expect(plan.compat).toMatchObject({ row: 'corp-gateway', why: 'base_url https://llm.corp.example/v1 matches https://llm.corp.example/*' });
    // Its cells apply: codex's default web search is turned off for it.
    expect(plan.findings.map((f) => f.code)).toContain('web-search-turned-off');
    expect(plan.command.args.slice(0, 2)).toEqual(['-c', 'web_search="disabled"']);
  });

  it('no compat for a command that runs no model', async () => {
    const { plan } = await explain({ profiles: { b: bedrock('web_search = "live"') } }, ['+b', 'login', 'status']);
    expect(plan.compat).toBeNull();
    expect(plan.findings.filter((f) => f.level === 'error')).toEqual([]);
  });
});

describe('[compat] and [fallbacks] in cx\'s config', () => {
  it('an override that flips a cell changes the outcome: Bedrock with web_search = "yes" launches with search on', async () => {
    const world: World = { profiles: { bedrock: bedrock('web_search = "live"') } };
    const before = await explain(world, ['+bedrock', ...EXEC]);
    expect(before.result.exitCode).toBe(EXIT.blocked);
    const after = await explain({ ...world, cx: '[compat.rows.amazon-bedrock.features]\nweb_search = "yes"\n' }, ['+bedrock', ...EXEC]);
    expect(after.result.exitCode, diagnose(after.result)).toBe(0);
    expect(after.plan.launch).toBe(true);
    expect(after.plan.findings.filter((f) => f.code.startsWith('web-search'))).toEqual([]);
    // And codex's default is no longer turned off either.
    const byDefault = await explain({ profiles: { bedrock: bedrock() }, cx: '[compat.rows.amazon-bedrock.features]\nweb_search = "yes"\n' }, ['+bedrock', ...EXEC]);
    expect(byDefault.plan.command.args).toEqual(['-p', 'bedrock', 'exec', 'hi']);
  });

  it('an override that adds a region, or a reasoning effort, lets the run through', async () => {
    const region = await explain({ profiles: { b: bedrock('web_search = "disabled"', 'ca-central-1') }, cx: '[compat.rows.amazon-bedrock]\nregions = ["ca-central-1"]\n' }, ['+b', ...EXEC]);
    expect(region.result.exitCode, diagnose(region.result)).toBe(0);
    const effort = await explain({ profiles: { gw: gateway('model_reasoning_effort = "turbo"') }, cx: '[compat]\nreasoning_efforts = ["low", "turbo"]\n' }, ['+gw', ...EXEC]);
    expect(effort.result.exitCode, diagnose(effort.result)).toBe(0);
  });

  const MALFORMED: [string, string, number, string][] = [
    ['a bad feature value', '# cx\n[compat.rows.amazon-bedrock.features]\nweb_search = "maybe"\n', 3, 'web_search'],
    ['an unknown feature', '# cx\n[compat.rows.amazon-bedrock.features]\nteleport = "yes"\n', 3, 'teleport'],
    ['an unknown row key', '# cx\n[compat.rows.amazon-bedrock]\nregoins = ["us-east-1"]\n', 3, 'regoins'],
    ['regions not a list', '# cx\n\n[compat.rows.amazon-bedrock]\nregions = "us-east-1"\n', 4, 'regions'],
    ['an unknown [compat] key', '# cx\n[compat]\nrowz = {}\n', 3, 'rowz'],
    ['reasoning_efforts not strings', '[compat]\nreasoning_efforts = [1]\n', 2, 'reasoning_efforts'],
    ['[fallbacks] not a list', '# cx\n[fallbacks]\nbedrock = "gw"\n', 3, 'bedrock'],
    ['[fallbacks] naming itself', '# cx\n[fallbacks]\nbedrock = ["gw", "bedrock"]\n', 3, 'names itself'],
    ['[fallbacks] with a bad name', '# cx\n[fallbacks]\nbedrock = ["a b"]\n', 3, 'bedrock'],
    ['fallbacks not a table', 'fallbacks = ["gw"]\n', 1, 'fallbacks'],
  ];
  it.each(MALFORMED)('%s: exit 78 naming the file and line', async (_what, text, line, mention) => {
    const world: World = { profiles: { bedrock: bedrock() }, cx: text };
    const { env, cxConfig } = setUp(world);
    for (const args of [['explain', '--json', '+bedrock', ...EXEC], ['+bedrock', ...EXEC]]) {
      recorder.reset();
      const result = await runCx(args, { env });
      expect(result.exitCode, diagnose(result)).toBe(EXIT.config);
      expect(result.stderr).toContain(`${cxConfig}:${line}:`);
      expect(result.stderr).toContain(mention);
      expect(result.stderr.split('\n')).toHaveLength(1);
      expect(recorder.ran()).toBe(false);
    }
  });

  const MALFORMED_NO_LINE: [string, string, number][] = [
    ['a new row that covers nothing', '# cx\n[compat.rows.my-gateway]\nlabel = "x"\n', 2],
    ['a bad value in an inline features table', '# cx\n[compat.rows.amazon-bedrock]\nfeatures = { web_search = "maybe" }\n', 3],
    ['a bad value whose key an earlier row also sets', '# cx\n[compat.rows.azure]\nlabel = "a"\n[compat.rows.amazon-bedrock]\nlabel = 3\n', 5],
  ];
  it.each(MALFORMED_NO_LINE)('%s: exit 78 naming the file', async (_what, text) => {
    const { env, cxConfig } = setUp({ profiles: { bedrock: bedrock() }, cx: text });
    const result = await runCx(['explain', '--json', '+bedrock', ...EXEC], { env });
    expect(result.exitCode, diagnose(result)).toBe(EXIT.config);
    expect(result.stderr).toContain(cxConfig);
  });
  it.each(MALFORMED_NO_LINE)('%s: names the right line', async (_what, text, line) => {
    const { env, cxConfig } = setUp({ profiles: { bedrock: bedrock() }, cx: text });
    const result = await runCx(['explain', '--json', '+bedrock', ...EXEC], { env });
    expect(result.stderr).toContain(`${cxConfig}:${line}:`);
  });
});

describe('what a launch prints', () => {
  async function launch(world: World, args: readonly string[]): Promise<CxResult> {
    recorder.reset();
    return runCx(args, { env: setUp(world).env, cwd: tempDir('cx-compat-cwd-') });
  }

  it('one `cx: warning:` line per warning on stderr, nothing on stdout, no info; codex runs with the -c cx added', async () => {
    const profile = bedrock('service_tier = "fast"', 'us-east-1', '[features]\nimage_generation = true\nin_app_voice = true');
    const world: World = { profiles: { bedrock: profile }, env: { CODEX_PROFILE: 'other' } };
    const { plan } = await explain(world, ['+bedrock', ...EXEC]);
    const warnings = plan.findings.filter((f) => f.level === 'warning');
    expect(warnings.map((f) => f.code)).toEqual(['service-tier-unsupported', 'image-generation-unsupported', 'voice-unsupported']);
    const infos = plan.findings.filter((f) => f.level === 'info');
    expect(infos.map((f) => f.code).sort()).toEqual(['codex-profile-env', 'data-residency', 'web-search-turned-off']);

    const result = await launch(world, ['+bedrock', ...EXEC]);
    expect(result.exitCode, diagnose(result)).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual(warnings.map((f) => `cx: warning: ${f.message}`));
    for (const info of infos) expect(result.stderr).not.toContain(info.message);
    expect(recorder.read().argv).toEqual(['-c', 'web_search="disabled"', '-p', 'bedrock', 'exec', 'hi']);
  });

  it('a clean run prints nothing of cx\'s at all (its info findings stay in explain)', async () => {
    const result = await launch({ profiles: { bedrock: bedrock() } }, ['+bedrock', ...EXEC]);
    expect(result.exitCode, diagnose(result)).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('');
    expect(recorder.ran()).toBe(true);
  });

  it('a blocked run: one error line with the fix, exit 69, codex never runs', async () => {
    const result = await launch({ profiles: { bedrock: bedrock('web_search = "live"') } }, ['+bedrock', ...EXEC]);
    expect(result.exitCode).toBe(EXIT.blocked);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^cx: this run asks for web search .* — set web_search = "disabled" in this profile.*; or pass --cx-force to launch anyway$/);
    // Said once, not once by the finding's fix and again by the refusal.
    expect(lines[0]?.split('--cx-force')).toHaveLength(2);
    expect(recorder.ran()).toBe(false);
  });

  it('configuration codex would reject: exit 78, codex never runs', async () => {
    const result = await launch({ profiles: { gw: gateway('', 'wire_api = "chat"') } }, ['+gw', ...EXEC]);
    expect(result.exitCode).toBe(EXIT.config);
    expect(result.stderr).toContain('wire_api = "chat"');
    expect(recorder.ran()).toBe(false);
  });

  it('--cx-force launches, with one `forced` warning line, and the arguments untouched', async () => {
    const result = await launch({ profiles: { bedrock: bedrock('web_search = "live"') } }, ['--cx-force', '+bedrock', ...EXEC]);
    expect(result.exitCode, diagnose(result)).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('cx: warning: launching despite: web-search-unsupported (--cx-force)');
    expect(recorder.read().argv).toEqual(['-p', 'bedrock', 'exec', 'hi']);
  });

  it('failover: one fallback-used warning line, codex runs with the fallback profile', async () => {
    const world: World = { profiles: { bedrock: bedrock('web_search = "live"'), gw: gateway() }, cx: '# cx\n[fallbacks]\nbedrock = ["effort", "gw"]\n', };
    world.profiles = { ...world.profiles, effort: gateway('model_reasoning_effort = "bogus"') };
    const result = await launch(world, ['+bedrock', ...EXEC]);
    expect(result.exitCode, diagnose(result)).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('cx: warning: profile bedrock failed preflight (web-search-unsupported); using fallback gw (after effort failed too)');
    expect(recorder.read().argv).toEqual(['-p', 'gw', 'exec', 'hi']);
  });

  it('failover exhausted: the refusal says the fallbacks failed too; codex never runs', async () => {
    const world: World = { profiles: { bedrock: bedrock('web_search = "live"'), effort: gateway('model_reasoning_effort = "bogus"') }, cx: '[fallbacks]\nbedrock = ["effort"]\n' };
    const result = await launch(world, ['+bedrock', ...EXEC]);
    expect(result.exitCode).toBe(EXIT.blocked);
    // One line per problem: the profile's own, then the fallbacks', then the one --cx-force offer.
    const lines = result.stderr.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^cx: this run asks for web search/);
    expect(lines[1]).toContain('profile bedrock and its fallbacks (effort');
    expect(lines[1]).toContain('effort: reasoning-effort-invalid');
    expect(lines[2]).toBe('cx: or pass --cx-force to launch anyway, despite all of these');
    expect(recorder.ran()).toBe(false);
  });

  it('a -p in codex\'s arguments is never failed over', async () => {
    const world: World = { profiles: { bedrock: bedrock('web_search = "live"'), gw: gateway() }, cx: '[fallbacks]\nbedrock = ["gw"]\n' };
    const result = await launch(world, ['exec', '-p', 'bedrock', 'hi']);
    expect(result.exitCode).toBe(EXIT.blocked);
    expect(result.stderr).not.toContain('fallback');
    expect(recorder.ran()).toBe(false);
  });
});

describe('the failover chain in explain', () => {
  const world: World = {
    profiles: { bedrock: bedrock('web_search = "live"'), effort: gateway('model_reasoning_effort = "bogus"'), gw: gateway(), spare: gateway() },
    cx: '# cx\n[fallbacks]\nbedrock = ["effort", "gw", "spare"]\n',
  };

  it('--json: failover lists each profile, what happened and why', async () => {
    const { result, plan } = await explain(world, ['+bedrock', ...EXEC]);
    expect(result.exitCode).toBe(0);
    expect(plan.failover).toEqual([
      { profile: 'bedrock', outcome: 'failed', codes: ['web-search-unsupported'] },
      { profile: 'effort', outcome: 'failed', codes: ['reasoning-effort-invalid'] },
      { profile: 'gw', outcome: 'selected', codes: [] },
      { profile: 'spare', outcome: 'not-tried', codes: [] },
    ]);
    expect(plan.profile).toMatchObject({ name: 'gw', source: 'fallback' });
    // Without failover, the array is there and empty.
    expect((await explain({ profiles: { gw: gateway() } }, ['+gw', ...EXEC])).plan.failover).toEqual([]);
  });

  it('text: a failover block, the fallback in the profile line', async () => {
    const { env } = setUp(world);
    const result = await runCx(['explain', '--verbose', '+bedrock', ...EXEC], { env });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('cx would launch codex');
    expect(result.stdout).toMatch(/^failover  bedrock failed \(web-search-unsupported\)$/m);
    expect(result.stdout).toMatch(/^ {10}effort failed \(reasoning-effort-invalid\)$/m);
    expect(result.stdout).toMatch(/^ {10}gw selected$/m);
    expect(result.stdout).toMatch(/^ {10}spare not-tried$/m);
    expect(result.stdout).toMatch(/^profile {3}gw from .*:3$/m);
    expect(result.stdout).toContain('warning: profile bedrock failed preflight (web-search-unsupported); using fallback gw (after effort failed too) [fallback-used]');
  });

  it('--cx-force does not fail over: it launches the selected profile', async () => {
    const { plan } = await explain(world, ['--cx-force', '+bedrock', ...EXEC]);
    expect(plan.failover).toEqual([]);
    expect(plan.profile.name).toBe('bedrock');
  });
});

it('the fake codex is really there (so "never ran" means something)', () => {
  expect(existsSync(recorder.bin)).toBe(true);
});

describe("the articles' configs under strict mode (--cx-strict, CX_STRICT=1)", () => {
  it.each([
    { how: 'CX_STRICT=1', env: { CX_STRICT: '1' }, flag: [] },
    { how: '--cx-strict', env: {}, flag: ['--cx-strict'] },
  ])('$how: an unknown safety key (sandbox = "strict") is an error, refused with 69', async ({ env, flag }) => {
    const { result, plan } = await explain({ profiles: { gw: gateway('sandbox = "strict"\nsandbox_modee = "read-only"\ncolour = "x"') }, env }, [...flag, '+gw', ...EXEC]);
    const found = plan.findings.filter((f) => f.code === 'config-key-unknown');
    expect(found.map((f) => f.level)).toEqual(['error', 'error', 'warning']);
    expect(found[1]?.message).toContain('did you mean `sandbox_mode`');
    // Not a safety key, and nothing close to a known one: a warning without a did-you-mean.
    expect(found[2]?.message).not.toContain('did you mean');
    expect(plan.launch).toBe(false);
    expect(result.exitCode, diagnose(result)).toBe(EXIT.blocked);
  });

  it('--cx-strict: a Bedrock model id that only fails the pattern is an error, refused with 69', async () => {
    const { result, plan } = await explain({ profiles: { bedrock: bedrock('web_search = "disabled"').replace('openai.gpt-5.5', 'anthropic.claude-sonnet-4-20250514') } }, ['--cx-strict', '+bedrock', ...EXEC]);
    expect(plan.findings.find((f) => f.code === 'bedrock-model-id')).toMatchObject({ level: 'error' });
    expect(result.exitCode, diagnose(result)).toBe(EXIT.blocked);
  });

  it('a legacy table: unknown keys named at their own line in config.toml', async () => {
    const { plan } = await explain({ config: 'model = "m"\n\n[profiles.art]\nmodel = "gw-model"\nsandbox = "strict"\n', profiles: { gw: gateway() } }, ['+art', ...EXEC]);
    expect(plan.findings.find((f) => f.code === 'config-key-unknown')?.message).toMatch(/config\.toml:5: `sandbox`/);
  });

  it('approval_policy: an unknown value is refused with 78 (codex refuses it), the granular table form is not', async () => {
    const bad = await explain({ profiles: { gw: gateway('approval_policy = "always"') } }, ['+gw', ...EXEC]);
    expect(bad.plan.findings.find((f) => f.code === 'config-value-invalid')?.message).toMatch(/approval_policy = "always" is not one of untrusted, on-failure, on-request, never/);
    expect(bad.result.exitCode).toBe(EXIT.config);
    const granular = await explain({ profiles: { gw: gateway('approval_policy = { granular = { sandbox_approval = true } }') } }, ['+gw', ...EXEC]);
    expect(granular.plan.findings.filter((f) => f.code === 'config-value-invalid')).toEqual([]);
  });
});
