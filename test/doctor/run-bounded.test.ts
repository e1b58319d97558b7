// runBounded (through execa) on real programs: output captured, a run past its time killed with
// its whole process group, output past the bound refused, a program that cannot start named.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBounded } from '../../src/doctor/run-bounded.ts';
import { tempDir } from '../helpers/cx-process.ts';
import { SYSTEM_PATH, readIfExists, shQuote, waitFor, writeScript } from '../helpers/fake-codex.ts';

const env = { PATH: SYSTEM_PATH };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('runBounded', () => {
  it('captures stdout, stderr and the exit code', async () => {
    const result = await runBounded('sh', ['-c', 'echo out; echo err >&2; exit 3'], { env, cwd: '/', timeoutMs: 10_000, maxBytes: 1024 });
    expect(result).toEqual({ kind: 'exited', code: 3, signal: null, stdout: 'out\n', stderr: 'err\n' });
  });

  it('a run past its time: timeout, and what it started in its group is killed too', async () => {
    const dir = tempDir('cx-run-bounded-');
    const pidFile = join(dir, 'child.pid');
    const script = writeScript(join(dir, 'hang'), `sleep 30 & echo $! > ${shQuote(pidFile)}\nsleep 30\n`);
    const started = Date.now();
    const result = await runBounded(script, [], { env, cwd: dir, timeoutMs: 500, maxBytes: 1024 });
    expect(result.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5000);
    const child = Number(readIfExists(pidFile)?.trim());
    expect(child).toBeGreaterThan(0);
    await waitFor('the child in its group to be gone', () => !alive(child), 3000);
  });

  it('a program that exits but leaves a child holding the pipe: done after a short drain, the child killed', async () => {
    const dir = tempDir('cx-run-bounded-');
    const pidFile = join(dir, 'child.pid');
    const script = writeScript(join(dir, 'linger'), `sleep 30 & echo $! > ${shQuote(pidFile)}\necho done\n`);
    const started = Date.now();
    const result = await runBounded(script, [], { env, cwd: dir, timeoutMs: 20_000, maxBytes: 1024 });
    expect(result).toMatchObject({ kind: 'exited', code: 0, stdout: 'done\n' });
    expect(Date.now() - started).toBeLessThan(5000);
    await waitFor('the lingering child to be gone', () => !alive(Number(readIfExists(pidFile)?.trim())), 3000);
  });

  it('output past the bound: too-big', async () => {
    const result = await runBounded('sh', ['-c', 'head -c 100000 /dev/zero'], { env, cwd: '/', timeoutMs: 10_000, maxBytes: 1000 });
    expect(result).toEqual({ kind: 'too-big', bytes: 1000 });
  });

  it('a program that does not exist: spawn-error naming the code', async () => {
    const result = await runBounded('/nonexistent/codex', ['--version'], { env, cwd: '/', timeoutMs: 10_000, maxBytes: 1024 });
    expect(result).toEqual({ kind: 'spawn-error', code: 'ENOENT' });
  });
});
