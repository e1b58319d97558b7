// The pure parts of the code cache's key and trust rules (src/code-cache/cache-key.ts).
import { describe, expect, it } from 'vitest';
import { cacheFileName, dataOffset, flagsKey, formatHeader, trustProblem, type FileIdentity } from '../../src/code-cache/cache-key.ts';

const IDENTITY: FileIdentity = { size: 169_174n, mtimeNs: 1_764_770_000_123_456_789n, ctimeNs: 1_764_770_000_987_654_321n, ino: 4_242n };

describe('the cache key', () => {
  it('is `plain` for a Node started without options, and differs with any option or NODE_OPTIONS', () => {
    expect(flagsKey([], undefined)).toBe('plain');
    expect(flagsKey([], '  ')).toBe('plain');
    const keys = [flagsKey(['--jitless'], undefined), flagsKey([], '--jitless'), flagsKey([], '--max-old-space-size=100'), flagsKey(['--max-old-space-size=100'], '--jitless')];
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{8}$/);
    expect(flagsKey(['--jitless'], undefined)).toBe(flagsKey(['--jitless'], undefined));
  });

  it('names the bundle, the V8 version, the architecture and the flags', () => {
    expect(cacheFileName('cx.cjs', '11.3.244.8-node.38', 'x64', 'plain')).toBe('cx.cjs.11.3.244.8-node.38.x64.plain.v8cache');
    expect(cacheFileName('cli/complete.cjs', '12.4.254.21-node.57', 'arm64', '0a1b2c3d')).toBe('cli-complete.cjs.12.4.254.21-node.57.arm64.0a1b2c3d.v8cache');
    // A separator in a part can never lead out of the cache directory.
    expect(cacheFileName('cx.cjs', '../../x', 'a\\b', 'plain')).not.toMatch(/[\\/]/);
  });
});

describe('the header', () => {
  it('names the bundle file it was made from and says where V8 data starts', () => {
    const header = formatHeader(IDENTITY);
    const bytes = Buffer.concat([Buffer.from(header, 'latin1'), Buffer.from([1, 2, 3])]);
    const offset = dataOffset(bytes, IDENTITY);
    expect(offset).not.toBeNull();
    expect([...bytes.subarray(offset ?? 0)]).toEqual([1, 2, 3]);
  });

  it('refuses anything else', () => {
    const good = formatHeader(IDENTITY);
    for (const bad of ['', 'no newline at all', good.slice(0, -1), good.replace('cx-code-cache-1', 'cx-code-cache-2'), good.replace(' 4242\n', '\n'), good.replace('4242', '-1'), good.replace('4242', '42x'), good.replace('4242', '04242'), `${'x'.repeat(300)}\n`]) {
      expect(dataOffset(Buffer.from(`${bad}data`, 'latin1'), IDENTITY), JSON.stringify(bad)).toBeNull();
    }
  });

  it('tells a different file from the same one', () => {
    const bytes = Buffer.from(`${formatHeader(IDENTITY)}data`, 'latin1');
    for (const key of ['size', 'mtimeNs', 'ctimeNs', 'ino'] as const) {
      expect(dataOffset(bytes, { ...IDENTITY, [key]: IDENTITY[key] + 1n }), key).toBeNull();
    }
  });
});

describe('who may have written a cache', () => {
  const bundleOwner = (): number => 0;
  it('trusts the running user and the bundle owner, when no one else can write', () => {
    expect(trustProblem({ uid: 1000, mode: 0o100644 }, 1000, bundleOwner)).toBeNull();
    expect(trustProblem({ uid: 0, mode: 0o100644 }, 1000, bundleOwner)).toBeNull();
    expect(trustProblem({ uid: 1000, mode: 0o100600 }, 1000, bundleOwner)).toBeNull();
  });

  it('distrusts another owner, and a cache group or others may write', () => {
    expect(trustProblem({ uid: 1001, mode: 0o100644 }, 1000, bundleOwner)).toBe('owner');
    expect(trustProblem({ uid: 1000, mode: 0o100664 }, 1000, bundleOwner)).toBe('mode');
    expect(trustProblem({ uid: 1000, mode: 0o100646 }, 1000, bundleOwner)).toBe('mode');
  });

  it('has no owner or mode to check on Windows', () => {
    expect(trustProblem({ uid: 0, mode: 0o100666 }, null, bundleOwner)).toBeNull();
  });
});
