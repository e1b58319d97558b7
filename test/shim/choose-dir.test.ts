// The default DIR for `cx shim install`, decided over synthetic PATH/HOME layouts: the probe says
// what the file system would, so each case names exactly the directories that exist and fit.
import { describe, expect, it } from 'vitest';
import { type DirProbe, chooseShimDir } from '../../src/shim/choose-dir.ts';

const HOME = '/home/ann';
const LOCAL_BIN = '/home/ann/.local/bin';

/** A file system of directories: `exists` (real path = itself unless aliased), `usable`, `free`. */
function probe(layout: { exists: string[]; unusable?: string[]; taken?: string[]; alias?: Record<string, string> }): DirProbe & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    realpath: (path) => layout.alias?.[path] ?? (layout.exists.includes(path) ? path : null),
    usable: (dir) => {
      asked.push(`usable ${dir}`);
      return layout.exists.includes(dir) && !(layout.unusable ?? []).includes(dir);
    },
    free: (dir) => {
      asked.push(`free ${dir}`);
      return !(layout.taken ?? []).includes(dir);
    },
  };
}

describe('chooseShimDir', () => {
  it('takes ~/.local/bin when it is on PATH, even before it exists (install creates it)', () => {
    const p = probe({ exists: ['/home/ann/bin'] });
    expect(chooseShimDir(['/usr/bin', LOCAL_BIN, '/home/ann/bin'], HOME, p)).toBe(LOCAL_BIN);
    expect(p.asked).toEqual([]);
  });

  it('takes ~/.local/bin when PATH names it through a symlink', () => {
    const p = probe({ exists: [LOCAL_BIN], alias: { '/home/ann/lb': LOCAL_BIN } });
    expect(chooseShimDir(['/usr/bin', '/home/ann/lb'], HOME, p)).toBe(LOCAL_BIN);
  });

  it('passes over ~/.local/bin holding another codex, for the next usable directory under HOME', () => {
    const p = probe({ exists: [LOCAL_BIN, '/home/ann/bin'], taken: [LOCAL_BIN] });
    expect(chooseShimDir([LOCAL_BIN, '/usr/local/bin', '/home/ann/bin'], HOME, p)).toBe('/home/ann/bin');
  });

  it('passes over ~/.local/bin that is not usable (not the user\'s own, or writable by others)', () => {
    const p = probe({ exists: [LOCAL_BIN, '/home/ann/tools'], unusable: [LOCAL_BIN] });
    expect(chooseShimDir([LOCAL_BIN, '/home/ann/tools'], HOME, p)).toBe('/home/ann/tools');
  });

  it('does not take ~/.local/bin when it is not on PATH', () => {
    const p = probe({ exists: [LOCAL_BIN, '/home/ann/bin'] });
    expect(chooseShimDir(['/usr/bin', '/home/ann/bin'], HOME, p)).toBe('/home/ann/bin');
  });

  it('takes only directories strictly under HOME, first on PATH first', () => {
    const p = probe({ exists: ['/usr/local/bin', HOME, '/home/anne/bin', '/home/ann/a', '/home/ann/b'] });
    expect(chooseShimDir(['/usr/local/bin', HOME, '/home/anne/bin', '/home/ann/a', '/home/ann/b'], HOME, p)).toBe('/home/ann/a');
    expect(p.asked).toEqual(['usable /home/ann/a', 'free /home/ann/a']);
  });

  it('works with a HOME written with a trailing slash, and with HOME=/', () => {
    const p = probe({ exists: ['/home/ann/bin'] });
    expect(chooseShimDir(['/home/ann/bin'], '/home/ann/', p)).toBe('/home/ann/bin');
    // HOME=/ (some service accounts): / itself is not under it, /bin is.
    const root = probe({ exists: ['/', '/bin'] });
    expect(chooseShimDir(['/', '/bin'], '/', root)).toBe('/bin');
  });

  it('finds nothing when no directory under HOME fits', () => {
    const p = probe({ exists: ['/home/ann/x', '/home/ann/y', '/opt/bin'], unusable: ['/home/ann/x'], taken: ['/home/ann/y'] });
    expect(chooseShimDir(['/opt/bin', '/home/ann/x', '/home/ann/y'], HOME, p)).toBeNull();
    expect(chooseShimDir([], HOME, p)).toBeNull();
  });
});
