import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { grantTrust, isTrusted, revokeTrust, stateDir } from '../../src/config/trust-store.ts';
import { tempDir } from '../helpers/cx-process.ts';

describe('trust store', () => {
  it('trusts one exact content at one path; editing or moving revokes', () => {
    const env = { XDG_STATE_HOME: tempDir() };
    expect(isTrusted(env, '/r/.cxrc', 'a')).toBe(false);
    grantTrust(env, '/r/.cxrc', 'a');
    expect(isTrusted(env, '/r/.cxrc', 'a')).toBe(true);
    expect(isTrusted(env, '/r/.cxrc', 'a ')).toBe(false);
    expect(isTrusted(env, '/s/.cxrc', 'a')).toBe(false);
    expect(revokeTrust(env, '/r/.cxrc', 'a')).toBe(true);
    expect(isTrusted(env, '/r/.cxrc', 'a')).toBe(false);
    expect(revokeTrust(env, '/r/.cxrc', 'a')).toBe(false);
  });

  it('keeps records private and leaves no temp files', () => {
    const env = { XDG_STATE_HOME: tempDir() };
    const record = grantTrust(env, '/r/.cxrc', 'x');
    expect(statSync(record).mode & 0o777).toBe(0o600);
    expect(statSync(join(stateDir(env), 'trust')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(stateDir(env), 'trust'))).toHaveLength(1);
  });

  it('lives under ~/.local/state/cx without XDG_STATE_HOME', () => {
    expect(stateDir({ HOME: '/home/u' })).toBe('/home/u/.local/state/cx');
  });
});
