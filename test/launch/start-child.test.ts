// The spawn path (Node < 22.15) starts codex through Node's process handle, not node:child_process
// (src/launch/start-child.ts): codex must receive exactly what child_process would have given it,
// child_process must not load, and where the handle is not quiet (--pending-deprecation) cx falls
// back to child_process without a warning.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envPairsOf, processHandleOf } from '../../src/launch/start-child.ts';
import { CX_BIN, RUNTIMES, cleanEnv, tempDir } from '../helpers/cx-process.ts';
import { SYSTEM_PATH, launchModeOf, recorderFake, run, start } from '../helpers/fake-codex.ts';

describe('envPairsOf', () => {
  it('gives KEY=value for every defined value, in order, and carries NODE_V8_COVERAGE over as child_process does', () => {
    expect(envPairsOf({ A: '1', B: undefined, C: 'x=y' }, {})).toEqual(['A=1', 'C=x=y']);
    expect(envPairsOf({ A: '1' }, { NODE_V8_COVERAGE: '/cov' })).toEqual(['A=1', 'NODE_V8_COVERAGE=/cov']);
    expect(envPairsOf({ NODE_V8_COVERAGE: '/mine' }, { NODE_V8_COVERAGE: '/cov' })).toEqual(['NODE_V8_COVERAGE=/mine']);
  });

  it('refuses a NUL byte in a name or a value (child_process would throw)', () => {
    expect(envPairsOf({ A: 'a\0b' }, {})).toBeNull();
    expect(envPairsOf({ 'A\0B': 'x' }, {})).toBeNull();
  });
});

describe('processHandleOf', () => {
  const fake = (platform: string, binding: unknown): NodeJS.Process => ({ platform, binding }) as unknown as NodeJS.Process;

  it('is Node\'s process handle here', () => {
    expect(typeof processHandleOf()).toBe('function');
  });

  it('is null on Windows, for a wrapped (warning) binding, a throwing one, or none', () => {
    const binding = function binding(): unknown {
      return { Process: class {} };
    };
    expect(processHandleOf(fake('linux', binding))).not.toBeNull();
    expect(processHandleOf(fake('win32', binding))).toBeNull();
    expect(processHandleOf(fake('linux', function deprecated(): unknown {
      return { Process: class {} };
    }))).toBeNull();
    expect(processHandleOf(fake('linux', function binding(): unknown {
      throw new Error('Access to this API has been restricted');
    }))).toBeNull();
    expect(processHandleOf(fake('linux', undefined))).toBeNull();
  });
});

for (const runtime of RUNTIMES.filter((r) => launchModeOf(r.node) === 'spawn')) {
  describe(`starting codex without child_process — ${runtime.name}`, () => {
    it('codex receives the same argv and environment through the handle and through the child_process fallback; no warning', async () => {
      const dir = tempDir('cx-start-');
      const fake = recorderFake(join(dir, 'codex'));
      const args = ['exec', 'a b', '', 'ünï', '--', '-x=1'];
      const env = cleanEnv({ PATH: SYSTEM_PATH, CX_CODEX_BIN: fake.bin });

      const started = start(runtime.node, [CX_BIN, ...args], { env, cwd: dir });
      const direct = await started.result;
      const viaHandle = fake.read();
      fake.reset();
      // --pending-deprecation makes process.binding warn: cx must use child_process instead.
      const fallback = await run(runtime.node, [CX_BIN, ...args], { env: { ...env, NODE_PENDING_DEPRECATION: '1' }, cwd: dir });
      const viaChildProcess = fake.read();

      expect([direct.exitCode, direct.stderr, fallback.exitCode, fallback.stderr]).toEqual([0, '', 0, '']);
      expect(viaHandle.argvBytes.equals(viaChildProcess.argvBytes)).toBe(true);
      expect(viaHandle.argv.slice(1)).toEqual(args.slice(1));
      // The recursion guard names each cx's own pid.
      const samePid = (e: Record<string, string>): Record<string, string> => ({ ...e, CX_LAUNCH_GUARD: (e['CX_LAUNCH_GUARD'] ?? '').replace(/^\d+:/, 'PID:') });
      const { NODE_PENDING_DEPRECATION, ...fallbackEnv } = viaChildProcess.env;
      expect(NODE_PENDING_DEPRECATION).toBe('1');
      expect(samePid(viaHandle.env)).toEqual(samePid(fallbackEnv));
      expect(viaHandle.env['CX_LAUNCH_GUARD']).toBe(`${started.pid}:spawn:1`);
      expect(viaHandle.ppid).toBe(started.pid);
    });

    it('does not load node:child_process on a launch (the fallback does)', async () => {
      const dir = tempDir('cx-start-mods-');
      const fake = recorderFake(join(dir, 'codex'));
      const report = join(dir, 'modules');
      const preload = join(dir, 'report-modules.cjs');
      writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, process.moduleLoadList.join('\\n')));\n`);
      const env = cleanEnv({ PATH: SYSTEM_PATH, CX_CODEX_BIN: fake.bin });
      const loadedWith = async (extra: Record<string, string>): Promise<string[]> => {
        fake.reset();
        const result = await run(runtime.node, ['-r', preload, CX_BIN, 'exec', 'x'], { env: { ...env, ...extra }, cwd: dir });
        expect([result.exitCode, result.stderr, fake.ran()]).toEqual([0, '', true]);
        return readFileSync(report, 'utf8').split('\n').filter((name) => /child_process|NativeModule net$|process_wrap/.test(name));
      };
      expect(await loadedWith({})).toEqual(['Internal Binding process_wrap']);
      expect(await loadedWith({ NODE_PENDING_DEPRECATION: '1' })).toEqual(expect.arrayContaining(['NativeModule child_process', 'NativeModule net']));
    });
  });
}
