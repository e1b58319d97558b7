// `codex … --remote ADDR`: the agent runs on a remote app server with its own configuration, and
// codex refuses -p, -c, -m and --enable there. cx passes the user's arguments exactly, checks no
// local credentials or capabilities, says so in explain, refuses a +PROFILE (64) and does not apply
// a profile it selected itself. Asserted on the argv a recording codex received.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { type CxResult, cleanEnv, runCx, tempDir } from '../helpers/cx-process.ts';
import { type Recorder, SYSTEM_PATH, recorderFake } from '../helpers/fake-codex.ts';

/** A Bedrock profile with no credentials anywhere: a local run of it is refused (69). */
const BEDROCK = 'model_provider = "amazon-bedrock"\nmodel = "openai.gpt-5.5"\n[model_providers.amazon-bedrock.aws]\nregion = "us-east-1"\n';
const REMOTE = ['exec', '--remote', 'ws://127.0.0.1:9', '--remote-auth-token-env', 'CX_TEST_REMOTE_TOKEN', 'say hi'];

interface Explained {
  command: { bin: string | null; args: string[] };
  credentials: unknown[];
  findings: { level: string; code: string; message: string }[];
}

let recorder: Recorder;
let env: Record<string, string>;
let cwd: string;
beforeEach(() => {
  recorder = recorderFake(join(tempDir('cx-remote-fake-'), 'codex'));
  const base = cleanEnv();
  const home = join(base['HOME'] as string, '.codex');
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, 'config.toml'), '[analytics]\nenabled = false\n');
  writeFileSync(join(home, 'bedrock.config.toml'), BEDROCK);
  env = { ...base, PATH: SYSTEM_PATH, CODEX_HOME: home, CX_CODEX_BIN: recorder.bin, AWS_EC2_METADATA_DISABLED: 'true', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/cx-remote-bus' };
  cwd = tempDir('cx-remote-cwd-');
});

function diagnose(result: CxResult): string {
  return `exit ${String(result.exitCode)}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
}

describe('a --remote run', () => {
  it('control: the same profile without --remote is refused for its missing credentials, and gets -p and -c', async () => {
    const refused = await runCx(['exec', 'say hi'], { env: { ...env, CX_PROFILE: 'bedrock' }, cwd });
    expect(refused.exitCode, diagnose(refused)).toBe(69);
    expect(recorder.ran()).toBe(false);
    const explained = JSON.parse((await runCx(['explain', '--json', 'exec', 'say hi'], { env: { ...env, CX_PROFILE: 'bedrock', AWS_BEARER_TOKEN_BEDROCK: 'x' }, cwd })).stdout) as Explained;
    // -p for the profile, -c web_search="disabled" (Bedrock offers no web search).
    expect(explained.command.args).toEqual(expect.arrayContaining(['-p', 'bedrock', '-c']));
  });

  it.each([
    { how: 'CX_PROFILE', extra: { CX_PROFILE: 'bedrock' } },
    { how: 'CODEX_PROFILE', extra: { CODEX_PROFILE: 'bedrock' } },
  ])('with a profile selected by $how: codex gets exactly the user\'s arguments, no credential is asked for', async ({ extra }) => {
    const result = await runCx(REMOTE, { env: { ...env, ...extra }, cwd });
    expect(result.exitCode, diagnose(result)).toBe(0);
    expect(recorder.read().argv).toEqual(REMOTE);
    expect(result.stderr).toBe('');
  });

  it('with the profile chosen by cx\'s default_profile and a .cxrc-free directory: the same', async () => {
    const config = join(tempDir('cx-remote-config-'), 'config.toml');
    writeFileSync(config, 'default_profile = "bedrock"\n');
    const args = ['--remote', 'unix://', 'exec', 'resume', '--last'];
    const result = await runCx(args, { env: { ...env, CX_CONFIG: config }, cwd });
    expect(result.exitCode, diagnose(result)).toBe(0);
    expect(recorder.read().argv).toEqual(args);
  });

  it('explain says so: remote-run (info), the profile not applied, no credentials, the command as given', async () => {
    const result = await runCx(['explain', '--json', ...REMOTE], { env: { ...env, CX_PROFILE: 'bedrock' }, cwd });
    expect(result.exitCode, diagnose(result)).toBe(0);
    const explained = JSON.parse(result.stdout) as Explained;
    expect(explained.command.args).toEqual(REMOTE);
    expect(explained.credentials).toEqual([]);
    const codes = explained.findings.map((f) => `${f.level} ${f.code}`);
    expect(codes).toContain('info remote-run');
    expect(codes).toContain('info remote-profile-not-applied');
    expect(codes.filter((c) => c.startsWith('error') || c.startsWith('warning'))).toEqual([]);
    expect(explained.findings.find((f) => f.code === 'remote-run')?.message).toContain('cx adds no -p, -c, -m or --enable');
    const text = await runCx(['explain', '--verbose', ...REMOTE], { env: { ...env, CX_PROFILE: 'bedrock' }, cwd });
    expect(text.stdout).toMatch(/profile +bedrock from .* — not applied \(--remote/);
  });

  it('+PROFILE with --remote is refused with 64 and says why; codex does not run', async () => {
    const result = await runCx(['+bedrock', ...REMOTE], { env, cwd });
    expect(result.exitCode, diagnose(result)).toBe(64);
    expect(recorder.ran()).toBe(false);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^cx: \+bedrock cannot apply to a --remote run: .*configuration.* — drop \+PROFILE/);
  });

  it('the user\'s own -p stays as given (codex decides)', async () => {
    const args = ['exec', '-p', 'bedrock', '--remote', 'ws://127.0.0.1:9', 'hi'];
    const result = await runCx(args, { env, cwd });
    expect(result.exitCode, diagnose(result)).toBe(0);
    expect(recorder.read().argv).toEqual(args);
  });
});
