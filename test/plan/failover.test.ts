// Preflight failover (src/plan/failover.ts): which refusals a fallback profile may cure, and the
// walk down `[fallbacks]`. Plans are made in-process the way main.ts makes them (makePlan, the
// credentials stage, preflight) from real files in a temp CODEX_HOME; no process is started.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { splitArgv } from '../../src/cli/split-argv.ts';
import { type CheckedPlan, preflight } from '../../src/compat/preflight.ts';
import { builtinTable } from '../../src/compat/table.ts';
import { type CxConfig, parseCxConfig } from '../../src/config/cx-config.ts';
import { planCredentials } from '../../src/credentials/plan-credentials.ts';
import type { KeyringRead, KeyringStatus } from '../../src/credentials/keyring-api.ts';
import { CxError } from '../../src/cx-error.ts';
import { EXIT } from '../../src/exit-status.ts';
import { failedPreflight, withFailover } from '../../src/plan/failover.ts';
import { makePlan } from '../../src/plan/make-plan.ts';
import { tempDir } from '../helpers/cx-process.ts';
import { writeScript } from '../helpers/fake-codex.ts';

const BEDROCK = 'model_provider = "amazon-bedrock"\nmodel = "openai.gpt-5.5"\n[model_providers.amazon-bedrock.aws]\nregion = "us-east-1"\n';
const PROFILES: Record<string, string> = {
  // Fails preflight: web search asked for where there is none.
  bedrock: `web_search = "live"\n${BEDROCK}`,
  // Fails preflight: a reasoning effort codex would send unchecked.
  effort: `model_reasoning_effort = "bogus"\n${BEDROCK}`,
  // Fails preflight: its key is nowhere.
  nokey: 'model_provider = "nokey"\nmodel = "m"\n[model_providers.nokey]\nbase_url = "http://127.0.0.1:9/v1"\nenv_key = "CX_FAILOVER_ABSENT_KEY"\n',
  // Passes.
  gw: 'model_provider = "gw"\nmodel = "gw-model"\n[model_providers.gw]\nbase_url = "http://127.0.0.1:9/v1"\nenv_key = "CX_FAILOVER_GW_KEY"\n',
  quiet: `web_search = "disabled"\n${BEDROCK}`,
};

interface World {
  env: Record<string, string>;
  cwd: string;
  config: CxConfig;
}

function world(fallbacks: string, extraEnv: Record<string, string> = {}): World {
  const home = tempDir('cx-failover-home-');
  for (const [name, body] of Object.entries(PROFILES)) writeFileSync(join(home, `${name}.config.toml`), body);
  const codex = writeScript(join(tempDir('cx-failover-bin-'), 'codex'), 'exit 0\n');
  const env = {
    PATH: '/usr/bin:/bin',
    HOME: tempDir('cx-failover-user-'),
    CODEX_HOME: home,
    CX_CODEX_BIN: codex,
    AWS_BEARER_TOKEN_BEDROCK: 'bedrock-token',
    CX_FAILOVER_GW_KEY: 'gw-key',
    ...extraEnv,
  };
  const path = join(tempDir('cx-failover-config-'), 'config.toml');
  const text = `# cx's config\n[fallbacks]\n${fallbacks}\n`;
  writeFileSync(path, text);
  return { env, cwd: tempDir('cx-failover-cwd-'), config: parseCxConfig({ path, text, data: parse(text) }, env) };
}

/** What main.ts's checked() does, without a keyring or AWS (no test here needs them). */
async function checked(w: World, argv: readonly string[], fallback?: { name: string; at: string; why: string }): Promise<CheckedPlan> {
  const invocation = splitArgv(argv);
  const plan = makePlan({
    invocation,
    env: w.env,
    cwd: w.cwd,
    config: w.config,
    selfPaths: new Set(),
    pid: 1000,
    ppid: 999,
    canExec: false,
    interactive: () => false,
    ...(fallback ? { fallback } : {}),
  });
  // An empty keyring: a key not in the environment is simply missing. No AWS chain is needed.
  const keyring = async () => ({
    keyringGet: async (): Promise<KeyringRead> => ({ value: null, status: 'ok', detail: null }),
    keyringSet: async (): Promise<KeyringStatus> => Promise.reject(new Error('not in this test')),
  });
  const aws = (): Promise<never> => Promise.reject(new Error('not in this test'));
  const withCredentials = await planCredentials(plan, { env: w.env, interactive: () => false, force: false, modules: { keyring, aws }, chatgptLogin: () => false });
  return preflight(withCredentials, { table: builtinTable, env: w.env, chatgptLogin: () => false, force: false });
}

/** main.ts's preflightPlan, counting the fallbacks it plans. */
async function run(w: World, argv: readonly string[]): Promise<{ plan: CheckedPlan; first: CheckedPlan; planned: string[] }> {
  const planned: string[] = [];
  const first = await checked(w, argv);
  const plan = await withFailover(first, w.config.fallbacks, (name, at, why) => {
    planned.push(name);
    return checked(w, argv, { name, at, why });
  });
  return { plan, first, planned };
}

function errorCodes(plan: CheckedPlan): string[] {
  return plan.findings.filter((f) => f.level === 'error').map((f) => f.code);
}

describe('failedPreflight', () => {
  /** A plan refused with `status` for error findings `codes` (built from a real passing plan). */
  async function refused(status: CxError['status'] | null, codes: string[]): Promise<CheckedPlan> {
    const base = await checked(world(''), ['+gw', 'exec', 'hi']);
    expect(base.refusal).toBeNull();
    return {
      ...base,
      refusal: status === null ? null : new CxError('refused', status),
      findings: [...base.findings, ...codes.map((code) => ({ level: 'error' as const, code, message: code }))],
    };
  }

  const CASES: [string, CxError['status'] | null, string[], boolean][] = [
    ['a plan that launches', null, [], false],
    ['a blocking finding (69)', EXIT.blocked, ['web-search-unsupported'], true],
    ['missing credentials (69)', EXIT.blocked, ['credential-missing'], true],
    ['an expired SSO session (69)', EXIT.blocked, ['aws-sso-expired'], true],
    ['a .cxrc restriction (77)', EXIT.denied, ['cxrc-restriction'], true],
    ['config codex rejects, found by the check stage (78)', EXIT.config, ['wire-api-chat'], true],
    ['config codex rejects, several (78)', EXIT.config, ['config-top-level-profile', 'reserved-provider-redefined'], true],
    ['a missing profile (78)', EXIT.config, ['profile-missing'], false],
    ['a config error with no finding (78)', EXIT.config, [], false],
    ['a check-stage config error next to a missing profile (78)', EXIT.config, ['profile-missing', 'wire-api-chat'], false],
    ['an untrusted .cxrc under strict mode (77)', EXIT.denied, ['cxrc-untrusted'], false],
    ['codex not found (127)', EXIT.notFound, ['codex-not-found'], false],
    ['codex not found, with a blocking finding too', EXIT.blocked, ['web-search-unsupported', 'codex-not-found'], false],
    ['the recursion guard (125)', EXIT.recursion, ['codex-is-cx'], false],
    ['bad cx arguments (64)', EXIT.usage, [], false],
  ];
  it.each(CASES)('%s → %s', async (_what, status, codes, expected) => {
    expect(failedPreflight(await refused(status, codes))).toBe(expected);
  });
});

describe('withFailover', () => {
  it('a plan that passes is used as it is; no fallback is planned', async () => {
    const w = world('gw = ["quiet"]');
    const { plan, first, planned } = await run(w, ['+gw', 'exec', 'hi']);
    expect(plan).toBe(first);
    expect(plan.failover).toEqual([]);
    expect(planned).toEqual([]);
  });

  it('the first fallback passes: it is used, with one fallback-used warning and the steps', async () => {
    const w = world('bedrock = ["gw", "quiet"]');
    const { plan, first, planned } = await run(w, ['+bedrock', 'exec', 'hi']);
    expect(errorCodes(first)).toEqual(['web-search-unsupported']);
    expect(first.refusal?.status).toBe(EXIT.blocked);
    expect(planned).toEqual(['gw']);
    expect(plan.refusal).toBeNull();
    expect(plan.selection).toMatchObject({ name: 'gw', source: 'fallback', at: `${w.config.path}:3` });
    expect(plan.selection.steps.find((s) => s.source === 'plus')).toMatchObject({ value: 'bedrock', outcome: 'shadowed' });
    expect(plan.settings).toMatchObject({ provider: 'gw', model: 'gw-model' });
    expect(plan.args).toEqual(['-p', 'gw', 'exec', 'hi']);
    expect(plan.failover).toEqual([
      { profile: 'bedrock', outcome: 'failed', codes: ['web-search-unsupported'] },
      { profile: 'gw', outcome: 'selected', codes: [] },
      { profile: 'quiet', outcome: 'not-tried', codes: [] },
    ]);
    const used = plan.findings.filter((f) => f.code === 'fallback-used');
    expect(used).toHaveLength(1);
    expect(used[0]).toMatchObject({ level: 'warning', message: 'profile bedrock failed preflight (web-search-unsupported); using fallback gw' });
    expect(used[0]?.fix?.length ?? 0).toBeGreaterThan(10);
    // The first profile's errors are not the fallback's.
    expect(errorCodes(plan)).toEqual([]);
  });

  it('the second fallback passes after the first fails: both steps, and the message says so', async () => {
    const w = world('bedrock = ["effort", "nokey", "quiet", "gw"]');
    const { plan, planned } = await run(w, ['+bedrock', 'exec', 'hi']);
    expect(planned).toEqual(['effort', 'nokey', 'quiet']);
    expect(plan.refusal).toBeNull();
    expect(plan.selection.name).toBe('quiet');
    expect(plan.failover).toEqual([
      { profile: 'bedrock', outcome: 'failed', codes: ['web-search-unsupported'] },
      { profile: 'effort', outcome: 'failed', codes: ['reasoning-effort-invalid'] },
      { profile: 'nokey', outcome: 'failed', codes: ['credential-missing'] },
      { profile: 'quiet', outcome: 'selected', codes: [] },
      { profile: 'gw', outcome: 'not-tried', codes: [] },
    ]);
    expect(plan.findings.find((f) => f.code === 'fallback-used')?.message).toBe('profile bedrock failed preflight (web-search-unsupported); using fallback quiet (after effort, nokey failed too)');
  });

  it('all fail: fallback-exhausted, the refusal kept (and saying so), every step failed', async () => {
    const w = world('bedrock = ["effort", "missing-profile"]');
    const { plan, first, planned } = await run(w, ['+bedrock', 'exec', 'hi']);
    expect(planned).toEqual(['effort', 'missing-profile']);
    expect(plan.selection.name).toBe('bedrock');
    expect(plan.failover).toEqual([
      { profile: 'bedrock', outcome: 'failed', codes: ['web-search-unsupported'] },
      { profile: 'effort', outcome: 'failed', codes: ['reasoning-effort-invalid'] },
      { profile: 'missing-profile', outcome: 'failed', codes: ['profile-missing'] },
    ]);
    expect(errorCodes(plan)).toEqual(['web-search-unsupported', 'fallback-exhausted']);
    const exhausted = plan.findings.find((f) => f.code === 'fallback-exhausted');
    expect(exhausted?.message).toContain('bedrock');
    expect(exhausted?.message).toContain('effort, missing-profile');
    expect(exhausted?.fix).toContain('cx explain');
    // The status stays the first profile's; the refusal (all a launch prints) names the fallbacks too.
    expect(plan.refusal?.status).toBe(EXIT.blocked);
    expect(plan.refusal?.message).toContain(first.refusal?.message ?? '?');
    expect(plan.refusal?.message).toContain('fallbacks (effort, missing-profile');
    expect(plan.args).toEqual(first.args);
  });

  it('a -p in codex\'s arguments is the user\'s own: never replaced, no fallback planned', async () => {
    const w = world('bedrock = ["gw"]');
    const { plan, first, planned } = await run(w, ['exec', '-p', 'bedrock', 'hi']);
    expect(first.selection.source).toBe('flag');
    expect(first.refusal?.status).toBe(EXIT.blocked);
    expect(plan).toBe(first);
    expect(planned).toEqual([]);
    expect(plan.failover).toEqual([]);
  });

  it('no [fallbacks] entry for the profile, or no profile at all: nothing to do', async () => {
    const w = world('effort = ["gw"]');
    const bedrock = await run(w, ['+bedrock', 'exec', 'hi']);
    expect(bedrock.plan).toBe(bedrock.first);
    expect(bedrock.planned).toEqual([]);
    const none = await run(world('bedrock = ["gw"]', { CX_FAILOVER_GW_KEY: '' }), ['exec', 'hi']);
    expect(none.plan.selection.name).toBeNull();
    expect(none.planned).toEqual([]);
  });

  it('a refusal no other profile changes (codex not found) is not failed over', async () => {
    const w = world('bedrock = ["gw"]', { CX_CODEX_BIN: join(tempDir(), 'no-such-codex') });
    const { plan, first, planned } = await run(w, ['+bedrock', 'exec', 'hi']);
    expect(first.refusal?.status).toBe(EXIT.notFound);
    expect(plan).toBe(first);
    expect(planned).toEqual([]);
  });

  it('works from every selecting source cx owns: CX_PROFILE and default_profile too', async () => {
    const fromEnv = await run(world('bedrock = ["gw"]', { CX_PROFILE: 'bedrock' }), ['exec', 'hi']);
    expect(fromEnv.first.selection.source).toBe('env:CX_PROFILE');
    expect(fromEnv.plan.selection.name).toBe('gw');
    const w = world('bedrock = ["gw"]');
    const text = `default_profile = "bedrock"\n[fallbacks]\nbedrock = ["gw"]\n`;
    const path = join(tempDir(), 'config.toml');
    writeFileSync(path, text);
    const fromDefault = await run({ ...w, config: parseCxConfig({ path, text, data: parse(text) }, w.env) }, ['exec', 'hi']);
    expect(fromDefault.first.selection.source).toBe('default');
    expect(fromDefault.plan.selection.name).toBe('gw');
    expect(fromDefault.plan.failover.map((s) => `${s.profile} ${s.outcome}`)).toEqual(['bedrock failed', 'gw selected']);
  });
});
