// `cx __complete WHAT` (the values cx's completion scripts ask for at a TAB) and `cx completion
// SHELL`, run as the built cx; the pure parts (src/complete/values.ts, composeScript) directly.
// A TAB must never print an error: every failure is no output, exit 0, nothing on stderr.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeScript } from '../../src/cli/completion.ts';
import { CX_COMMANDS, HIDDEN_COMMANDS } from '../../src/cli/split-argv.ts';
import { loadCodexConfig } from '../../src/config/codex-config.ts';
import { profileValues, secretValues } from '../../src/complete/values.ts';
import { EXIT } from '../../src/exit-status.ts';
import { CX_BIN, type CxResult, NATIVE_CODEX, ROOT, cleanEnv, runCx, runProgram, tempDir } from '../helpers/cx-process.ts';
import { shQuote } from '../helpers/fake-codex.ts';

const WITH_KEYRING = join(ROOT, 'test', 'setup', 'with-keyring.sh');
const HAS_KEYRING_TOOLS = ['dbus-run-session', 'gnome-keyring-daemon', 'dbus-send'].every(
  (tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0,
);

function codexHome(files: Record<string, string>): string {
  const home = tempDir('cx-complete-home-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(home, name), text);
  return home;
}

function env(extra: Record<string, string> = {}): Record<string, string> {
  return cleanEnv({ PATH: '/usr/bin:/bin', ...extra });
}

/** Runs `cx __complete ARGS`, checking the contract: exit 0, nothing on stderr. Returns the lines. */
async function complete(args: string[], extra: Record<string, string> = {}): Promise<string[]> {
  const result = await runCx(['__complete', ...args], { env: env(extra) });
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  return result.stdout === '' ? [] : result.stdout.split('\n');
}

/** A preload that writes, at exit, whether keytar was loaded into this process. */
function keytarProbe(): { options: string; loaded(): boolean } {
  const dir = tempDir('cx-keytar-probe-');
  const report = join(dir, 'loaded');
  const probe = join(dir, 'probe.cjs');
  writeFileSync(probe, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, String(Object.keys(require.cache).some((k) => k.includes('/node_modules/keytar/')))));\n`);
  return { options: `--require ${probe}`, loaded: () => readFileSync(report, 'utf8') === 'true' };
}

describe('cx __complete profiles', () => {
  it('lists profile files and legacy [profiles.NAME] tables, sorted, one per line', async () => {
    const home = codexHome({
      'config.toml': 'model = "o3"\n[profiles.legacy-team]\nmodel = "a"\n[profiles.zeta]\nmodel = "b"\n',
      'work.config.toml': 'model = "c"\n',
      'alpha_1.config.toml': '',
    });
    expect(await complete(['profiles'], { CODEX_HOME: home })).toEqual(['alpha_1', 'legacy-team', 'work', 'zeta']);
  });

  it('reads $CODEX_HOME, else ~/.codex', async () => {
    const base = env();
    const home = join(base['HOME'] as string, '.codex');
    mkdirSync(home);
    writeFileSync(join(home, 'mine.config.toml'), '');
    const result = await runCx(['__complete', 'profiles'], { env: base });
    expect(result.stdout).toBe('mine');
  });

  it('leaves out names no shell word or codex could take (from a legacy table)', async () => {
    const home = codexHome({ 'config.toml': '[profiles."two words"]\n[profiles."$(touch x)"]\n[profiles.ok]\n' });
    expect(await complete(['profiles'], { CODEX_HOME: home })).toEqual(['ok']);
  });

  it('prints nothing, quietly, for an empty or missing CODEX_HOME and for a malformed config.toml', async () => {
    const empty = tempDir('cx-complete-empty-');
    expect(await complete(['profiles'], { CODEX_HOME: empty })).toEqual([]);
    expect(await complete(['profiles'], { CODEX_HOME: join(empty, 'missing') })).toEqual([]);
    for (const text of ['[profiles\nmodel = = 1\n', 'profiles = 3\n', '[profiles]\nwork = 1\n', '\u0000binary']) {
      const home = codexHome({ 'config.toml': text, 'work.config.toml': '' });
      expect(await complete(['profiles'], { CODEX_HOME: home })).toEqual([]);
    }
    const unreadable = codexHome({});
    mkdirSync(join(unreadable, 'config.toml')); // a directory where the file should be
    expect(await complete(['profiles'], { CODEX_HOME: unreadable })).toEqual([]);
  });

  it('does not load keytar', async () => {
    const probe = keytarProbe();
    const home = codexHome({ 'work.config.toml': '' });
    expect(await complete(['profiles'], { CODEX_HOME: home, NODE_OPTIONS: probe.options })).toEqual(['work']);
    expect(probe.loaded()).toBe(false);
  });
});

describe('cx __complete: anything else', () => {
  it('prints nothing for an unknown or missing WHAT, and for bad arguments', async () => {
    expect(await complete([])).toEqual([]);
    expect(await complete(['nonsense'])).toEqual([]);
    expect(await complete(['secrets'])).toEqual([]);
    expect(await complete(['secrets', 'set'])).toEqual([]);
    expect(await complete(['secrets', 'get', 'bad profile'])).toEqual([]);
    expect(await complete(['codex-script'])).toEqual([]);
    expect(await complete(['codex-script', 'tcsh'])).toEqual([]);
  });

  it('is hidden: not among the command words cx advertises', () => {
    expect(CX_COMMANDS).not.toContain('__complete');
    expect(HIDDEN_COMMANDS).toContain('__complete');
  });
});

describe('cx __complete codex-script SHELL', () => {
  it("prints the real codex's own completion script", async () => {
    const codexEnv = { CX_CODEX_BIN: NATIVE_CODEX };
    const bash = (await complete(['codex-script', 'bash'], codexEnv)).join('\n');
    expect(bash).toContain('_codex() {');
    expect(bash).toContain('complete -F _codex');
    const direct = spawnSync(NATIVE_CODEX, ['completion', 'bash'], { encoding: 'utf8', env: env() });
    expect(`${bash}\n`).toBe(direct.stdout);
    expect((await complete(['codex-script', 'zsh'], codexEnv))[0]).toBe('#compdef codex');
    expect((await complete(['codex-script', 'fish'], codexEnv)).join('\n')).toContain('complete -c codex ');
  });

  it('finds codex as a launch does (PATH, looking through the npm launcher)', async () => {
    const lines = await complete(['codex-script', 'bash'], { PATH: `${join(ROOT, 'node_modules', '.bin')}:/usr/bin:/bin` });
    expect(lines.join('\n')).toContain('_codex() {');
  });

  it('prints nothing, quietly, when there is no codex or it fails', async () => {
    expect(await complete(['codex-script', 'bash'])).toEqual([]);
    expect(await complete(['codex-script', 'bash'], { CX_CODEX_BIN: '/nonexistent/codex' })).toEqual([]);
    expect(await complete(['codex-script', 'bash'], { CX_CODEX_BIN: '/bin/false' })).toEqual([]);
  });
});

describe('cx __complete secrets VERB [PROFILE]', () => {
  it('prints nothing, and loads no keyring, when cx never stored a secret here', async () => {
    const probe = keytarProbe();
    expect(await complete(['secrets', 'get'], { NODE_OPTIONS: probe.options })).toEqual([]);
    expect(probe.loaded()).toBe(false);
  });

  it('prints nothing, quietly and quickly, when the keyring is down', async () => {
    const base = env({ DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(tempDir('cx-no-bus-'), 'bus')}` });
    const state = join(base['XDG_STATE_HOME'] as string, 'cx');
    mkdirSync(state, { recursive: true });
    writeFileSync(join(state, 'keyring-in-use'), '', { mode: 0o600 });
    const started = Date.now();
    const result = await runCx(['__complete', 'secrets', 'get'], { env: base });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
  });

  /**
   * Runs a script in a keyring of its own (with-keyring.sh), with `cx` the built cx, and a
   * CODEX_HOME with the profiles `secret set --profile` names and providers reading the names it stores.
   */
  function inOwnKeyring(script: string): Promise<CxResult> {
    const cx = `cx() { ${shQuote(process.execPath)} ${shQuote(CX_BIN)} "$@"; }`;
    const providers = ['AZURE_KEY', 'OTHER_KEY'].map((key) => `[model_providers.p-${key.toLowerCase()}]\nbase_url = "https://x/v1"\nenv_key = "${key}"\n`).join('');
    const home = codexHome({ 'config.toml': providers, 'work.config.toml': '', 'other.config.toml': '' });
    return runProgram('sh', [WITH_KEYRING, 'sh', '-c', `${cx}\n${script}`], { env: env({ PATH: process.env['PATH'] ?? '/usr/bin:/bin', CODEX_HOME: home }), timeoutMs: 30_000 });
  }

  it.skipIf(!HAS_KEYRING_TOOLS)('lists the names stored, never the values, by scope: rm exactly, get with the global fallback', async () => {
    const probe = keytarProbe();
    const result = await inOwnKeyring(
      [
        'printf value-global-1 | cx secret set OPENAI_API_KEY >/dev/null || exit 90',
        'printf value-work-2 | cx secret set AZURE_KEY --profile work >/dev/null || exit 91',
        'printf value-other-3 | cx secret set OTHER_KEY --profile other >/dev/null || exit 92',
        `NODE_OPTIONS=${shQuote(probe.options)} cx __complete secrets get >/dev/null`,
        'for args in "get" "rm" "get work" "rm work" "get nobody"; do echo "== $args"; cx __complete secrets $args || echo "exit $?"; done',
      ].join('\n'),
    );
    expect(result.stderr.split('\n').filter((l) => l !== '' && !l.includes('dbus-daemon'))).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(
      ['== get', 'OPENAI_API_KEY', '== rm', 'OPENAI_API_KEY', '== get work', 'AZURE_KEY', 'OPENAI_API_KEY', '== rm work', 'AZURE_KEY', '== get nobody', 'OPENAI_API_KEY'].join('\n'),
    );
    expect(result.stdout).not.toMatch(/value-/);
    expect(probe.loaded()).toBe(true); // the keytar probe sees keytar when it is loaded
  });

  it.skipIf(!HAS_KEYRING_TOOLS)('prints nothing, quietly, for a locked keyring, and within the bound for a hung one', async () => {
    const result = await inOwnKeyring(
      [
        'printf v | cx secret set OPENAI_API_KEY >/dev/null || exit 90',
        'dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null || exit 91',
        'echo "locked: [$(cx __complete secrets get 2>&1)] exit $?"',
        'kill -STOP "$CX_TEST_KEYRING_PID" || exit 92',
        'start=$(date +%s%N)',
        'out=$(cx __complete secrets get 2>&1); code=$?',
        'echo "hung: [$out] exit $code wall=$(( ($(date +%s%N) - start) / 1000000 ))"',
        'kill -CONT "$CX_TEST_KEYRING_PID"',
      ].join('\n'),
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^locked: \[\] exit 0\nhung: \[\] exit 0 wall=\d+$/);
    // The bound for a TAB is 400 ms (not the 1.5 s of other keyring calls), plus a Node start.
    const wall = Number(/wall=(\d+)/.exec(result.stdout)?.[1]);
    expect(wall).toBeGreaterThanOrEqual(400);
    expect(wall).toBeLessThan(1500);
  });
});

describe('secretValues', () => {
  const entries = [
    { name: 'OPENAI_API_KEY', profile: null },
    { name: 'AZURE_KEY', profile: 'work' },
    { name: 'OPENAI_API_KEY', profile: 'work' },
    null,
    { name: 'B', profile: 'other' },
  ];
  it('rm: the entries of exactly that scope; get: the profile’s and the global ones', () => {
    expect(secretValues(entries, 'rm', null)).toEqual(['OPENAI_API_KEY']);
    expect(secretValues(entries, 'rm', 'work')).toEqual(['AZURE_KEY', 'OPENAI_API_KEY']);
    expect(secretValues(entries, 'get', 'work')).toEqual(['AZURE_KEY', 'OPENAI_API_KEY']);
    expect(secretValues(entries, 'get', 'other')).toEqual(['B', 'OPENAI_API_KEY']);
    expect(secretValues([], 'get', null)).toEqual([]);
  });
});

describe('profileValues', () => {
  it('files and legacy tables, once each, sorted', () => {
    const home = codexHome({ 'config.toml': '[profiles.b]\n[profiles.a]\n', 'b.config.toml': '', 'c.config.toml': '', 'x.y.config.toml': '' });
    expect(profileValues(loadCodexConfig({ CODEX_HOME: home }))).toEqual(['a', 'b', 'c']);
  });
});

describe('cx completion SHELL', () => {
  const withCodex = (): Record<string, string> => env({ CX_CODEX_BIN: NATIVE_CODEX });
  const own = (shell: string): string => readFileSync(join(ROOT, 'completions', `cx.${shell}`), 'utf8');

  it("bash and fish: cx's file, then codex's own script", async () => {
    for (const shell of ['bash', 'fish']) {
      const result = await runCx(['completion', shell], { env: withCodex() });
      expect(result).toMatchObject({ exitCode: 0, stderr: '' });
      const codex = spawnSync(NATIVE_CODEX, ['completion', shell], { encoding: 'utf8', env: env() }).stdout;
      expect(result.stdout.startsWith(own(shell))).toBe(true);
      expect(`${result.stdout}\n`.endsWith(codex)).toBe(true);
    }
  });

  it("zsh: `#compdef cx` first, codex's functions before cx's part ends by calling _cx", async () => {
    const result = await runCx(['completion', 'zsh'], { env: withCodex() });
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    const text = result.stdout;
    expect(text.split('\n')[0]).toBe('#compdef cx');
    expect(text.indexOf('\n_codex() {')).toBeGreaterThan(0);
    expect(text.indexOf('\n_codex() {')).toBeLessThan(text.indexOf('\n_cx() {'));
    expect(text.trimEnd().endsWith('compdef _cx cx\nfi')).toBe(true);
  });

  it("composeScript: cx's part unchanged when codex's is missing", () => {
    expect(composeScript('zsh', '#compdef cx\nbody\n', null)).toBe('#compdef cx\nbody\n');
    expect(composeScript('zsh', '#compdef cx\nbody\n', 'CODEX\n')).toMatch(/^#compdef cx\n[^]*CODEX\n[^]*body\n$/);
    expect(composeScript('bash', 'cx\n', 'CODEX\n')).toMatch(/^cx\n[^]*CODEX\n$/);
  });

  it("without a codex: cx's file alone, and one line on stderr saying codex's part loads later", async () => {
    const result = await runCx(['completion', 'bash'], { env: env() });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(own('bash').replace(/\n$/, ''));
    expect(result.stderr).toMatch(/^cx: codex's completions are not included \(codex not found: .*\); the script loads them at the first TAB once codex is found$/);
  });

  it("another shell codex knows gets codex's own script; a shell nobody knows is codex's error", async () => {
    const ps = await runCx(['completion', 'powershell'], { env: withCodex() });
    expect(ps.exitCode).toBe(0);
    expect(ps.stdout).toContain('Register-ArgumentCompleter');
    const tcsh = await runCx(['completion', 'tcsh'], { env: withCodex() });
    expect(tcsh.exitCode).toBe(2); // clap's usage error, as codex exits
    expect(tcsh.stdout).toBe('');
  });

  it('refuses a missing or extra argument (64) with the usage; --help prints it', async () => {
    const none = await runCx(['completion'], { env: withCodex() });
    expect(none.exitCode).toBe(EXIT.usage);
    expect(none.stderr).toBe('cx: cx completion needs a shell: bash, zsh or fish — `cx completion --help` shows its usage');
    expect((await runCx(['completion', 'bash', 'zsh'], { env: withCodex() })).exitCode).toBe(EXIT.usage);
    const help = await runCx(['completion', '--help'], { env: withCodex() });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/^usage: cx completion bash\|zsh\|fish\n/);
  });
});
