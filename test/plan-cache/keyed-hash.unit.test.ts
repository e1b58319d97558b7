// The plan cache's keyed hash (src/plan-cache/keyed-hash.ts): no collision among many near-equal
// texts (the arguments and environments it names differ by a character), a different key or a
// one-character change flips about half the bits, and the length counts.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyedHash, seedsOf } from '../../src/plan-cache/keyed-hash.ts';

const seeds = seedsOf(randomBytes(32));

function differingBits(x: string, y: string): number {
  let bits = 0;
  for (let i = 0; i < x.length; i += 8) {
    let v = (Number.parseInt(x.slice(i, i + 8), 16) ^ Number.parseInt(y.slice(i, i + 8), 16)) >>> 0;
    for (; v !== 0; v &= v - 1) bits += 1;
  }
  return bits;
}

describe('keyedHash', () => {
  it('gives 32 hex digits, the same for the same key and text', () => {
    expect(keyedHash(seeds, 'exec hi')).toMatch(/^[0-9a-f]{32}$/);
    expect(keyedHash(seeds, 'exec hi')).toBe(keyedHash(seeds, 'exec hi'));
  });

  it('has no collision among 200 000 near-equal texts', () => {
    const seen = new Set<string>();
    const base = '["0.1.0","v20","linux","x64",0,0,"/home/u/repo",[],["+work","exec","';
    for (let i = 0; i < 100_000; i += 1) {
      seen.add(keyedHash(seeds, `${base}${i}"]]`));
      seen.add(keyedHash(seeds, `${base}prompt ${String.fromCharCode(32 + (i % 90))}${i.toString(36)}"]]`));
    }
    expect(seen.size).toBe(200_000);
  });

  it('flips about half the 128 bits for a one-character change, another key, or one more NUL', () => {
    const text = 'PATH=/usr/bin:/bin\0HOME=/home/u\0CX_PROFILE=work';
    let total = 0;
    for (let i = 0; i < text.length; i += 1) {
      const changed = text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ 1) + text.slice(i + 1);
      const bits = differingBits(keyedHash(seeds, text), keyedHash(seeds, changed));
      expect(bits, `position ${i}`).toBeGreaterThan(32);
      total += bits;
    }
    expect(total / text.length).toBeGreaterThan(54);
    expect(total / text.length).toBeLessThan(74);
    expect(differingBits(keyedHash(seeds, text), keyedHash(seedsOf(randomBytes(32)), text))).toBeGreaterThan(32);
    expect(differingBits(keyedHash(seeds, text), keyedHash(seeds, `${text}\0`))).toBeGreaterThan(32);
  });
});
