// `cx trust --list` / `--prune` and `cx untrust` over the records (src/config/trust-store.ts):
// which files count as records, what each says (the file, when, whether the file still has the
// trusted content), their order, and removing one record or every record of a file.
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forgetRecord, grantTrust, isTrusted, revokeAllTrust, trustKey, trustRecords } from '../../src/config/trust-store.ts';
import { EXIT } from '../../src/exit-status.ts';
import { cxErrorOf } from '../helpers/cx-error.ts';
import { tempDir } from '../helpers/cx-process.ts';

function world(): { env: { XDG_STATE_HOME: string }; repo: string; trustDir: string } {
  const state = tempDir('cx-records-state-');
  return { env: { XDG_STATE_HOME: state }, repo: tempDir('cx-records-repo-'), trustDir: join(state, 'cx', 'trust') };
}

/** A record cx wrote, with its time set so that the order is known. */
function granted(env: { XDG_STATE_HOME: string }, path: string, content: string, trustedAt: string): string {
  const record = grantTrust(env, path, content);
  writeFileSync(record, JSON.stringify({ path, sha256: 'x', trustedAt }));
  return record;
}

describe('the trust records', () => {
  it('none before cx trusted anything', () => {
    expect(trustRecords(world().env)).toEqual([]);
  });

  it('oldest first, each naming its file and whether the file still has the trusted content (same, changed or gone)', () => {
    const { env, repo } = world();
    const same = join(repo, 'a', '.cxrc');
    const changed = join(repo, 'b', '.cxrc');
    const gone = join(repo, 'c', '.cxrc');
    for (const [file, text] of [[same, 'work\n'], [changed, 'new\n']] as const) {
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, text);
    }
    granted(env, changed, 'old\n', '2026-12-02T10:00:00.000Z');
    granted(env, gone, 'x\n', '2026-12-03T10:00:00.000Z');
    granted(env, same, 'work\n', '2026-12-01T10:00:00.000Z');
    expect(trustRecords(env)).toEqual([
      { key: trustKey(same, 'work\n'), path: same, trustedAt: '2026-12-01T10:00:00.000Z', state: 'matches' },
      { key: trustKey(changed, 'old\n'), path: changed, trustedAt: '2026-12-02T10:00:00.000Z', state: 'changed' },
      { key: trustKey(gone, 'x\n'), path: gone, trustedAt: '2026-12-03T10:00:00.000Z', state: 'gone' },
    ]);
  });

  it('a .cxrc that cannot be read (a directory in its place) counts as changed, not gone', () => {
    const { env, repo } = world();
    const path = join(repo, '.cxrc');
    mkdirSync(path);
    granted(env, path, 'work\n', '2026-12-01T10:00:00.000Z');
    expect(trustRecords(env).map((r) => r.state)).toEqual(['changed']);
  });

  it('a record whose content cannot be read as one: no file, no time, state unknown, listed first (by key on a tie)', () => {
    const { env, trustDir } = world();
    granted(env, '/r/.cxrc', 'a', '2026-12-01T10:00:00.000Z');
    const keys = ['f'.repeat(64), 'e'.repeat(64), 'd'.repeat(64)];
    const bodies = ['not json', JSON.stringify({ path: 7, trustedAt: false }), JSON.stringify([1])];
    keys.forEach((key, i) => writeFileSync(join(trustDir, key), bodies[i] ?? '', { mode: 0o600 }));
    expect(trustRecords(env).map((r) => [r.key, r.path, r.trustedAt, r.state])).toEqual([
      ['d'.repeat(64), null, null, 'unknown'],
      ['e'.repeat(64), null, null, 'unknown'],
      ['f'.repeat(64), null, null, 'unknown'],
      [trustKey('/r/.cxrc', 'a'), '/r/.cxrc', '2026-12-01T10:00:00.000Z', 'gone'],
    ]);
  });

  it('a record larger than cx ever writes is not read: no file, no time', () => {
    const { env, trustDir } = world();
    granted(env, '/r/.cxrc', 'a', '2026-12-01T10:00:00.000Z');
    const key = trustKey('/r/.cxrc', 'a');
    writeFileSync(join(trustDir, key), JSON.stringify({ path: '/r/.cxrc', trustedAt: '2026-12-01T10:00:00.000Z', pad: 'x'.repeat(5000) }));
    expect(trustRecords(env)).toEqual([{ key, path: null, trustedAt: null, state: 'unknown' }]);
  });

  it('a record trusts one file with one content: the boundary between them counts', () => {
    const { env } = world();
    grantTrust(env, '/r/a', 'bc');
    expect(isTrusted(env, '/r/a', 'bc')).toBe(true);
    expect(isTrusted(env, '/r/ab', 'c')).toBe(false);
  });

  it('only records: names that are no key, and files cx would not have written (not 0600), are left out', () => {
    const { env, trustDir } = world();
    granted(env, '/r/.cxrc', 'a', '2026-12-01T10:00:00.000Z');
    writeFileSync(join(trustDir, 'notes.txt'), '{}', { mode: 0o600 });
    writeFileSync(join(trustDir, 'A'.repeat(64)), '{}', { mode: 0o600 });
    writeFileSync(join(trustDir, `${'a'.repeat(64)}.bak`), '{}', { mode: 0o600 });
    writeFileSync(join(trustDir, `x${'a'.repeat(64)}`), '{}', { mode: 0o600 });
    writeFileSync(join(trustDir, 'b'.repeat(64)), '{}', { mode: 0o644 });
    chmodSync(join(trustDir, 'b'.repeat(64)), 0o644);
    expect(trustRecords(env).map((r) => r.path)).toEqual(['/r/.cxrc']);
  });

  it('a file where the trust directory belongs: refused as an unsafe store (73), naming it', () => {
    const { env, trustDir } = world();
    mkdirSync(join(trustDir, '..'), { recursive: true, mode: 0o700 });
    writeFileSync(trustDir, '');
    const error = cxErrorOf(() => trustRecords(env));
    expect(error.status).toBe(EXIT.cantCreate);
    expect(error.message).toBe(`the trust store is not safe: ${trustDir} is not a directory`);
  });
});

describe('removing records', () => {
  it('one record by its key; a key already gone is no error', () => {
    const { env } = world();
    granted(env, '/r/.cxrc', 'a', '2026-12-01T10:00:00.000Z');
    granted(env, '/r/.cxrc', 'b', '2026-12-02T10:00:00.000Z');
    forgetRecord(env, trustKey('/r/.cxrc', 'a'));
    expect(trustRecords(env).map((r) => r.key)).toEqual([trustKey('/r/.cxrc', 'b')]);
    expect(() => forgetRecord(env, trustKey('/r/.cxrc', 'a'))).not.toThrow();
  });

  it('a record that cannot be removed: a clean 73 saying why', () => {
    const { env, trustDir } = world();
    granted(env, '/r/.cxrc', 'a', '2026-12-01T10:00:00.000Z');
    const key = 'c'.repeat(64);
    mkdirSync(join(trustDir, key, 'inside'), { recursive: true });
    const error = cxErrorOf(() => forgetRecord(env, key));
    expect(error.status).toBe(EXIT.cantCreate);
    expect(error.message).toBe(`cannot remove ${join(trustDir, key)}: a directory is in its place`);
    rmSync(join(trustDir, key), { recursive: true });
  });

  it('every record of one file (each content it was trusted with), others kept; says how many', () => {
    const { env } = world();
    granted(env, '/r/.cxrc', 'a', '2026-12-01T10:00:00.000Z');
    granted(env, '/r/.cxrc', 'b', '2026-12-02T10:00:00.000Z');
    granted(env, '/other/.cxrc', 'a', '2026-12-03T10:00:00.000Z');
    expect(revokeAllTrust(env, '/r/.cxrc')).toBe(2);
    expect(trustRecords(env).map((r) => r.path)).toEqual(['/other/.cxrc']);
    expect(revokeAllTrust(env, '/r/.cxrc')).toBe(0);
  });
});
