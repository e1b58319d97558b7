// Whether a shim in DIR takes effect, decided over synthetic PATH layouts.
import { describe, expect, it } from 'vitest';
import { placementOn } from '../../src/shim/placement.ts';

const realpath = (path: string): string | null => ({ '/home/ann/lb': '/home/ann/.local/bin' })[path] ?? path;

describe('placementOn', () => {
  it('off PATH', () => {
    expect(placementOn('/home/ann/bin', ['/usr/bin'], realpath, () => false)).toEqual({ kind: 'off-path' });
  });

  it('first: no other codex before DIR (one after it does not matter)', () => {
    const others = new Set(['/usr/bin']);
    expect(placementOn('/home/ann/bin', ['/bin', '/home/ann/bin', '/usr/bin'], realpath, (d) => others.has(d))).toEqual({ kind: 'first' });
  });

  it('shadowed by the first other codex before DIR, found through a symlinked entry', () => {
    const others = new Set(['/opt/a', '/opt/b']);
    expect(placementOn('/home/ann/.local/bin', ['/bin', '/opt/a', '/opt/b', '/home/ann/lb'], realpath, (d) => others.has(d))).toEqual({
      kind: 'shadowed',
      by: '/opt/a/codex',
    });
  });
});
