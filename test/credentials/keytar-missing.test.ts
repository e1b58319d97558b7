// keytar is an optional dependency: where its native build fails, npm installs cx without it. The
// built cx then runs from a copy of the package (bin/, dist/, package.json) whose node_modules has
// everything but keytar, so that nothing can load it (keytar is external to the bundles and
// resolved from dist/ upwards). cx secret refuses with 74 and the command that installs keytar;
// cx doctor warns with it; a launch that only might have used the keyring runs as it always did.
import { cpSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { keytarSetupCommand } from '../../src/credentials/keytar-setup.ts';
import { type CxResult, ROOT, cleanEnv, runProgram, tempDir } from '../helpers/cx-process.ts';
import { type Recorder, SYSTEM_PATH, recorderFake } from '../helpers/fake-codex.ts';

const KEYRING_STATUS = 74;
const SENTINEL = `keytar-missing-sentinel-${Date.now()}`;

let prefix = '';
let cxBin = '';
beforeAll(() => {
  prefix = join(tempDir('cx-no-keytar-'), 'cx');
  mkdirSync(join(prefix, 'node_modules'), { recursive: true });
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(ROOT, part), join(prefix, part), { recursive: true });
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (entry !== 'keytar') symlinkSync(join(ROOT, 'node_modules', entry), join(prefix, 'node_modules', entry));
  }
  cxBin = join(prefix, 'bin', 'cx.js');
});

interface Setup {
  env: Record<string, string>;
  cwd: string;
  codex: Recorder;
}

/** A CODEX_HOME for provider openai (no key anywhere), cx's marker that it has stored secrets here, a recording codex. */
function setUp(): Setup {
  const codex = recorderFake(join(tempDir('cx-no-keytar-codex-'), 'codex'));
  const env = cleanEnv({ PATH: SYSTEM_PATH, CX_CODEX_BIN: codex.bin, DBUS_SESSION_BUS_ADDRESS: process.env['DBUS_SESSION_BUS_ADDRESS'] ?? 'unix:path=/nonexistent' });
  const home = join(env['HOME'] as string, '.codex');
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, 'config.toml'), 'model = "gpt-5.5"\n');
  // With the marker, optional lookups ask the keyring (here: try to load keytar).
  mkdirSync(join(env['XDG_STATE_HOME'] as string, 'cx'), { recursive: true });
  writeFileSync(join(env['XDG_STATE_HOME'] as string, 'cx', 'keyring-in-use'), '', { mode: 0o600 });
  return { env: { ...env, CODEX_HOME: home }, cwd: tempDir('cx-no-keytar-cwd-'), codex };
}

function cx(args: readonly string[], setup: Setup, input?: string): Promise<CxResult> {
  return runProgram(process.execPath, [cxBin, ...args], { env: setup.env, cwd: setup.cwd, ...(input === undefined ? {} : { input }) });
}

function diagnose(result: CxResult): string {
  return `exit ${String(result.exitCode)}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
}

/** What cx should offer here: this system's command, for this copy of cx (no package-lock: not a checkout). */
function expectedSetup(): string {
  return keytarSetupCommand({ platform: process.platform, osRelease: readFileSync('/etc/os-release', 'utf8'), cxRoot: prefix, checkout: false });
}

describe('cx installed without keytar', () => {
  it('the copy really has no keytar (the control: the repository\'s own node_modules has it)', () => {
    expect(readdirSync(join(prefix, 'node_modules'))).not.toContain('keytar');
    expect(readdirSync(join(ROOT, 'node_modules'))).toContain('keytar');
  });

  it.each([
    { verb: 'ls', args: ['secret', 'ls'], input: undefined },
    { verb: 'get', args: ['secret', 'get', 'OPENAI_API_KEY'], input: undefined },
    { verb: 'set', args: ['secret', 'set', 'OPENAI_API_KEY'], input: SENTINEL },
    { verb: 'rm', args: ['secret', 'rm', 'OPENAI_API_KEY'], input: undefined },
  ])('cx secret $verb: exit 74, one line saying keytar is not installed and the command that installs it', async ({ args, input }) => {
    const setup = setUp();
    const result = await cx(args, setup, input);
    expect(result.exitCode, diagnose(result)).toBe(KEYRING_STATUS);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(`cx: the keyring is not available (keytar, the module cx reads it with, is not installed) — to install keytar: ${expectedSetup()}`);
    expect(`${result.stdout}${result.stderr}`).not.toContain(SENTINEL);
  });

  it('cx doctor: cx.keyring is a warning (not a failure) with the same command; doctor still succeeds', async () => {
    const setup = setUp();
    const result = await cx(['doctor', '--json', '--cx-only'], setup);
    expect(result.exitCode, diagnose(result)).toBe(0);
    const report = JSON.parse(result.stdout) as { checks: Record<string, { status: string; summary: string; remediation: string | null }> };
    expect(report.checks['cx.keyring']).toMatchObject({ status: 'warning', summary: 'the OS keyring is not available (keytar, the module cx reads it with, is not installed); secrets stored with `cx secret` cannot be read' });
    expect(report.checks['cx.keyring']?.remediation).toBe(`cx works without it (secrets in the environment or $CODEX_HOME/.env); to install keytar: ${expectedSetup()}`);
    const human = await cx(['doctor', '--cx-only'], setup);
    expect(human.stdout).toContain(`WARN  cx.keyring`);
    // Joined where doctor wrapped the line (100 columns in a pipe).
    expect(human.stdout.replace(/\n {10,}/g, ' ')).toContain(expectedSetup());
  });

  it('a launch runs codex with the arguments as given and prints nothing of its own; explain notes the keyring (info)', async () => {
    const setup = setUp();
    const result = await cx(['exec', 'say hi'], setup);
    expect(result.exitCode, diagnose(result)).toBe(0);
    expect(result.stderr).toBe('');
    expect(setup.codex.read().argv).toEqual(['exec', 'say hi']);
    const explained = JSON.parse((await cx(['explain', '--json', 'exec', 'say hi'], setup)).stdout) as { findings: { level: string; code: string }[] };
    expect(explained.findings.filter((f) => f.code.startsWith('keyring-'))).toEqual([expect.objectContaining({ level: 'info', code: 'keyring-not-installed', message: expect.stringContaining('keytar, the module cx reads it with, is not installed') })]);
  });
});
