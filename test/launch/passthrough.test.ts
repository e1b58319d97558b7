// Exact passthrough on the launch path: what codex receives (argv bytes, stdin, environment) and
// what cx itself writes (nothing on stdout), under every runtime (spawn and execve paths).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUNTIMES, cleanEnv, tempDir } from '../helpers/cx-process.ts';
import { SYSTEM_PATH, launchModeOf, nulBytes, recorderFake, runCxExact, writeScript } from '../helpers/fake-codex.ts';

/** A fresh recorder and an environment that selects it, with a `work` profile that exists. */
function setup(extra: Record<string, string> = {}): { recorder: ReturnType<typeof recorderFake>; env: Record<string, string> } {
  const dir = tempDir('cx-pass-');
  const recorder = recorderFake(join(dir, 'codex'));
  const codexHome = join(dir, 'codex-home');
  mkdirSync(codexHome);
  writeFileSync(join(codexHome, 'work.config.toml'), 'model = "gpt-5.5"\n');
  writeFileSync(join(codexHome, 'other.config.toml'), 'model = "gpt-5.5"\n');
  const env = cleanEnv({ PATH: SYSTEM_PATH, CODEX_HOME: codexHome, CX_CODEX_BIN: recorder.bin, ...extra });
  return { recorder, env };
}

const AWKWARD = [
  'exec',
  'two words',
  '"double quoted"',
  "it's single",
  'line one\nline two\n',
  'tab\there',
  '',
  ' leading and trailing ',
  'ünïcødé Ωμέγα',
  '日本語のテキスト',
  '🚀🎉 emoji 👩‍💻',
  '$HOME `uname` $(id) * ? [a] ~',
  'back\\slash',
  '--',
  '-p',
  'after-dashdash',
  '--cx-dry-run',
  '+foo',
  '--cx-force',
  'explain',
  '-',
  '=',
];

interface Case {
  name: string;
  args: string[];
  expected: string[];
  extraEnv?: Record<string, string>;
}

const EXACT_CASES: Case[] = [
  { name: 'awkward arguments, `--` in the middle, cx-looking words after the first codex argument', args: AWKWARD, expected: AWKWARD },
  { name: 'an empty first argument', args: ['', 'exec', '+foo'], expected: ['', 'exec', '+foo'] },
  {
    name: '--cx-… and +PROFILE after a leading codex option',
    args: ['--model', 'gpt x', '--cx-force', '+foo', 'exec'],
    expected: ['--model', 'gpt x', '--cx-force', '+foo', 'exec'],
  },
  { name: 'no arguments at all', args: [], expected: [] },
  {
    name: 'an explicit -p wins over CX_PROFILE: nothing added',
    args: ['-p', 'other', 'exec', 'hi'],
    expected: ['-p', 'other', 'exec', 'hi'],
    extraEnv: { CX_PROFILE: 'work' },
  },
  {
    name: 'an explicit --profile=… wins over +work: nothing added',
    args: ['+work', '--profile=other', 'exec', 'hi'],
    expected: ['--profile=other', 'exec', 'hi'],
  },
  {
    name: 'an explicit -p after the subcommand: nothing added',
    args: ['+work', 'exec', '-p', 'other', 'hi'],
    expected: ['exec', '-p', 'other', 'hi'],
  },
  { name: 'leading `--` escapes cx\'s claims', args: ['--', '+literal', '--cx-force'], expected: ['+literal', '--cx-force'] },
  { name: 'leading `--` escapes a cx command word', args: ['--', 'explain', '--json'], expected: ['explain', '--json'] },
  { name: 'only the first `--` is cx\'s', args: ['--', '--', 'x'], expected: ['--', 'x'] },
  { name: '+work adds -p work at the very front', args: ['+work', 'exec', 'two words', ''], expected: ['-p', 'work', 'exec', 'two words', ''] },
  { name: '+work alone', args: ['+work'], expected: ['-p', 'work'] },
  { name: '+work then `--`', args: ['+work', '--', 'exec', '+x'], expected: ['-p', 'work', 'exec', '+x'] },
  { name: 'CX_PROFILE adds -p at the very front', args: ['exec', 'x'], expected: ['-p', 'work', 'exec', 'x'], extraEnv: { CX_PROFILE: 'work' } },
];

for (const runtime of RUNTIMES) {
  const mode = launchModeOf(runtime.node);

  describe(`passthrough — ${runtime.name}`, () => {
    it.each(EXACT_CASES)('$name', async ({ args, expected, extraEnv }) => {
      const { recorder, env } = setup(extraEnv);
      const result = await runCxExact(runtime.node, args, { env });
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe('');
      expect(result.exitCode).toBe(0);
      const seen = recorder.read();
      expect(seen.argv).toEqual(expected);
      expect(seen.argvBytes.equals(nulBytes(expected))).toBe(true);
    });

    it.each([
      { args: ['+work', 'doctor', '--json'], expected: ['doctor', '--json'], command: 'doctor' },
      { args: ['+work', 'login', 'status'], expected: ['login', 'status'], command: 'login' },
    ])('+work $command: no -p (codex refuses it there), one warning on stderr', async ({ args, expected, command }) => {
      const { recorder, env } = setup();
      const result = await runCxExact(runtime.node, args, { env });
      expect(result.stdout).toBe('');
      expect(result.exitCode).toBe(0);
      expect(recorder.read().argv).toEqual(expected);
      const lines = result.stderr.split('\n').filter((line) => line !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^cx: warning: /);
      expect(lines[0]).toContain('work');
      expect(lines[0]).toContain(command);
    });

    it('stdin reaches codex byte for byte', async () => {
      const { recorder, env } = setup();
      const chunk = 'line one\nünïcødé 🚀\ttab\r\n\0nul\n';
      const input = chunk.repeat(8000); // ~ 250 kB: more than any pipe buffer
      const result = await runCxExact(runtime.node, ['exec', '-'], { env, input });
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toBe('');
      expect(recorder.read().stdin.equals(Buffer.from(input, 'utf8'))).toBe(true);
    });

    it('codex\'s stdout and stderr reach the caller unchanged, and cx adds nothing', async () => {
      const dir = tempDir('cx-pass-');
      const bin = writeScript(join(dir, 'codex'), "printf 'out 1\\nout 2 🚀'\nprintf 'err\\n' >&2\n");
      const result = await runCxExact(runtime.node, ['exec', 'x'], { env: cleanEnv({ PATH: SYSTEM_PATH, CX_CODEX_BIN: bin }) });
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toBe('out 1\nout 2 🚀');
      expect(result.stderr).toBe('err\n');
    });

    it(`the environment reaches codex unchanged except for CX_LAUNCH_GUARD (${mode} mode)`, async () => {
      const { recorder, env } = setup({
        SOME_VAR: 'multi\nline = value',
        EMPTY_VAR: '',
        UNICODE_VAR: 'ünï 🚀',
        CODEX_PROFILE_LIKE: 'x',
      });
      const result = await runCxExact(runtime.node, ['exec'], { env });
      expect(result.exitCode).toBe(0);
      const seen = recorder.read();
      const { CX_LAUNCH_GUARD: guard, PWD: _pwd, ...rest } = seen.env;
      expect(rest).toEqual(env);
      // With exec codex keeps cx's pid; with spawn cx is codex's parent.
      const cxPid = mode === 'exec' ? seen.pid : seen.ppid;
      expect(guard).toBe(`${cxPid}:${mode}:1`);
    });

    it.runIf(existsSync('/proc/self/status'))('codex starts with no signal ignored or blocked (Node ignores SIGPIPE and SIGXFSZ)', async () => {
      const dir = tempDir('cx-pass-');
      // Read with builtins only: while dash waits for a child it blocks every signal for a moment.
      const bin = writeScript(join(dir, 'codex'), 'while read -r line; do case $line in SigBlk:*|SigIgn:*) echo "$line" >&2;; esac; done < /proc/$$/status\n');
      const result = await runCxExact(runtime.node, [], { env: cleanEnv({ PATH: SYSTEM_PATH, CX_CODEX_BIN: bin }) });
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toBe('SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n');
    });

    it('an existing CX_LAUNCH_GUARD from an unrelated cx counts one level deeper', async () => {
      const { recorder, env } = setup({ CX_LAUNCH_GUARD: '1:spawn:3' });
      const result = await runCxExact(runtime.node, ['exec'], { env });
      expect(result.exitCode).toBe(0);
      const seen = recorder.read();
      expect(seen.env['CX_LAUNCH_GUARD']).toBe(`${mode === 'exec' ? seen.pid : seen.ppid}:${mode}:4`);
    });
  });
}
