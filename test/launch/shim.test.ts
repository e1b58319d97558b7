// `cx shim install|uninstall [DIR]`, with real processes: a shell finds the shim as `codex` on
// PATH, the shim runs cx, cx passes over the shim (by its marker) and runs the real codex further
// down PATH, with the arguments byte for byte and the exit status mirrored, and never loops.
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newestCodex } from '../helpers/codex-range.ts';
import { CX_BIN, NATIVE_CODEX, RUNTIMES, cleanEnv, tempDir } from '../helpers/cx-process.ts';
import {
  type ProgramResult,
  SYSTEM_PATH,
  exitFake,
  killSelfFake,
  looksLikeStackTrace,
  nulBytes,
  recorderFake,
  run,
  runCxExact,
  shQuote,
  writeScript,
} from '../helpers/fake-codex.ts';
import { SHIM_MARKER } from '../../src/launch/shim-marker.ts';
import { SHIM_CANNOT_WRITE_STATUS, SHIM_NONE_STATUS, shimScript } from '../../src/cli/shim.ts';

/** Runs `codex ARGS` the way a program would: a shell looks `codex` up on PATH. */
function runCodexOnPath(args: readonly string[], env: Record<string, string>, cwd?: string): Promise<ProgramResult> {
  return run('/bin/sh', ['-c', 'exec codex "$@"', 'sh', ...args], { env, ...(cwd === undefined ? {} : { cwd }), timeoutMs: 15_000 });
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

/** Nothing but the shim (and what was there before) in a directory: no temp files left behind. */
function names(dir: string): string[] {
  return readdirSync(dir).sort();
}

for (const runtime of RUNTIMES) {
  describe(`the codex shim — ${runtime.name}`, () => {
    it('`codex exec ...` on PATH runs cx, which runs the real codex further down PATH: argv byte for byte', async () => {
      const dir = tempDir('cx-shim-');
      const shimDir = join(dir, 'shim');
      const real = recorderFake(join(dir, 'real', 'codex'));
      const env = cleanEnv({ PATH: [shimDir, dirname(real.bin), SYSTEM_PATH].join(':') });
      const installed = await runCxExact(runtime.node, ['shim', 'install', shimDir], { env });
      expect(installed.stderr).toBe('');
      expect(installed.exitCode).toBe(0);
      expect(installed.stdout).toContain(`installed ${join(shimDir, 'codex')}`);
      expect(installed.stdout).toContain(`runs the real codex: ${real.bin}`);

      const args = ['exec', 'x', '', ' two  spaces ', "it's", '"q"', '$HOME', '*', '`id`', 'line1\nline2', 'ünï ☃', '--cx-force', '+work', '--', '-', '\\'];
      const result = await runCodexOnPath(args, env);
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe('');
      expect(result.exitCode).toBe(0);
      const seen = real.read();
      expect(seen.argvBytes.equals(nulBytes(args))).toBe(true);
      // cx was in between: it marks the environment of the codex it launches.
      expect(seen.env['CX_LAUNCH_GUARD']).toMatch(/^\d+:(exec|spawn):1$/);
    });

    it('mirrors the real codex\'s exit status and death by signal', async () => {
      const dir = tempDir('cx-shim-');
      const shimDir = join(dir, 'shim');
      const env = cleanEnv({ PATH: [shimDir, join(dir, 'real'), SYSTEM_PATH].join(':') });
      expect((await runCxExact(runtime.node, ['shim', 'install', shimDir], { env })).exitCode).toBe(0);

      exitFake(join(dir, 'real', 'codex'));
      for (const status of [0, 3, 64, 127]) {
        const result = await runCodexOnPath([String(status)], env);
        expect(result.exitCode, `status ${status}`).toBe(status);
        expect(result.stderr).toBe('');
      }

      killSelfFake(join(dir, 'real', 'codex'));
      const killed = await run('/bin/sh', ['-c', 'ulimit -c 0; codex TERM; echo "status=$?"'], { env });
      expect(killed.stdout).toBe('status=143\n');
    });

    it('reaches the real native codex (--version) and is itself cx (--cx-version)', async () => {
      const dir = tempDir('cx-shim-');
      const shimDir = join(dir, 'shim');
      const env = cleanEnv({ PATH: [shimDir, dirname(NATIVE_CODEX), SYSTEM_PATH].join(':') });
      expect((await runCxExact(runtime.node, ['shim', 'install', shimDir], { env })).exitCode).toBe(0);

      const version = await runCodexOnPath(['--version'], env);
      expect(version.exitCode).toBe(0);
      expect(version.stdout).toBe(`codex-cli ${newestCodex().version}\n`);
      const cxVersion = await runCodexOnPath(['--cx-version'], env);
      expect(cxVersion.exitCode).toBe(0);
      expect(cxVersion.stdout).toMatch(/^cx \d+\.\d+\.\d+/);
    });

    it('the shim as the only codex on PATH: 127 with one clear line, no loop', async () => {
      const dir = tempDir('cx-shim-');
      const shimDir = join(dir, 'shim');
      const env = cleanEnv({ PATH: [shimDir, SYSTEM_PATH].join(':') });
      const installed = await runCxExact(runtime.node, ['shim', 'install', shimDir], { env });
      expect(installed.exitCode).toBe(0);
      expect(installed.stderr).toContain('cx finds no real codex to run yet');

      const started = Date.now();
      const result = await runCodexOnPath(['exec', 'hi'], env);
      expect(result.timedOut).toBe(false);
      expect(result.exitCode).toBe(127);
      expect(result.stdout).toBe('');
      expect(looksLikeStackTrace(result.stderr)).toBe(false);
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stderr).toContain('codex not found');
      expect(result.stderr).toContain(`${join(shimDir, 'codex')}: it is a cx shim`);
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('CX_CODEX_BIN pointing at the shim: refused with 125', async () => {
      const dir = tempDir('cx-shim-');
      const shimDir = join(dir, 'shim');
      const env = cleanEnv({ PATH: SYSTEM_PATH });
      expect((await runCxExact(runtime.node, ['shim', 'install', shimDir], { env })).exitCode).toBe(0);
      const shim = join(shimDir, 'codex');

      for (const result of [
        await runCxExact(runtime.node, ['exec', 'hi'], { env: { ...env, CX_CODEX_BIN: shim } }),
        await run(shim, ['exec', 'hi'], { env: { ...env, CX_CODEX_BIN: shim } }),
      ]) {
        expect(result.exitCode).toBe(125);
        expect(result.stdout).toBe('');
        expect(lines(result.stderr)).toHaveLength(1);
        expect(result.stderr).toContain(`${shim} is not codex: it is a cx shim`);
      }
    });
  });
}

describe('cx shim install', () => {
  it('writes a tiny sh script with the marker that execs this node and cx by absolute path', async () => {
    const dir = tempDir('cx-shim-');
    const env = cleanEnv({ PATH: SYSTEM_PATH });
    const result = await runCxExact(process.execPath, ['shim', 'install', dir], { env });
    expect(result.exitCode).toBe(0);
    const text = readFileSync(join(dir, 'codex'), 'utf8');
    expect(text).toBe(shimScript(process.execPath, CX_BIN));
    expect(text.startsWith('#!/bin/sh\n')).toBe(true);
    expect(text).toContain(SHIM_MARKER);
    expect(text).toContain(`exec ${shQuote(process.execPath)} ${shQuote(CX_BIN)} "$@"\n`);
    expect(Buffer.byteLength(text)).toBeLessThan(1024);
  });

  it('quotes paths for /bin/sh (no bash-only quoting), so odd node and cx paths still work', async () => {
    const dir = tempDir('cx-shim-');
    const real = recorderFake(join(dir, 'real', 'codex'));
    // A node and a cx under an awkward path (symlinks to the real ones): quotes, $, backticks, a newline.
    const odd = join(dir, "odd 'dir' $HOME `id`\n-");
    mkdirSync(join(odd, 'bin'), { recursive: true });
    symlinkSync(process.execPath, join(odd, 'node'));
    symlinkSync(CX_BIN, join(odd, 'bin', 'cx.js'));
    const script = shimScript(join(odd, 'node'), join(odd, 'bin', 'cx.js'));
    expect(script).not.toContain("$'");
    mkdirSync(join(dir, 'shim'));
    writeFileSync(join(dir, 'shim', 'codex'), script, { mode: 0o755 });
    const env = cleanEnv({ PATH: [join(dir, 'shim'), dirname(real.bin), SYSTEM_PATH].join(':') });
    const result = await runCodexOnPath(['exec', 'ok'], env);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(real.read().argv).toEqual(['exec', 'ok']);
  });

  it('is 0755 and not world-writable whatever the umask, written without temp files left over', async () => {
    for (const umask of ['077', '000', '022']) {
      const dir = tempDir('cx-shim-');
      const env = cleanEnv({ PATH: SYSTEM_PATH });
      const result = await run('/bin/sh', ['-c', `umask ${umask}; exec "$0" "$@"`, process.execPath, CX_BIN, 'shim', 'install', dir], { env });
      expect(result.exitCode, `umask ${umask}`).toBe(0);
      expect(statSync(join(dir, 'codex')).mode & 0o7777, `umask ${umask}`).toBe(0o755);
      expect(names(dir)).toEqual(['codex']);
    }
  });

  it('is idempotent: installing again changes nothing, and updates a shim of another cx in place', async () => {
    const dir = tempDir('cx-shim-');
    const env = cleanEnv({ PATH: SYSTEM_PATH });
    expect((await runCxExact(process.execPath, ['shim', 'install', dir], { env })).exitCode).toBe(0);
    const first = readFileSync(join(dir, 'codex'));
    const again = await runCxExact(process.execPath, ['shim', 'install', dir], { env });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('is already this cx shim; nothing changed');
    expect(readFileSync(join(dir, 'codex')).equals(first)).toBe(true);
    expect(names(dir)).toEqual(['codex']);

    // A shim written by another cx (another node, another install): cx's own, so replaced.
    writeFileSync(join(dir, 'codex'), shimScript('/old/node', '/old/cx/bin/cx.js'), { mode: 0o755 });
    const updated = await runCxExact(process.execPath, ['shim', 'install', dir], { env });
    expect(updated.exitCode).toBe(0);
    expect(updated.stdout).toContain(`updated ${join(dir, 'codex')}`);
    expect(readFileSync(join(dir, 'codex')).equals(first)).toBe(true);
    expect(names(dir)).toEqual(['codex']);
  });

  it('refuses to overwrite a codex that is not a cx shim, and says what it is', async () => {
    const dir = tempDir('cx-shim-');
    const env = cleanEnv({ PATH: SYSTEM_PATH });
    const escaped = NATIVE_CODEX.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const cases: [string, () => void, RegExp][] = [
      ['a', () => writeScript(join(dir, 'a', 'codex'), 'echo real\n'), /it is a script starting "#!\/bin\/sh"/],
      ['b', () => { mkdirSync(join(dir, 'b')); writeFileSync(join(dir, 'b', 'codex'), readFileSync(NATIVE_CODEX).subarray(0, 4096), { mode: 0o755 }); }, /it is a program/],
      ['c', () => { mkdirSync(join(dir, 'c')); symlinkSync(NATIVE_CODEX, join(dir, 'c', 'codex')); }, new RegExp(`it is a symlink to ${escaped}`)],
      ['d', () => mkdirSync(join(dir, 'd', 'codex'), { recursive: true }), /it is a directory/],
    ];
    for (const [sub, make, what] of cases) {
      make();
      const target = join(dir, sub, 'codex');
      const before = existsSync(target) && statSync(target).isFile() ? readFileSync(target) : null;
      const result = await runCxExact(process.execPath, ['shim', 'install', join(dir, sub)], { env });
      expect(result.exitCode, sub).toBe(SHIM_CANNOT_WRITE_STATUS);
      expect(result.stdout).toBe('');
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stderr).toContain(`${target} exists and is not a cx shim`);
      expect(result.stderr).toMatch(what);
      expect(result.stderr).toContain('not overwritten');
      if (before !== null) expect(readFileSync(target).equals(before)).toBe(true);
      expect(names(join(dir, sub))).toEqual(['codex']);
    }
    expect(readFileSync(join(dir, 'a', 'codex'), 'utf8')).toBe('#!/bin/sh\necho real\n');
  });

  it('refuses a directory every user can write', async () => {
    const dir = join(tempDir('cx-shim-'), 'open');
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    const result = await runCxExact(process.execPath, ['shim', 'install', dir], { env: cleanEnv({ PATH: SYSTEM_PATH }) });
    expect(result.exitCode).toBe(SHIM_CANNOT_WRITE_STATUS);
    expect(result.stderr).toContain('writable by every user');
    expect(existsSync(join(dir, 'codex'))).toBe(false);
  });

  it('warns when DIR is not on PATH, and when a real codex comes before it on PATH', async () => {
    const dir = tempDir('cx-shim-');
    const real = recorderFake(join(dir, 'real', 'codex'));
    const shimDir = join(dir, 'shim');

    const offPath = await runCxExact(process.execPath, ['shim', 'install', shimDir], { env: cleanEnv({ PATH: [dirname(real.bin), SYSTEM_PATH].join(':') }) });
    expect(offPath.exitCode).toBe(0);
    expect(lines(offPath.stderr)).toEqual([`cx: warning: ${shimDir} is not on PATH, so programs that run \`codex\` will not find the shim; put it first: PATH=${shimDir}:"$PATH"`]);

    const behind = await runCxExact(process.execPath, ['shim', 'install', shimDir], { env: cleanEnv({ PATH: [dirname(real.bin), shimDir, SYSTEM_PATH].join(':') }) });
    expect(behind.exitCode).toBe(0);
    expect(lines(behind.stderr)).toHaveLength(1);
    expect(behind.stderr).toContain(`${real.bin} comes before ${shimDir} on PATH`);
    expect(behind.stderr).toContain(`the shim takes effect only when ${shimDir} comes first on PATH`);

    const first = await runCxExact(process.execPath, ['shim', 'install', shimDir], { env: cleanEnv({ PATH: [shimDir, dirname(real.bin), SYSTEM_PATH].join(':') }) });
    expect(first.exitCode).toBe(0);
    expect(first.stderr).toBe('');
  });

  describe('without DIR', () => {
    it('uses ~/.local/bin when it is on PATH (creating it), even after other user directories', async () => {
      const env = cleanEnv();
      const home = env['HOME'] as string;
      mkdirSync(join(home, 'bin'));
      const localBin = join(home, '.local', 'bin');
      const result = await runCxExact(process.execPath, ['shim', 'install'], { env: { ...env, PATH: [join(home, 'bin'), localBin, SYSTEM_PATH].join(':') } });
      expect(result.exitCode).toBe(0);
      expect(readFileSync(join(localBin, 'codex'), 'utf8')).toContain(SHIM_MARKER);
      expect(existsSync(join(home, 'bin', 'codex'))).toBe(false);
    });

    it('else the first directory on PATH under HOME that the user owns and can write and holds no other codex', async () => {
      const env = cleanEnv();
      const home = env['HOME'] as string;
      const [npmBin, userBin, laterBin] = ['npm/bin', 'bin', 'later/bin'].map((d) => join(home, d)) as [string, string, string];
      recorderFake(join(npmBin, 'codex')); // the real codex lives here: not a place for the shim
      mkdirSync(userBin);
      mkdirSync(laterBin, { recursive: true });
      const PATH = [SYSTEM_PATH, npmBin, userBin, laterBin].join(':');
      const result = await runCxExact(process.execPath, ['shim', 'install'], { env: { ...env, PATH } });
      expect(result.exitCode).toBe(0);
      expect(readFileSync(join(userBin, 'codex'), 'utf8')).toContain(SHIM_MARKER);
      expect(existsSync(join(laterBin, 'codex'))).toBe(false);
      // The real codex comes first on PATH: the shim will not take effect, and cx says so.
      expect(result.stderr).toContain(`${join(npmBin, 'codex')} comes before ${userBin} on PATH`);
    });

    it('refuses with a clear message asking for DIR when there is none', async () => {
      const env = cleanEnv({ PATH: SYSTEM_PATH });
      const result = await runCxExact(process.execPath, ['shim', 'install'], { env });
      expect(result.exitCode).toBe(64);
      expect(result.stdout).toBe('');
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stderr).toContain('no directory on PATH to put the codex shim in');
      expect(result.stderr).toContain('cx shim install DIR');
    });
  });

  it('rejects bad arguments with 64', async () => {
    const env = cleanEnv({ PATH: SYSTEM_PATH });
    for (const args of [['shim'], ['shim', 'instal'], ['shim', 'install', 'a', 'b'], ['shim', 'install', '--force']]) {
      const result = await runCxExact(process.execPath, args, { env });
      expect(result.exitCode, args.join(' ')).toBe(64);
      expect(lines(result.stderr), args.join(' ')).toHaveLength(1);
    }
  });
});

describe('cx shim uninstall', () => {
  it('removes a cx shim, and only that', async () => {
    const dir = tempDir('cx-shim-');
    const env = cleanEnv({ PATH: SYSTEM_PATH });
    expect((await runCxExact(process.execPath, ['shim', 'install', dir], { env })).exitCode).toBe(0);
    const removed = await runCxExact(process.execPath, ['shim', 'uninstall', dir], { env });
    expect(removed.exitCode).toBe(0);
    expect(removed.stdout).toContain(`removed the cx shim ${join(dir, 'codex')}`);
    expect(names(dir)).toEqual([]);

    const again = await runCxExact(process.execPath, ['shim', 'uninstall', dir], { env });
    expect(again.exitCode).toBe(SHIM_NONE_STATUS);
    expect(again.stderr).toContain(`no codex in ${dir}; nothing removed`);
  });

  it('leaves a foreign codex alone', async () => {
    const dir = tempDir('cx-shim-');
    const real = recorderFake(join(dir, 'codex'));
    const before = readFileSync(real.bin);
    const result = await runCxExact(process.execPath, ['shim', 'uninstall', dir], { env: cleanEnv({ PATH: SYSTEM_PATH }) });
    expect(result.exitCode).toBe(SHIM_NONE_STATUS);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toContain(`${real.bin} is not a cx shim`);
    expect(result.stderr).toContain('left alone');
    expect(readFileSync(real.bin).equals(before)).toBe(true);
    expect(statSync(real.bin).mode & 0o777).toBe(0o755);
  });

  it('without DIR removes every cx shim on PATH and nothing else', async () => {
    const dir = tempDir('cx-shim-');
    const env = cleanEnv();
    const [one, two] = [join(dir, 'one'), join(dir, 'two')];
    for (const d of [one, two]) expect((await runCxExact(process.execPath, ['shim', 'install', d], { env })).exitCode).toBe(0);
    const real = recorderFake(join(dir, 'real', 'codex'));
    const PATH = [one, dirname(real.bin), two, SYSTEM_PATH].join(':');
    const result = await runCxExact(process.execPath, ['shim', 'uninstall'], { env: { ...env, PATH } });
    expect(result.exitCode).toBe(0);
    expect(lines(result.stdout)).toEqual([`cx: removed the cx shim ${join(one, 'codex')}`, `cx: removed the cx shim ${join(two, 'codex')}`]);
    expect(existsSync(real.bin)).toBe(true);

    const none = await runCxExact(process.execPath, ['shim', 'uninstall'], { env: { ...env, PATH } });
    expect(none.exitCode).toBe(SHIM_NONE_STATUS);
    expect(none.stderr).toContain('no cx shim in any directory on PATH');
  });
});
