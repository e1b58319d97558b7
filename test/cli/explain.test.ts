import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/plan/finding.ts';
import { EXIT } from '../../src/exit-status.ts';
import { CX_BIN, cleanEnv, NODE_MODULES_BIN, runCx, tempDir } from '../helpers/cx-process.ts';
import { readIfExists, shQuote, waitFor, writeScript } from '../helpers/fake-codex.ts';
import { tmuxServer } from '../helpers/tmux.ts';

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
    const flat = result.stdout.replace(/\s+/g, ' ');
    expect(result.stdout).toMatch(/^cx would launch codex\n/);
    expect(flat).toContain(`command ${fakeCodex} -c 'shell_environment_policy.exclude=["CODEX_API_KEY"]' -p work exec 'it'\\''s here'`);
    expect(flat).toContain('secrets CODEX_API_KEY: environment (OPENAI_API_KEY); set for codex, kept from its tools');
    expect(result.stdout).toContain('profile   work, from +work');
    expect(flat).toContain('provider openai, model model-work');
    // Fits a screen: at most 100 columns, about 12 lines; the sources consulted only with --verbose.
    expect(Math.max(...result.stdout.split('\n').map((line) => line.length))).toBeLessThanOrEqual(100);
    expect(result.stdout.split('\n').length).toBeLessThanOrEqual(13);
    expect(result.stdout).not.toMatch(/CODEX_PROFILE/);
    expect(result.stdout).toContain('cx explain --verbose shows them');
    expect(result.stdout).not.toContain(SENTINEL);
    expect(existsSync(ranMarker)).toBe(false);
  });

  it('--verbose: every source consulted, the environment cx changes, every finding', async () => {
    const result = await runCx(['explain', '--verbose', '+work', 'exec', 'hi'], { env: env({ CODEX_PROFILE: 'other' }) });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('profile   work from +work');
    expect(result.stdout).toMatch(/CODEX_PROFILE +other shadowed/);
    expect(result.stdout).toContain('model     model-work');
    expect(result.stdout).toContain('+CX_LAUNCH_GUARD');
    expect(result.stdout).toMatch(/info: .*\[openai-api-key-only\]/);
    expect(result.stdout).not.toContain(SENTINEL);
    expect(existsSync(ranMarker)).toBe(false);
  });

  it('colour: none in a pipe or with NO_COLOR; FORCE_COLOR forces it (the level words and the verdict)', async () => {
    const plain = await runCx(['explain', '+nope'], { env: env() });
    expect(plain.stdout).not.toContain('\u001b[');
    const noColour = await runCx(['explain', '+nope'], { env: env({ NO_COLOR: '1' }) });
    expect(noColour.stdout).not.toContain('\u001b[');
    const forced = await runCx(['explain', '+nope'], { env: env({ FORCE_COLOR: '1' }) });
    expect(forced.exitCode).toBe(EXIT.config);
    expect(forced.stdout).toMatch(/^\u001b\[31mcx would NOT launch codex \(exit 78\)\u001b\[39m\n/);
    expect(forced.stdout).toContain('\u001b[31merror:\u001b[39m profile nope');
    expect(forced.stdout.replace(/\u001b\[\d+m/g, '')).toBe(plain.stdout);
    const off = await runCx(['explain', '+nope'], { env: env({ FORCE_COLOR: '0' }) });
    expect(off.stdout).toBe(plain.stdout);
    expect(existsSync(ranMarker)).toBe(false);
  });
});

describe('cx explain on a terminal (a tmux pane, 80 columns)', () => {
  it('colours the verdict and the level words, and fits the terminal\'s width', async () => {
    const tmux = tmuxServer('cx-explain');
    if (!tmux.available) return;
    try {
      const dir = tempDir('cx-explain-tty-');
      const status = join(dir, 'status');
      const vars = Object.entries(env({ TERM: 'xterm' })).map(([k, v]) => shQuote(`${k}=${v}`)).join(' ');
      // stdout is the pane; the long profile name makes the error line wrap.
      const wrapper = writeScript(join(dir, 'run'), `env -i ${vars} ${shQuote(process.execPath)} ${shQuote(CX_BIN)} explain +no-such-profile-with-a-long-name exec hi\necho $? > ${shQuote(status)}\nsleep 5\n`);
      tmux.run('new-session', '-d', '-s', 'explain', '-x', '80', '-y', '40', wrapper);
      const code = await waitFor('explain to finish', () => readIfExists(status), 15_000);
      expect(code.trim()).toBe(String(EXIT.config));
      const coloured = tmux.run('capture-pane', '-p', '-e', '-t', 'explain');
      expect(coloured).toMatch(/\u001b\[31mcx would NOT launch codex \(exit 78\)/);
      expect(coloured).toMatch(/\u001b\[31merror:/);
      const plain = tmux.run('capture-pane', '-p', '-t', 'explain').split('\n').filter((line) => line.trim() !== '');
      expect(plain[0]).toBe('cx would NOT launch codex (exit 78)');
      for (const line of plain) expect(line.length).toBeLessThanOrEqual(80);
      // Wrapped, not cut off: the pane shows the whole message.
      expect(plain.join(' ').replace(/\s+/g, ' ')).toContain('profile no-such-profile-with-a-long-name (from +no-such-profile-with-a-long-name) does not exist');
    } finally {
      tmux.close();
    }
  });
});
