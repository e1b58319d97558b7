// The trust store refusing what cx could not have written, beyond test/config/trust-store.test.ts:
// records and directories of another user (made with chown: these tests run as root where they
// can), a file where a directory belongs, and failures to write or remove, each told in words.
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { grantTrust, isTrusted, revokeTrust, stateDir, trustRecordPath, trustStoreProblem, writeFailure } from '../../src/config/trust-store.ts';
import { EXIT } from '../../src/exit-status.ts';
import { cxErrorOf } from '../helpers/cx-error.ts';
import { tempDir } from '../helpers/cx-process.ts';

const asRoot = process.getuid?.() === 0;
const OTHER = 4242;

describe('what counts as a trust record', () => {
  it('a record says which file and content it trusts, and when', () => {
    const env = { XDG_STATE_HOME: tempDir() };
    const record = grantTrust(env, '/r/.cxrc', 'work\n');
    const data = JSON.parse(readFileSync(record, 'utf8')) as Record<string, string>;
    expect(data['path']).toBe('/r/.cxrc');
    expect(data['sha256']).toBe(createHash('sha256').update('work\n').digest('hex'));
    expect(Date.parse(data['trustedAt'] ?? '')).not.toBeNaN();
  });

  it('only a regular file of mode 0600: not 0644, not a symlink to a record, not a directory', () => {
    const env = { XDG_STATE_HOME: tempDir() };
    const record = grantTrust(env, '/r/.cxrc', 'a');
    chmodSync(record, 0o644);
    expect(isTrusted(env, '/r/.cxrc', 'a')).toBe(false);
    chmodSync(record, 0o600);
    expect(isTrusted(env, '/r/.cxrc', 'a')).toBe(true);
    const real = grantTrust(env, '/r/.cxrc', 'real');
    symlinkSync(real, trustRecordPath(env, '/r/.cxrc', 'link'));
    expect(isTrusted(env, '/r/.cxrc', 'link')).toBe(false);
    mkdirSync(trustRecordPath(env, '/r/.cxrc', 'dir'), { mode: 0o600 });
    expect(isTrusted(env, '/r/.cxrc', 'dir')).toBe(false);
  });

  it.runIf(asRoot)('a record of another user is no trust', () => {
    const env = { XDG_STATE_HOME: tempDir() };
    const record = grantTrust(env, '/r/.cxrc', 'a');
    chownSync(record, OTHER, OTHER);
    expect(isTrusted(env, '/r/.cxrc', 'a')).toBe(false);
  });
});

describe('trustStoreProblem', () => {
  it('a file where the trust directory belongs', () => {
    const env = { XDG_STATE_HOME: tempDir() };
    mkdirSync(stateDir(env), { recursive: true });
    const trust = join(stateDir(env), 'trust');
    writeFileSync(trust, '');
    expect(trustStoreProblem(env)).toEqual({ message: `${trust} is not a directory`, fix: `remove it (cx creates it): rm ${trust}` });
  });

  it.runIf(asRoot)("cx's directories of another user are refused; the one above them may be anyone's", () => {
    const env = { XDG_STATE_HOME: tempDir() };
    grantTrust(env, '/r/.cxrc', 'a');
    const trust = join(stateDir(env), 'trust');
    chownSync(stateDir(env), OTHER, OTHER);
    expect(trustStoreProblem(env)).toEqual({ message: `${stateDir(env)} belongs to another user (uid ${OTHER}), who could plant trust records there`, fix: `remove it (cx recreates it): rm -r ${stateDir(env)}` });
    chownSync(stateDir(env), 0, 0);
    chownSync(trust, OTHER, 0);
    expect(trustStoreProblem(env)?.message).toContain(`${trust} belongs to another user`);
    chownSync(trust, 0, 0);
    chownSync(dirname(stateDir(env)), OTHER, OTHER);
    expect(trustStoreProblem(env)).toBeNull();
  });

  it.runIf(asRoot)('writable by a group other than the user\'s own: refused, naming the group; a sticky one above cx\'s own is fine', () => {
    const env = { XDG_STATE_HOME: tempDir() };
    grantTrust(env, '/r/.cxrc', 'a');
    const trust = join(stateDir(env), 'trust');
    chownSync(trust, 0, OTHER);
    chmodSync(trust, 0o770);
    expect(trustStoreProblem(env)).toEqual({ message: `${trust} is writable by its group (gid ${OTHER}), who could plant trust records there`, fix: `chmod go-w ${trust}` });
    chmodSync(trust, 0o750);
    expect(trustStoreProblem(env)).toBeNull();
    // Sticky does not help cx's own directories.
    chmodSync(trust, 0o1777);
    expect(trustStoreProblem(env)?.message).toContain('writable by everyone');
    chmodSync(trust, 0o700);
    const above = dirname(stateDir(env));
    chownSync(above, 0, OTHER);
    chmodSync(above, 0o1770);
    expect(trustStoreProblem(env)).toBeNull();
    chmodSync(above, 0o770);
    expect(trustStoreProblem(env)?.message).toContain(`${above} is writable by its group`);
  });
});

describe('failures, in words, with exit 73', () => {
  it('a file in the place of a directory of the store: the record cannot be written', () => {
    const base = tempDir();
    writeFileSync(join(base, 'file'), '');
    const env = { XDG_STATE_HOME: join(base, 'file', 'state') };
    const error = cxErrorOf(() => grantTrust(env, '/r/.cxrc', 'a'), 'a store error');
    expect(error.status).toBe(EXIT.cantCreate);
    expect(error.message).toBe(`cannot write the trust record ${trustRecordPath(env, '/r/.cxrc', 'a')}: a file is in the place of one of its directories`);
    expect(error.hint).toBe(`check ${join(stateDir(env), 'trust')} (XDG_STATE_HOME sets where it is)`);
  });

  it('revoking: a symlink in the record\'s place is removed (it was no trust); a non-empty directory cannot be', () => {
    const env = { XDG_STATE_HOME: tempDir() };
    const real = grantTrust(env, '/r/.cxrc', 'real');
    const link = trustRecordPath(env, '/r/.cxrc', 'link');
    symlinkSync(real, link);
    expect(revokeTrust(env, '/r/.cxrc', 'link')).toBe(false);
    expect(isTrusted(env, '/r/.cxrc', 'real')).toBe(true);
    const dir = trustRecordPath(env, '/r/.cxrc', 'dir');
    mkdirSync(dir);
    writeFileSync(join(dir, 'x'), '');
    const error = cxErrorOf(() => revokeTrust(env, '/r/.cxrc', 'dir'), 'a store error');
    expect(error.status).toBe(EXIT.cantCreate);
    expect(error.message).toBe(`cannot remove ${dir}: a directory is in its place`);
  });

  it('an unsafe store refuses to grant, with the fix of the problem', () => {
    const env = { XDG_STATE_HOME: tempDir() };
    grantTrust(env, '/r/.cxrc', 'a');
    const trust = join(stateDir(env), 'trust');
    chmodSync(trust, 0o777);
    const error = cxErrorOf(() => grantTrust(env, '/r/.cxrc', 'b'), 'a store error');
    expect(error.status).toBe(EXIT.cantCreate);
    expect(error.message).toBe(`the trust store is not safe: ${trust} is writable by everyone, who could plant trust records there`);
    expect(error.hint).toBe(`chmod go-w ${trust}`);
    chmodSync(trust, 0o700);
  });
});

describe('writeFailure: why a record could not be written or removed, in words', () => {
  const errno = (code: string | undefined): Error => Object.assign(new Error('x'), code === undefined ? {} : { code });
  it.each([
    ['ENOSPC', 'the disk is full', 'free some space, then run it again'],
    ['EDQUOT', 'the disk quota is used up', 'free some space, then run it again'],
    ['EROFS', 'the file system is read-only', 'check /s/trust (XDG_STATE_HOME sets where it is)'],
    ['EACCES', 'permission denied', 'check /s/trust (XDG_STATE_HOME sets where it is)'],
    ['EIO', 'EIO', 'check /s/trust (XDG_STATE_HOME sets where it is)'],
    [undefined, 'unknown error', 'check /s/trust (XDG_STATE_HOME sets where it is)'],
  ])('%s: %s', (code, reason, hint) => {
    const error = writeFailure(errno(code), '/s/trust/abc', 'write the trust record');
    expect(error.status).toBe(EXIT.cantCreate);
    expect(error.message).toBe(`cannot write the trust record /s/trust/abc: ${reason}`);
    expect(error.hint).toBe(hint);
  });
});
