// The deciding parts of one login per profile: what a login home links to the real CODEX_HOME,
// what stays the login's own, and the name of the CODEX_HOME it belongs to.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findProfileLogin, homeKey, loginsDir } from '../../src/credentials/profile-login-home.ts';
import { LOGIN_MARKER, SHARED_DIRS, SHARED_FILES, isPerLogin, namesToLink } from '../../src/credentials/profile-login-links.ts';

describe('isPerLogin', () => {
  it('keeps codex\'s login, its lock and temp files, the account\'s model cache and cx\'s record to the login home', () => {
    for (const name of ['auth.json', 'auth.json.lock', 'auth.json.tmp123', 'auth.lock', 'models_cache.json', LOGIN_MARKER]) expect(isPerLogin(name), name).toBe(true);
  });
  it('shares everything else, including names that merely start alike', () => {
    for (const name of ['config.toml', 'work.config.toml', '.env', 'sessions', 'history.jsonl', 'log', 'auth', 'auth.jsonl', 'my-auth.json', 'models_cache.json.bak', 'state_5.sqlite']) expect(isPerLogin(name), name).toBe(false);
  });
});

describe('namesToLink', () => {
  it('links every entry of the real home but the login\'s own, plus the shared names even before they exist, sorted', () => {
    const linked = namesToLink(['config.toml', 'a.config.toml', 'auth.json', 'auth.lock', '.env', 'skills', 'models_cache.json'], []);
    expect(linked).toEqual([...new Set(['.env', 'a.config.toml', 'config.toml', 'skills', ...SHARED_DIRS, ...SHARED_FILES])].sort());
    expect(linked).not.toContain('auth.json');
    expect(linked).not.toContain('models_cache.json');
  });
  it('leaves what the login home has already (an earlier link, or a file codex wrote there)', () => {
    const linked = namesToLink(['config.toml', 'sessions', 'new.config.toml'], ['config.toml', 'sessions', 'log', 'history.jsonl', 'archived_sessions', 'shell_snapshots', 'auth.json']);
    expect(linked).toEqual(['new.config.toml']);
  });
  it('links nothing of the login\'s own even when the real home has nothing else', () => {
    expect(namesToLink(['auth.json'], [...SHARED_DIRS, ...SHARED_FILES])).toEqual([]);
  });
});

describe('homeKey', () => {
  it('is 16 hex digits, the same for the same home however written, different for another home', () => {
    expect(homeKey('/home/u/.codex')).toMatch(/^[0-9a-f]{16}$/);
    expect(homeKey('/home/u/.codex/')).toBe(homeKey('/home/u/.codex'));
    expect(homeKey('/home/u/./x/../.codex')).toBe(homeKey('/home/u/.codex'));
    expect(homeKey('/home/u/.codex2')).not.toBe(homeKey('/home/u/.codex'));
    expect(homeKey('/home/v/.codex')).not.toBe(homeKey('/home/u/.codex'));
  });
});

describe('findProfileLogin on names and state dirs that cannot hold a login', () => {
  const state = mkdtempSync(join(tmpdir(), 'cx-login-find-'));
  afterAll(() => rmSync(state, { recursive: true, force: true }));
  const env = { XDG_STATE_HOME: state };

  it('a profile name too long for a path has no login (the run goes on to say the profile does not exist)', () => {
    expect(findProfileLogin(env, '/home/u/.codex', 'a'.repeat(5000))).toBeNull();
  });
  it('a file where the logins directory should be: no login', () => {
    const logins = loginsDir(env, '/home/u/.codex');
    mkdirSync(join(logins, '..'), { recursive: true });
    writeFileSync(logins, 'not a directory');
    expect(findProfileLogin(env, '/home/u/.codex', 'work')).toBeNull();
  });
});
