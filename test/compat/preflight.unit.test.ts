// The check stage (src/compat/preflight.ts) in-process, on plans makePlan and the credentials
// stage made from real files: when it runs, what it adds to codex's arguments, and how it refuses.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitArgv } from '../../src/cli/split-argv.ts';
import { needsPreflight, preflight } from '../../src/compat/preflight.ts';
import { builtinTable } from '../../src/compat/table.ts';
import { EMPTY_CX_CONFIG } from '../../src/config/cx-config.ts';
import { planCredentials } from '../../src/credentials/plan-credentials.ts';
import type { PlanWithCredentials } from '../../src/credentials/apply-credentials.ts';
import { EXIT } from '../../src/exit-status.ts';
import { makePlan } from '../../src/plan/make-plan.ts';
import { tempDir } from '../helpers/cx-process.ts';
import { writeScript } from '../helpers/fake-codex.ts';

const PROFILES: Record<string, string> = {
  gw: 'model_provider = "gw"\nmodel = "m"\n[model_providers.gw]\nbase_url = "http://127.0.0.1:9/v1"\nenv_key = "GW_KEY"\n',
  // Bedrock has no web search: codex's default (cached) is turned off, an explicit "live" refused.
  bedrock: 'model_provider = "amazon-bedrock"\nmodel = "openai.gpt-5.5"\n[model_providers.amazon-bedrock.aws]\nregion = "us-east-1"\n',
  live: 'web_search = "live"\nmodel_provider = "amazon-bedrock"\nmodel = "openai.gpt-5.5"\n[model_providers.amazon-bedrock.aws]\nregion = "us-east-1"\n',
  // codex itself rejects wire_api = "chat": a configuration error (78).
  // Redefines a provider codex reserves: found where the profile wrote it.
  reserved: 'model_provider = "gw"\nmodel = "m"\n[model_providers.gw]\nbase_url = "http://127.0.0.1:9/v1"\nenv_key = "GW_KEY"\n[model_providers.ollama]\nbase_url = "http://127.0.0.1:9/v1"\n',
  // A model_provider codex does not know: placed on its line in the profile file.
  unknown: 'model = "m"\nmodel_provider = "gww"\n',
  chat: 'model_provider = "gw"\nmodel = "m"\n[model_providers.gw]\nbase_url = "http://127.0.0.1:9/v1"\nenv_key = "GW_KEY"\nwire_api = "chat"\n',
};

async function credentialed(argv: readonly string[], extraEnv: Record<string, string> = {}, configToml = ''): Promise<{ plan: PlanWithCredentials; env: Record<string, string> }> {
  const home = tempDir('cx-pre-home-');
  for (const [name, body] of Object.entries(PROFILES)) writeFileSync(join(home, `${name}.config.toml`), body);
  writeFileSync(join(home, 'config.toml'), configToml);
  const codex = writeScript(join(tempDir('cx-pre-bin-'), 'codex'), 'exit 0\n');
  const env = { PATH: '/usr/bin:/bin', HOME: tempDir('cx-pre-user-'), CODEX_HOME: home, CX_CODEX_BIN: codex, GW_KEY: 'k', AWS_BEARER_TOKEN_BEDROCK: 't', ...extraEnv };
  const invocation = splitArgv(argv);
  const plan = makePlan({ invocation, env, cwd: tempDir('cx-pre-cwd-'), config: EMPTY_CX_CONFIG, selfPaths: new Set(), pid: 10, ppid: 9, canExec: false, interactive: () => false });
  const none = () => Promise.reject(new Error('not loaded in this test'));
  const withCredentials = await planCredentials(plan, { env, interactive: () => false, force: invocation.options.has('--cx-force'), modules: { keyring: none, aws: none }, chatgptLogin: () => false });
  return { plan: withCredentials, env };
}

function check(plan: PlanWithCredentials, env: Record<string, string>, force = false) {
  let tables = 0;
  const out = preflight(plan, { table: () => ((tables += 1), builtinTable()), env, chatgptLogin: () => false, force });
  return { out, tables };
}

describe('when the check stage runs', () => {
  it('not for a command that runs no model: no table built, the plan as it was', async () => {
    const { plan, env } = await credentialed(['+bedrock', 'mcp', 'list']);
    expect(needsPreflight(plan)).toBe(false);
    const { out, tables } = check(plan, env);
    expect(tables).toBe(0);
    expect(out.compat).toBeNull();
    expect(out.args).toEqual(plan.args);
    expect(out.failover).toEqual([]);
  });

  it('for `codex cloud` (no model run, but its login matters)', async () => {
    const { plan, env } = await credentialed(['+bedrock', 'cloud']);
    expect(plan.runtime).toBe(false);
    expect(needsPreflight(plan)).toBe(true);
    // cloud takes no -p: the row is openai's, as codex would run it.
    expect(check(plan, env).out.compat?.row).toBe('openai-api-key');
  });
});

describe('what it decides', () => {
  it('bedrock: codex\'s default web search turned off by a -c in front of the arguments', async () => {
    const { plan, env } = await credentialed(['+bedrock', 'exec', 'hi']);
    const { out } = check(plan, env);
    expect(out.refusal).toBeNull();
    expect(out.args).toEqual(['-c', 'web_search="disabled"', '-p', 'bedrock', 'exec', 'hi']);
    expect(out.compat).toMatchObject({ row: 'amazon-bedrock' });
    expect(out.failover).toEqual([]);
  });

  it('web search asked for where there is none: 69, and --cx-force launches with one `forced` warning', async () => {
    const { plan, env } = await credentialed(['+live', 'exec', 'hi']);
    const refused = check(plan, env).out;
    expect(refused.refusal?.status).toBe(EXIT.blocked);
    expect(refused.refusal?.hint).toMatch(/or pass --cx-force to launch anyway$/);
    const forced = check(plan, env, true).out;
    expect(forced.refusal).toBeNull();
    expect(forced.findings.filter((f) => f.code === 'forced')).toHaveLength(1);
  });

  it('`--search` with exec (and its alias e) is refused; the TUI takes it', async () => {
    for (const sub of ['exec', 'e']) {
      const { plan, env } = await credentialed(['+gw', '--search', sub, 'hi']);
      expect(check(plan, env).out.findings.map((f) => f.code)).toContain('search-flag-exec');
    }
    const { plan, env } = await credentialed(['+gw', '--search', 'hi']);
    expect(check(plan, env).out.findings.map((f) => f.code)).not.toContain('search-flag-exec');
  });

  it('a configuration codex itself rejects: 78, found in the profile file', async () => {
    const { plan, env } = await credentialed(['+chat', 'exec', 'hi']);
    const { out } = check(plan, env);
    expect(out.refusal?.status).toBe(EXIT.config);
    expect(out.findings).toContainEqual(expect.objectContaining({ level: 'error', code: 'wire-api-chat' }));
  });

  it('an earlier refusal is kept, with the check\'s findings added for explain', async () => {
    const { plan, env } = await credentialed(['+live', 'exec', 'hi'], { AWS_BEARER_TOKEN_BEDROCK: '', CX_CODEX_BIN: '/nonexistent/codex' });
    const { out } = check(plan, env);
    expect(out.refusal).toBe(plan.refusal);
    expect(out.findings.length).toBeGreaterThan(plan.findings.length);
  });

  it('a mistake in the selected profile is placed in its file: a profile file (with the line), a legacy table (config.toml), both (the file)', async () => {
    const file = await credentialed(['+reserved', 'exec', 'hi']);
    const home = file.env['CODEX_HOME'] ?? '';
    expect(check(file.plan, file.env).out.findings.find((f) => f.code === 'reserved-provider-redefined')?.message).toMatch(new RegExp(`^${join(home, 'reserved.config.toml')}:6: `));
    const legacyToml = '[profiles.old]\nmodel_provider = "gw"\nmodel = "m"\n[profiles.old.model_providers.gw]\nbase_url = "http://127.0.0.1:9/v1"\nenv_key = "GW_KEY"\n[profiles.old.model_providers.ollama]\nbase_url = "http://127.0.0.1:9/v1"\n';
    const legacy = await credentialed(['+old', 'exec', 'hi'], {}, legacyToml);
    const legacyHome = legacy.env['CODEX_HOME'] ?? '';
    expect(check(legacy.plan, legacy.env).out.findings.find((f) => f.code === 'reserved-provider-redefined')?.message).toMatch(new RegExp(`^${join(legacyHome, 'config.toml')}: `));
    const both = await credentialed(['+reserved', 'exec', 'hi'], {}, '[profiles.reserved]\nmodel = "m"\n');
    const bothHome = both.env['CODEX_HOME'] ?? '';
    expect(check(both.plan, both.env).out.findings.find((f) => f.code === 'reserved-provider-redefined')?.message).toMatch(new RegExp(`^${join(bothHome, 'reserved.config.toml')}:6: `));
  });
});

describe('what it adds to the plan\'s findings', () => {
  it('the earlier stages\' findings first, then only what the check found (a gateway: one data-residency note)', async () => {
    const { plan, env } = await credentialed(['+gw', 'exec', 'hi']);
    const { out } = check(plan, env);
    expect(out.refusal).toBeNull();
    expect(out.findings).toEqual([...plan.findings, expect.objectContaining({ level: 'info', code: 'data-residency' })]);
  });

  it('a legacy profile\'s model_provider is placed on its line inside the [profiles.NAME] table, not config.toml\'s own', async () => {
    const legacyToml = 'model_provider = "openai"\n[profiles.old]\nmodel = "m"\nmodel_provider = "gww"\n';
    const { plan, env } = await credentialed(['+old', 'exec', 'hi'], {}, legacyToml);
    const home = env['CODEX_HOME'] ?? '';
    const unknown = check(plan, env).out.findings.find((f) => f.code === 'provider-unknown');
    expect(unknown?.message).toMatch(new RegExp(`^${join(home, 'config.toml')}:4: model_provider = "gww"`));
  });

  it('a profile file\'s model_provider is placed on its line in that file', async () => {
    const { plan, env } = await credentialed(['+unknown', 'exec', 'hi']);
    const home = env['CODEX_HOME'] ?? '';
    const unknown = check(plan, env).out.findings.find((f) => f.code === 'provider-unknown');
    expect(unknown?.message).toMatch(new RegExp(`^${join(home, 'unknown.config.toml')}:2: model_provider = "gww"`));
  });
});
