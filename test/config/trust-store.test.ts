import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { grantTrust, isTrusted, revokeTrust, stateDir, trustStoreProblem } from '../../src/config/trust-store.ts';
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

  it('a store others can write is no store: the fix is the chmod', () => {
    const env = { XDG_STATE_HOME: tempDir() };
    grantTrust(env, '/r/.cxrc', 'a');
    const trust = join(stateDir(env), 'trust');
    chmodSync(trust, 0o777);
    expect(trustStoreProblem(env)).toEqual({ message: `${trust} is writable by everyone, who could plant trust records there`, fix: `chmod go-w ${trust}` });
    expect(isTrusted(env, '/r/.cxrc', 'a')).toBe(false);
    expect(() => grantTrust(env, '/r/.cxrc', 'b')).toThrow(/not safe/);
    chmodSync(trust, 0o700);
    expect(isTrusted(env, '/r/.cxrc', 'a')).toBe(true);
  });

  it('a sticky world-writable directory above cx\'s own (like /tmp) is fine; a plain one is not', () => {
    const above = join(tempDir(), 'state');
    mkdirSync(above);
    const env = { XDG_STATE_HOME: above };
    chmodSync(above, 0o1777);
    expect(trustStoreProblem(env)).toBeNull();
    chmodSync(above, 0o777);
    expect(trustStoreProblem(env)?.fix).toBe(`chmod go-w ${above}`);
  });

  it("group-writable directories of the user's own group are fine (umask 002)", () => {
    const env = { XDG_STATE_HOME: tempDir() };
    grantTrust(env, '/r/.cxrc', 'a');
    chmodSync(join(stateDir(env), 'trust'), 0o770);
    expect(trustStoreProblem(env)).toBeNull();
    expect(isTrusted(env, '/r/.cxrc', 'a')).toBe(true);
  });
});
