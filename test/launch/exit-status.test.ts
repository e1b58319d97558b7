// cx exits exactly as codex did: every status 0–255, and death by the same signal (so a shell sees
// 128+N), under every runtime.
import { constants } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CX_BIN, RUNTIMES, cleanEnv, tempDir } from '../helpers/cx-process.ts';
import { SYSTEM_PATH, exitFake, killSelfFake, launchModeOf, mapLimit, run, runCxExact } from '../helpers/fake-codex.ts';

// SIGPIPE and SIGXFSZ are the ones Node ignores; SIGINT, SIGQUIT, SIGTERM and SIGHUP the ones cx
// handles while codex runs (spawn path).
const SIGNALS = ['SIGTERM', 'SIGKILL', 'SIGINT', 'SIGQUIT', 'SIGHUP', 'SIGSEGV', 'SIGABRT', 'SIGPIPE', 'SIGUSR1', 'SIGUSR2', 'SIGALRM', 'SIGXFSZ', 'SIGBUS'] as const;

const ALL_CODES = Array.from({ length: 256 }, (_, code) => code);

// On the execve path cx no longer exists when codex exits: the status is the kernel's report of
// codex's own, so a sample covers it (every 256 runs cost ~10 s of Node starts). The spawn path,
// where cx's own code mirrors the status, always runs all 256. CX_TEST_FULL_EXIT=1 runs all 256
// everywhere.
const EDGE_CODES = [0, 1, 2, 3, 63, 64, 70, 78, 124, 125, 126, 127, 128, 129, 130, 131, 134, 137, 141, 143, 192, 253, 254, 255];
const SAMPLE_CODES = [...new Set([...EDGE_CODES, ...ALL_CODES.filter((code) => code % 17 === 5)])].sort((a, b) => a - b);
const FULL_EVERYWHERE = process.env['CX_TEST_FULL_EXIT'] === '1';

for (const runtime of RUNTIMES) {
  describe(`exit status — ${runtime.name}`, () => {
    let env: Record<string, string>;
    let cwd: string;
    beforeAll(() => {
      cwd = tempDir('cx-exit-');
      env = cleanEnv({ PATH: SYSTEM_PATH, CX_CODEX_BIN: exitFake(join(cwd, 'codex-exit')) });
    });

    const codes = FULL_EVERYWHERE || launchModeOf(runtime.node) === 'spawn' ? ALL_CODES : SAMPLE_CODES;
    it(`mirrors exit statuses (${codes.length === 256 ? 'all 0–255' : `a sample of ${codes.length}`})`, async () => {
      const results = await mapLimit(codes, 4, async (code) => ({ code, ...(await runCxExact(runtime.node, [String(code)], { env, cwd })) }));
      const wrong = results.filter((r) => r.exitCode !== r.code || r.signal !== undefined || r.stdout !== '' || r.stderr !== '' || r.timedOut);
      expect(wrong).toEqual([]);
    }, 45_000);

    describe.each(SIGNALS)('codex killed by %s', (signal) => {
      const number = constants.signals[signal];
      let signalEnv: Record<string, string>;
      beforeAll(() => {
        signalEnv = { ...env, CX_CODEX_BIN: killSelfFake(join(cwd, 'codex-kill')) };
      });

      it('cx dies by the same signal, silently', async () => {
        // `ulimit -c 0` so SIGSEGV/SIGABRT/SIGQUIT leave no core files; exec keeps cx the direct child.
        const result = await run('/bin/sh', ['-c', 'ulimit -c 0; exec "$0" "$@"', runtime.node, CX_BIN, signal.slice(3)], { env: signalEnv, cwd });
        expect(result.signal).toBe(signal);
        expect(result.exitCode).toBeUndefined();
        expect(result.stdout).toBe('');
        expect(result.stderr).toBe('');
      });

      it(`a shell sees ${128 + number}`, async () => {
        const result = await run('/bin/sh', ['-c', 'ulimit -c 0; "$0" "$@"; echo "status=$?"', runtime.node, CX_BIN, signal.slice(3)], { env: signalEnv, cwd });
        expect(result.stdout).toBe(`status=${128 + number}\n`);
      });
    });
  });
}
