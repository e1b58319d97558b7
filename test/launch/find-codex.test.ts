// Which codex cx runs, and how it refuses when there is none it can run: CX_CODEX_BIN, codex_bin in
// cx's config, then the first `codex` on PATH that is not cx. Refusals are one stderr line, a
// documented status, nothing on stdout and never a stack trace.
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CX_BIN, ROOT, RUNTIMES, cleanEnv, tempDir } from '../helpers/cx-process.ts';
import { type ProgramResult, SYSTEM_PATH, launchModeOf, looksLikeStackTrace, recorderFake, runCxExact, writeScript } from '../helpers/fake-codex.ts';
import { SHIM_MARKER } from '../../src/launch/shim-marker.ts';

/** The single line cx printed on stderr (fails the test if there is not exactly one). */
function oneLine(result: ProgramResult): string {
  expect(result.stdout).toBe('');
  expect(looksLikeStackTrace(result.stderr)).toBe(false);
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  return lines[0] as string;
}

/**
 * A copy of a dynamically linked ELF program whose loader (PT_INTERP) does not exist: execve(2)
 * fails with ENOENT although the file is there. Null where /bin/true is not such a program.
 */
function elfWithMissingLoader(dir: string): string | null {
  const loader = '/lib64/ld-linux-x86-64.so.2';
  if (!existsSync('/bin/true')) return null;
  const bytes = readFileSync('/bin/true');
  const at = bytes.indexOf(Buffer.from(`${loader}\0`, 'latin1'));
  if (at < 0) return null;
  bytes.write('/no/such/ld-linux-x86-64.so', at, 'latin1'); // same length
  const path = join(dir, 'codex');
  writeFileSync(path, bytes, { mode: 0o755 });
  return path;
}

for (const runtime of RUNTIMES) {
  const canExec = launchModeOf(runtime.node) === 'exec';

  describe(`finding codex — ${runtime.name}`, () => {
    it('PATH: passes over a symlink to cx and a cx shim, runs the next codex', async () => {
      const dir = tempDir('cx-find-');
      const [linkDir, shimDir, emptyDir, fakeDir] = ['a', 'b', 'c', 'd'].map((name) => join(dir, name)) as [string, string, string, string];
      for (const d of [linkDir, shimDir, emptyDir, fakeDir]) mkdirSync(d);
      symlinkSync(CX_BIN, join(linkDir, 'codex'));
      writeScript(join(shimDir, 'codex'), `# ${SHIM_MARKER}\nexec cx "$@"\n`);
      writeFileSync(join(emptyDir, 'codex'), 'not executable\n'); // not a candidate either
      const recorder = recorderFake(join(fakeDir, 'codex'));
      const env = cleanEnv({ PATH: [linkDir, shimDir, emptyDir, fakeDir, SYSTEM_PATH].join(':') });

      const result = await runCxExact(runtime.node, ['exec', 'hi'], { env });
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe('');
      expect(result.exitCode).toBe(0);
      expect(recorder.read().argv).toEqual(['exec', 'hi']);

      const explained = await runCxExact(runtime.node, ['explain', '--json'], { env });
      const plan = JSON.parse(explained.stdout) as { command: { bin: string }; codex: { skipped: { path: string; reason: string }[] } };
      expect(plan.command.bin).toBe(recorder.bin);
      expect(plan.codex.skipped.map((s) => s.path)).toEqual([join(linkDir, 'codex'), join(shimDir, 'codex')]);
    });

    it('CX_CODEX_BIN wins over PATH and cx\'s config', async () => {
      const dir = tempDir('cx-find-');
      const chosen = recorderFake(join(dir, 'chosen', 'codex'));
      const onPath = recorderFake(join(dir, 'path', 'codex'));
      const inConfig = recorderFake(join(dir, 'config', 'codex'));
      const config = join(dir, 'cx.toml');
      writeFileSync(config, `codex_bin = ${JSON.stringify(inConfig.bin)}\n`);
      const env = cleanEnv({ PATH: `${join(dir, 'path')}:${SYSTEM_PATH}`, CX_CONFIG: config, CX_CODEX_BIN: chosen.bin });
      const result = await runCxExact(runtime.node, [], { env });
      expect(result.exitCode).toBe(0);
      expect([chosen.ran(), onPath.ran(), inConfig.ran()]).toEqual([true, false, false]);
    });

    it('codex_bin in cx\'s config (CX_CONFIG) wins over PATH; a relative one is relative to the file', async () => {
      const dir = tempDir('cx-find-');
      const inConfig = recorderFake(join(dir, 'conf', 'bin', 'codex'));
      const onPath = recorderFake(join(dir, 'path', 'codex'));
      const config = join(dir, 'conf', 'cx.toml');
      writeFileSync(config, '# cx config\ncodex_bin = "bin/codex"\n');
      const env = cleanEnv({ PATH: `${join(dir, 'path')}:${SYSTEM_PATH}`, CX_CONFIG: config });
      const result = await runCxExact(runtime.node, ['exec', 'x'], { env });
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toBe('');
      expect([inConfig.ran(), onPath.ran()]).toEqual([true, false]);
      expect(inConfig.read().argv).toEqual(['exec', 'x']);
    });

    it('CX_CODEX_BIN naming a missing file: 127, one line naming it', async () => {
      const missing = join(tempDir('cx-find-'), 'no', 'such', 'codex');
      const result = await runCxExact(runtime.node, ['exec'], { env: cleanEnv({ PATH: SYSTEM_PATH, CX_CODEX_BIN: missing }) });
      expect(result.exitCode).toBe(127);
      const line = oneLine(result);
      expect(line).toContain(missing);
      expect(line).toContain('CX_CODEX_BIN');
    });

    it('CX_CODEX_BIN naming a file that is not executable: 126, one line naming it', async () => {
      const file = join(tempDir('cx-find-'), 'codex');
      writeFileSync(file, '#!/bin/sh\nexit 0\n');
      chmodSync(file, 0o644);
      const result = await runCxExact(runtime.node, [], { env: cleanEnv({ PATH: SYSTEM_PATH, CX_CODEX_BIN: file }) });
      expect(result.exitCode).toBe(126);
      expect(oneLine(result)).toContain(file);
    });

    it('CX_CODEX_BIN naming a directory: 126', async () => {
      const dir = tempDir('cx-find-');
      const result = await runCxExact(runtime.node, [], { env: cleanEnv({ PATH: SYSTEM_PATH, CX_CODEX_BIN: dir }) });
      expect(result.exitCode).toBe(126);
      expect(oneLine(result)).toContain(dir);
    });

    it('CX_CODEX_BIN naming cx itself: 125', async () => {
      const result = await runCxExact(runtime.node, [], { env: cleanEnv({ PATH: SYSTEM_PATH, CX_CODEX_BIN: CX_BIN }) });
      expect(result.exitCode).toBe(125);
      expect(oneLine(result)).toContain(CX_BIN);
    });

    it('CX_CODEX_BIN naming a symlink to cx: 125', async () => {
      const link = join(tempDir('cx-find-'), 'codex');
      symlinkSync(CX_BIN, link);
      const result = await runCxExact(runtime.node, [], { env: cleanEnv({ PATH: SYSTEM_PATH, CX_CODEX_BIN: link }) });
      expect(result.exitCode).toBe(125);
      expect(oneLine(result)).toContain(link);
    });

    it('a codex script whose #! interpreter is missing: 127, one line, no stack trace', async () => {
      const bin = join(tempDir('cx-find-'), 'codex');
      writeFileSync(bin, '#!/no/such/interpreter\nexit 0\n');
      chmodSync(bin, 0o755);
      const result = await runCxExact(runtime.node, [], { env: cleanEnv({ PATH: SYSTEM_PATH, CX_CODEX_BIN: bin }) });
      expect(result.signal).toBeUndefined();
      expect(result.exitCode).toBe(127);
      const line = oneLine(result);
      expect(line).toContain(bin);
      expect(line).toContain('/no/such/interpreter');
    });

    it('a codex script without #! runs as a shell would run it (with /bin/sh)', async () => {
      const dir = tempDir('cx-find-');
      const bin = join(dir, 'codex');
      writeFileSync(bin, `printf '%s\\n' "$@" > '${dir}/argv'\nexit 5\n`);
      chmodSync(bin, 0o755);
      const result = await runCxExact(runtime.node, ['a b', 'c'], { env: cleanEnv({ PATH: SYSTEM_PATH, CX_CODEX_BIN: bin }) });
      expect(result.signal).toBeUndefined();
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(5);
    });

    it('an ELF codex whose loader is missing: 127, one line, no stack trace', async (context) => {
      const bin = elfWithMissingLoader(tempDir('cx-find-'));
      if (bin === null) context.skip();
      const result = await runCxExact(runtime.node, [], { env: cleanEnv({ PATH: SYSTEM_PATH, CX_CODEX_BIN: bin as string }) });
      expect(result.signal).toBeUndefined();
      expect(result.exitCode).toBe(127);
      expect(oneLine(result)).toContain(bin as string);
    });

    it.runIf(canExec).each([
      { name: 'a #!/bin/sh script', body: '#!/bin/sh\nexit 0\n', mode: 'exec' },
      { name: 'a #!/usr/bin/env sh script', body: '#!/usr/bin/env sh\nexit 0\n', mode: 'exec' },
      { name: 'a script with #! and spaces', body: '#!  /bin/sh -e\nexit 0\n', mode: 'exec' },
      { name: 'a script without #!', body: 'exit 0\n', mode: 'spawn' },
      { name: 'a script whose interpreter is missing', body: '#!/no/such/sh\nexit 0\n', mode: 'spawn' },
      { name: 'a script whose interpreter is a directory', body: '#!/tmp\nexit 0\n', mode: 'spawn' },
    ])('execve only what will surely start: $name → $mode', async ({ body, mode }) => {
      const bin = join(tempDir('cx-find-'), 'codex');
      writeFileSync(bin, body, { mode: 0o755 });
      const explained = await runCxExact(runtime.node, ['explain', '--json'], { env: cleanEnv({ PATH: SYSTEM_PATH, CX_CODEX_BIN: bin }) });
      expect((JSON.parse(explained.stdout) as { mode: string }).mode).toBe(mode);
    });

    it.runIf(canExec)('execve for the native ELF codex and for a static ELF', async () => {
      for (const bin of ['/bin/true', join(ROOT, 'node_modules', '@openai', 'codex-linux-x64', 'vendor', 'x86_64-unknown-linux-musl', 'bin', 'codex')]) {
        if (!existsSync(bin)) continue;
        const explained = await runCxExact(runtime.node, ['explain', '--json'], { env: cleanEnv({ PATH: SYSTEM_PATH, CX_CODEX_BIN: bin }) });
        expect((JSON.parse(explained.stdout) as { mode: string }).mode).toBe('exec');
      }
    });

    it('no codex anywhere: 127, naming `npm i -g @openai/codex` and CX_CODEX_BIN', async () => {
      const empty = tempDir('cx-find-');
      const result = await runCxExact(runtime.node, ['exec', 'x'], { env: cleanEnv({ PATH: `${empty}:${SYSTEM_PATH}` }) });
      expect(result.exitCode).toBe(127);
      const line = oneLine(result);
      expect(line).toContain('npm i -g @openai/codex');
      expect(line).toContain('CX_CODEX_BIN');
    });

    it('only cx on PATH: 127, saying what was passed over', async () => {
      const dir = tempDir('cx-find-');
      symlinkSync(CX_BIN, join(dir, 'codex'));
      const result = await runCxExact(runtime.node, [], { env: cleanEnv({ PATH: `${dir}:${SYSTEM_PATH}` }) });
      expect(result.exitCode).toBe(127);
      const line = oneLine(result);
      expect(line).toContain(join(dir, 'codex'));
      expect(line).toContain('npm i -g @openai/codex');
    });

    it('codex_bin naming a missing file: 127, naming the config file and line', async () => {
      const dir = tempDir('cx-find-');
      const config = join(dir, 'cx.toml');
      writeFileSync(config, `# cx config\ncodex_bin = "${dir}/missing-codex"\n`);
      const result = await runCxExact(runtime.node, [], { env: cleanEnv({ PATH: SYSTEM_PATH, CX_CONFIG: config }) });
      expect(result.exitCode).toBe(127);
      const line = oneLine(result);
      expect(line).toContain(`${config}:2`);
      expect(line).toContain(`${dir}/missing-codex`);
    });

    it.each([
      { name: 'bad TOML syntax', text: 'default_profile = "a"\ncodex_bin = [unterminated\n', line: 2 },
      { name: 'codex_bin not a string', text: '# comment\n\ncodex_bin = 5\n', line: 3 },
      { name: 'an unknown key', text: 'codex_bin = "/x"\nsurprise = true\n', line: 2 },
    ])('a malformed cx config ($name): 78, naming file:line', async ({ text, line }) => {
      const dir = tempDir('cx-find-');
      const config = join(dir, 'cx.toml');
      writeFileSync(config, text);
      const recorder = recorderFake(join(dir, 'codex'));
      const result = await runCxExact(runtime.node, ['exec'], { env: cleanEnv({ PATH: `${dir}:${SYSTEM_PATH}`, CX_CONFIG: config }) });
      expect(result.exitCode).toBe(78);
      expect(oneLine(result)).toContain(`${config}:${line}`);
      expect(recorder.ran()).toBe(false);
    });
  });
}
