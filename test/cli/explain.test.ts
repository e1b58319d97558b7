import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/plan/finding.ts';
import { EXIT } from '../../src/exit-status.ts';
import { cleanEnv, NODE_MODULES_BIN, runCx, tempDir } from '../helpers/cx-process.ts';

const SENTINEL = 'sk-SENTINEL-explain-7f3a9c';
let fakeCodex: string;
let ranMarker: string;

beforeAll(() => {
  const dir = tempDir('cx-fake-');
  ranMarker = join(dir, 'ran');
  fakeCodex = join(dir, 'codex');
  writeFileSync(fakeCodex, `#!/bin/sh\ntouch '${ranMarker}'\n`, { mode: 0o755 });
});

/** A CODEX_HOME with the profiles these tests select. */
function codexHome(): string {
  const home = tempDir('cx-codex-home-');
  for (const name of ['work', 'x', 'other', 'd']) writeFileSync(join(home, `${name}.config.toml`), `model = "model-${name}"\n`);
  return home;
}

function env(extra: Record<string, string> = {}): Record<string, string> {
  return cleanEnv({ CX_CODEX_BIN: fakeCodex, OPENAI_API_KEY: SENTINEL, CODEX_HOME: codexHome(), ...extra });
}

describe('cx explain --json', () => {
  it('has every key of product.md\'s schema and launches nothing', async () => {
    const result = await runCx(['explain', '--json', '+work', 'exec', 'say "hi"'], { env: env() });
    expect(result.exitCode).toBe(0);
    const plan: unknown = JSON.parse(result.stdout);
    expect(plan).toMatchObject({
      schemaVersion: 1,
      profile: { name: 'work', source: 'plus', trusted: null },
      provider: { id: 'openai', region: null },
      model: 'model-work',
      // exec ignores OPENAI_API_KEY: cx hands it over as CODEX_API_KEY, kept from the agent's commands.
      credentials: [{ name: 'CODEX_API_KEY', source: 'env', delivery: 'env-excluded' }],
      // Only what the compatibility check notes about any openai run with an API key.
      findings: [
        { level: 'info', code: 'openai-api-key-only', fix: expect.any(String) },
        { level: 'info', code: 'data-residency', fix: null },
      ],
      command: { bin: fakeCodex, args: ['-c', 'shell_environment_policy.exclude=["CODEX_API_KEY"]', '-p', 'work', 'exec', 'say "hi"'] },
      env: { added: ['CODEX_API_KEY', 'CX_LAUNCH_GUARD'], removed: [] },
      launch: true,
    });
    expect(Object.keys(plan as object)).toEqual(expect.arrayContaining(['schemaVersion', 'profile', 'provider', 'model', 'credentials', 'findings', 'command', 'env', 'launch']));
    expect(result.stdout).not.toContain(SENTINEL);
    expect(result.stderr).toBe('');
    expect(existsSync(ranMarker)).toBe(false);
  });

  it('reports each profile source by its documented name', async () => {
    const cases: [Record<string, string>, string[], string][] = [
      [{}, ['exec', '-p', 'x'], 'flag'],
      [{ CX_PROFILE: 'x' }, ['exec'], 'env:CX_PROFILE'],
      [{ CODEX_PROFILE: 'x' }, ['exec'], 'env:CODEX_PROFILE'],
      [{}, ['exec'], 'none'],
    ];
    for (const [extra, args, source] of cases) {
      const result = await runCx(['explain', '--json', ...args], { env: env(extra) });
      expect(JSON.parse(result.stdout).profile.source).toBe(source);
    }
    const config = join(tempDir(), 'config.toml');
    writeFileSync(config, 'default_profile = "d"\n');
    const fromDefault = await runCx(['explain', '--json', 'exec'], { env: env({ CX_CONFIG: config }) });
    expect(JSON.parse(fromDefault.stdout).profile).toMatchObject({ name: 'd', source: 'default' });
  });

  it('names the profile file, and refuses a profile that does not exist', async () => {
    const home = codexHome();
    const result = await runCx(['explain', '--json', '+work'], { env: env({ CODEX_HOME: home }) });
    expect(JSON.parse(result.stdout).profile.file).toBe(join(home, 'work.config.toml'));
    const missing = await runCx(['explain', '--json', '+nope'], { env: env({ CODEX_HOME: home }) });
    expect(missing.exitCode).toBe(EXIT.config);
    const refused = JSON.parse(missing.stdout) as { launch: boolean; findings: { level: string; code: string }[] };
    expect(refused.launch).toBe(false);
    expect(refused.findings.filter((f) => f.level === 'error')).toMatchObject([{ level: 'error', code: 'profile-missing' }]);
  });

  it('shows the npm launcher it looks through and the variables it sets', async () => {
    const result = await runCx(['explain', '--json', 'exec'], { env: cleanEnv({ PATH: `${NODE_MODULES_BIN}:/usr/bin:/bin`, CODEX_HOME: codexHome(), CODEX_API_KEY: SENTINEL }) });
    const plan = JSON.parse(result.stdout);
    expect(plan.codex.source).toBe('PATH');
    expect(plan.codex.found).toBe(join(NODE_MODULES_BIN, 'codex'));
    expect(plan.command.bin).toMatch(/vendor\/x86_64-unknown-linux-musl\/bin\/codex$/);
    expect(plan.env.added).toEqual(['CODEX_MANAGED_BY_NPM', 'CODEX_MANAGED_PACKAGE_ROOT', 'CX_LAUNCH_GUARD']);
    expect((plan.findings as Finding[]).filter((f) => f.code.startsWith('npm-'))).toMatchObject([{ level: 'info', code: 'npm-launcher-bypassed' }]);
    expect((plan.findings as Finding[]).filter((f) => f.level !== 'info')).toEqual([]);
  });

  it('says it would not launch, and exits with the refusal status, when codex is missing', async () => {
    const bare = tempDir();
    const result = await runCx(['explain', '--json', 'exec'], { env: cleanEnv({ PATH: bare }) });
    expect(result.exitCode).toBe(EXIT.notFound);
    const plan = JSON.parse(result.stdout);
    expect(plan.launch).toBe(false);
    expect(plan.command.bin).toBeNull();
    expect((plan.findings as Finding[]).filter((f) => f.level === 'error')).toMatchObject([{ level: 'error', code: 'codex-not-found' }]);
  });
});

describe('cx explain (human) and --cx-dry-run', () => {
  it('prints a short plan and launches nothing', async () => {
    const result = await runCx(['--cx-dry-run', '+work', 'exec', 'it\'s here'], { env: env({ CODEX_PROFILE: 'other' }) });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('cx would launch codex');
    expect(result.stdout).toContain(`command   ${fakeCodex} -c 'shell_environment_policy.exclude=["CODEX_API_KEY"]' -p work exec 'it'\\''s here'`);
    expect(result.stdout).toContain('secrets   CODEX_API_KEY: environment (OPENAI_API_KEY); set for codex, kept from its tools');
    expect(result.stdout).toContain('profile   work from +work');
    expect(result.stdout).toMatch(/CODEX_PROFILE +other shadowed/);
    expect(result.stdout).toContain('model     model-work');
    expect(result.stdout).toContain('+CX_LAUNCH_GUARD');
    expect(result.stdout).not.toContain(SENTINEL);
    expect(existsSync(ranMarker)).toBe(false);
  });
});
