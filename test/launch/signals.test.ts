// Signals aimed at cx itself (no terminal: pipes only). SIGTERM and SIGHUP reach codex; SIGINT and
// SIGQUIT sent to cx's pid alone do not (a terminal sends those to the whole foreground group, so
// codex gets its own copy); cx keeps waiting and then mirrors codex's exit.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUNTIMES, cleanEnv, tempDir } from '../helpers/cx-process.ts';
import { type ProgramResult, SYSTEM_PATH, type Started, type TrapFake, launchModeOf, readIfExists, startCx, trapFake, waitFor, writeScript } from '../helpers/fake-codex.ts';

interface WithFake {
  fake: TrapFake;
  /** cx's result. */
  cx: Promise<ProgramResult>;
  cxPid: number;
  /** Whether cx has exited. */
  finished: () => boolean;
}

async function startWithTrapFake(node: string): Promise<WithFake> {
  const dir = tempDir('cx-sig-');
  const fake = trapFake(join(dir, 'codex'));
  const started = startCx(node, ['exec', 'x'], { env: cleanEnv({ PATH: SYSTEM_PATH, CX_CODEX_BIN: fake.bin }), cwd: dir });
  await waitUntilReady(fake.ready, started);
  return { fake, cx: started.result, cxPid: started.pid, finished: started.finished };
}

/** Waits for the fake's ready file; if cx ends first, fails with what cx said. */
async function waitUntilReady(ready: string, cx: Started): Promise<void> {
  await waitFor('the fake codex to be ready (or cx to end)', () => readIfExists(ready)?.includes('\n') || cx.finished());
  if (readIfExists(ready)?.includes('\n')) return;
  const result = await cx.result;
  throw new Error(`cx ended before codex was ready: ${JSON.stringify(result)}`);
}

/** The fake's "PID PPID". */
function pidsOf(fake: TrapFake): { pid: number; ppid: number } {
  const [pid, ppid] = (readIfExists(fake.ready) ?? '').trim().split(' ').map(Number);
  return { pid: pid ?? -1, ppid: ppid ?? -1 };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

for (const runtime of RUNTIMES) {
  const mode = launchModeOf(runtime.node);

  describe(`signals through pipes — ${runtime.name}`, () => {
    it('codex is cx\'s child (spawn) or cx itself (exec)', async () => {
      const { fake, cx, cxPid } = await startWithTrapFake(runtime.node);
      const { pid, ppid } = pidsOf(fake);
      if (mode === 'exec') expect(pid).toBe(cxPid);
      else expect(ppid).toBe(cxPid);
      writeFileSync(fake.release, '');
      expect((await cx).exitCode).toBe(7);
    });

    it.each([
      { signal: 'SIGTERM' as const, status: 42, line: 'TERM' },
      { signal: 'SIGHUP' as const, status: 43, line: 'HUP' },
    ])('$signal sent to cx reaches codex once; cx exits with codex\'s status', async ({ signal, status, line }) => {
      const { fake, cx, cxPid } = await startWithTrapFake(runtime.node);
      process.kill(cxPid, signal);
      const result = await cx;
      expect(result.exitCode).toBe(status);
      expect(result.signal).toBeUndefined();
      expect(fake.caught()).toEqual([line]);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe('');
    });

    it('SIGTERM to cx with a codex that does not trap it: both die by SIGTERM', async () => {
      const dir = tempDir('cx-sig-');
      const ready = join(dir, 'ready');
      const bin = writeScript(join(dir, 'codex'), `echo ready > '${ready}'\ni=0\nwhile [ "$i" -lt 400 ]; do sleep 0.05; i=$((i + 1)); done\nexit 7\n`);
      const cx = startCx(runtime.node, [], { env: cleanEnv({ PATH: SYSTEM_PATH, CX_CODEX_BIN: bin }), cwd: dir });
      await waitUntilReady(ready, cx);
      process.kill(cx.pid, 'SIGTERM');
      const result = await cx.result;
      expect(result.signal).toBe('SIGTERM');
      expect(result.stderr).toBe('');
    });

    if (mode === 'spawn') {
      it.each(['SIGINT', 'SIGQUIT'] as const)('%s sent to cx\'s pid only is not forwarded; cx keeps waiting, then mirrors codex', async (signal) => {
        const { fake, cx, cxPid, finished } = await startWithTrapFake(runtime.node);
        process.kill(cxPid, signal);
        process.kill(cxPid, signal);
        // Long enough for a forwarded signal to be trapped (the fake polls every 50 ms).
        await sleep(300);
        expect(finished()).toBe(false);
        expect(fake.caught()).toEqual([]);
        writeFileSync(fake.release, '');
        const result = await cx;
        expect(result.exitCode).toBe(7);
        expect(result.signal).toBeUndefined();
        expect(fake.caught()).toEqual([]);
        expect(result.stderr).toBe('');
      });
    } else {
      it.each(['SIGINT', 'SIGQUIT'] as const)('%s sent to cx\'s pid reaches codex (exec: that pid is codex now)', async (signal) => {
        const { fake, cx, cxPid } = await startWithTrapFake(runtime.node);
        process.kill(cxPid, signal);
        await waitFor(`codex to record ${signal}`, () => fake.caught().length > 0);
        writeFileSync(fake.release, '');
        const result = await cx;
        expect(result.exitCode).toBe(7);
        expect(fake.caught()).toEqual([signal.slice(3)]);
      });
    }
  });
}
