// Words that are not prompts, through the built cx: codex never starts (no model call is paid for),
// cx exits 64 with one line naming the escape, and the escape reaches codex untouched.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-status.ts';
import { cleanEnv, runCx, tempDir } from '../helpers/cx-process.ts';
import { SYSTEM_PATH, recorderFake } from '../helpers/fake-codex.ts';

function setUp(): { env: Record<string, string>; codex: ReturnType<typeof recorderFake> } {
  const codex = recorderFake(join(tempDir('cx-not-prompt-'), 'codex'));
  return { env: cleanEnv({ PATH: SYSTEM_PATH, CX_CODEX_BIN: codex.bin, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' }), codex };
}

describe('a lone command-like word is not sent to the model', () => {
  it.each([[['+work', 'status']], [['current']], [['list']], [['+work', 'profiles']], [['--cx-force', 'doctor']], [['whoami']]])('cx %j: 64, one line, codex never runs', async (args) => {
    const { env, codex } = setUp();
    const result = await runCx(args, { env });
    expect(result.exitCode).toBe(EXIT.usage);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^cx: .*did you mean .*`cx -- /);
    expect(codex.ran()).toBe(false);
  });

  it('cx -- status sends the word to codex exactly', async () => {
    const { env, codex } = setUp();
    const result = await runCx(['--', 'status'], { env });
    expect(result.exitCode).toBe(0);
    expect(codex.read().argv).toEqual(['status']);
  });
});
