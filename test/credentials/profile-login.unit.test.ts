// The deciding parts of one login per profile: what a login home links to the real CODEX_HOME,
// what stays the login's own, and the name of the CODEX_HOME it belongs to.
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findProfileLogin, homeKey, loginsDir, profileLoginHome, profilesWithOwnLogin, unsafeLoginError } from '../../src/credentials/profile-login-home.ts';
import { EXIT } from '../../src/exit-status.ts';
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
  it('never links . or ..', () => {
    expect(namesToLink(['.', '..', 'skills'], [...SHARED_DIRS, ...SHARED_FILES])).toEqual(['skills']);
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
  it('is FNV-1a of the resolved path, zero-padded to 16 digits', () => {
    expect(homeKey('/')).toBe('af63a24c860189fe');
    expect(homeKey('/home/u/.codex2000')).toBe('03d32850fe87c31d');
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

describe('findProfileLogin: a login home is used only when it is a private directory of this user', () => {
  const state = mkdtempSync(join(tmpdir(), 'cx-login-safe-'));
  afterAll(() => rmSync(state, { recursive: true, force: true }));
  const env = { XDG_STATE_HOME: state };
  const home = '/home/u/.codex';
  const make = (profile: string, mode = 0o700): string => {
    const dir = profileLoginHome(env, home, profile);
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, mode);
    return dir;
  };

  it('lives in cx\'s state dir under logins/KEY/PROFILE', () => {
    expect(loginsDir(env, home)).toBe(join(state, 'cx', 'logins', homeKey(home)));
    expect(profileLoginHome(env, home, 'work')).toBe(join(state, 'cx', 'logins', homeKey(home), 'work'));
  });
  it('none there: no login', () => {
    expect(findProfileLogin(env, home, 'absent')).toBeNull();
  });
  it('a private directory: the login, no problem', () => {
    const dir = make('mine');
    expect(findProfileLogin(env, home, 'mine')).toEqual({ dir, problem: null });
  });
  it('readable or writable by others: refused, saying so with the mode', () => {
    const dir = make('open', 0o755);
    expect(findProfileLogin(env, home, 'open')).toEqual({ dir, problem: `${dir} can be read or written by others (mode 755)` });
    chmodSync(dir, 0o710);
    expect(findProfileLogin(env, home, 'open')?.problem).toBe(`${dir} can be read or written by others (mode 710)`);
  });
  it('a symlink or a file where the directory should be: refused', () => {
    const dir = profileLoginHome(env, home, 'link');
    symlinkSync(make('target'), dir);
    expect(findProfileLogin(env, home, 'link')).toEqual({ dir, problem: `${dir} is not a directory` });
    writeFileSync(profileLoginHome(env, home, 'file'), '');
    expect(findProfileLogin(env, home, 'file')?.problem).toMatch(/is not a directory$/);
  });
  it.skipIf(process.getuid?.() !== 0)('another user\'s directory: refused, naming the owner', () => {
    const dir = make('theirs');
    chownSync(dir, 4242, 4242);
    expect(findProfileLogin(env, home, 'theirs')).toEqual({ dir, problem: `${dir} belongs to another user (uid 4242)` });
  });
  it('a path that cannot be looked at (a symlink loop on the way): refused, naming why', () => {
    const loopHome = '/home/loop/.codex';
    const logins = loginsDir(env, loopHome);
    mkdirSync(join(logins, '..'), { recursive: true });
    symlinkSync(logins, logins);
    expect(findProfileLogin(env, loopHome, 'work')).toEqual({ dir: profileLoginHome(env, loopHome, 'work'), problem: `${profileLoginHome(env, loopHome, 'work')} cannot be checked (ELOOP)` });
  });
  it('profilesWithOwnLogin: the names that have one, in the order given', () => {
    make('b');
    make('a');
    expect(profilesWithOwnLogin(env, home, ['a', 'absent', 'b', 'open'])).toEqual(['a', 'b', 'open']);
  });
  it('an unusable login refuses the run (78) and says how to start again', () => {
    const error = unsafeLoginError('work', '/x is not a directory');
    expect(error.message).toBe('the login of profile work cannot be used: /x is not a directory');
    expect(error.status).toBe(EXIT.config);
    expect(error.hint).toBe('remove it (`cx logout +work`), then `cx login +work` again');
  });
});
