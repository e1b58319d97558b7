import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-status.ts';
import { cleanEnv, runCx, tempDir } from '../helpers/cx-process.ts';

describe('a launch refused for a missing secret', () => {
  it('says the keyring was down before saying the secret is missing', async () => {
    const home = tempDir('cx-codex-home-');
    writeFileSync(join(home, 'config.toml'), 'model_provider = "gw"\n[model_providers.gw]\nname = "gw"\nbase_url = "http://127.0.0.1:9/v1"\nenv_key = "GW_KEY"\n');
    const fake = join(tempDir(), 'codex');
    writeFileSync(fake, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const env = cleanEnv({ CODEX_HOME: home, CX_CODEX_BIN: fake, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(tempDir(), 'no-bus')}` });
    const result = await runCx(['exec', 'hi'], { env });
    expect(result.exitCode).toBe(EXIT.blocked);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^cx: warning: the keyring is not available/);
    expect(lines[1]).toMatch(/^cx: GW_KEY for provider gw is not in the environment/);
  });
});
