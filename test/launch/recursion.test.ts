// A `codex` on PATH that leads back to cx in a way cx cannot see (a plain wrapper script without
// the shim marker) must end in a refusal (status 125, one clear line), never an endless loop.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CX_BIN, RUNTIMES, cleanEnv, tempDir } from '../helpers/cx-process.ts';
import { SYSTEM_PATH, looksLikeStackTrace, runCxExact, shQuote, writeScript } from '../helpers/fake-codex.ts';
import { MAX_LAUNCH_DEPTH } from '../../src/launch/recursion-guard.ts';

function refusals(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.includes('refusing to launch'));
}

for (const runtime of RUNTIMES) {
  describe(`recursion — ${runtime.name}`, () => {
    it('a wrapper that execs cx: refused at once with 125', async () => {
      const dir = tempDir('cx-rec-');
      writeScript(join(dir, 'codex'), `exec ${shQuote(runtime.node)} ${shQuote(CX_BIN)} "$@"\n`);
      const started = Date.now();
      const result = await runCxExact(runtime.node, ['exec', 'hi'], { env: cleanEnv({ PATH: `${dir}:${SYSTEM_PATH}` }), timeoutMs: 10_000 });
      expect(result.timedOut).toBe(false);
      expect(result.exitCode).toBe(125);
      expect(result.stdout).toBe('');
      expect(looksLikeStackTrace(result.stderr)).toBe(false);
      // The second cx sees its parent's mark (spawn: its parent; exec: its own pid) and stops there.
      const lines = result.stderr.split('\n').filter((line) => line !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^cx: refusing to launch: cx was started by cx in place of codex/);
      expect(lines[0]).toContain('CX_CODEX_BIN');
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('a wrapper that runs cx as a child (no exec): stopped by the depth limit with 125', async () => {
      const dir = tempDir('cx-rec-');
      writeScript(join(dir, 'codex'), `${shQuote(runtime.node)} ${shQuote(CX_BIN)} "$@"\nexit $?\n`);
      const started = Date.now();
      const result = await runCxExact(runtime.node, ['exec', 'hi'], { env: cleanEnv({ PATH: `${dir}:${SYSTEM_PATH}` }), timeoutMs: 15_000 });
      expect(result.timedOut).toBe(false);
      expect(result.exitCode).toBe(125);
      expect(result.stdout).toBe('');
      expect(looksLikeStackTrace(result.stderr)).toBe(false);
      // Only the innermost cx refuses; every cx above it mirrors the 125 silently.
      const lines = result.stderr.split('\n').filter((line) => line !== '');
      expect(lines).toEqual(refusals(result.stderr));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('nested too deeply');
      expect(lines[0]).toContain(`:${MAX_LAUNCH_DEPTH}`);
      expect(Date.now() - started).toBeLessThan(12_000);
    });

    it('codex\'s own tools running cx (a grandchild) is legitimate nesting, not a loop', async () => {
      const dir = tempDir('cx-rec-');
      // The "real" codex, reached by the inner cx through CX_CODEX_BIN.
      const real = writeScript(join(dir, 'real-codex'), 'echo "inner $CX_LAUNCH_GUARD" >&2\nexit 4\n');
      // The outer codex runs a tool (sh) that runs cx, like an agent running a command.
      const outer = writeScript(
        join(dir, 'outer-codex'),
        `sh -c 'CX_CODEX_BIN=${real} ${runtime.node} ${CX_BIN} exec inner; echo "tool status $?" >&2'\nexit 0\n`,
      );
      const result = await runCxExact(runtime.node, ['exec', 'outer'], { env: cleanEnv({ PATH: SYSTEM_PATH, CX_CODEX_BIN: outer }) });
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toMatch(/^inner \d+:(exec|spawn):2\ntool status 4\n$/);
    });
  });
}
