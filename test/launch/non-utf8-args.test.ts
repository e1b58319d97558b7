// The one documented exception to exact passthrough (README "What cx claims"; man cx): Node decodes
// argv as UTF-8, so an argument byte that is not valid UTF-8 reaches codex as U+FFFD (EF BF BD).
// The real codex refuses such an argument anyway (clap: "invalid UTF-8 was detected", exit 2), so
// no run that codex would perform is changed. Shown with raw bytes through a real shell.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CX_BIN, NATIVE_CODEX, cleanEnv, tempDir } from '../helpers/cx-process.ts';
import { recorderFake } from '../helpers/fake-codex.ts';

/** Runs `PROGRAM ARGS… "hi<0xFF>"` from sh, so the byte is in argv as is (Node cannot pass raw bytes). */
function withRawByte(program: readonly string[], env: Record<string, string>): ReturnType<typeof spawnSync> {
  return spawnSync('sh', ['-c', 'exec "$@" "$(printf "hi\\377")"', 'sh', ...program], { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 15_000 });
}

describe('arguments that are not UTF-8', () => {
  it('reach codex through cx as U+FFFD', () => {
    const fake = recorderFake(join(tempDir(), 'codex'));
    const run = withRawByte([process.execPath, CX_BIN, 'exec'], cleanEnv({ CX_CODEX_BIN: fake.bin, CODEX_API_KEY: 'test-key' }));
    expect(run.status, String(run.stderr)).toBe(0);
    const recorded = fake.read().argvBytes;
    expect(recorded).toEqual(Buffer.concat([Buffer.from('exec\0hi'), Buffer.from([0xef, 0xbf, 0xbd]), Buffer.from('\0')]));
  });

  it('are refused by the real codex itself (exit 2), so no run codex would perform changes', () => {
    const home = tempDir();
    const run = withRawByte([NATIVE_CODEX, 'exec', '--skip-git-repo-check'], cleanEnv({ CODEX_HOME: home }));
    expect(run.status).toBe(2);
    expect(String(run.stderr)).toContain('invalid UTF-8');
  });
});
