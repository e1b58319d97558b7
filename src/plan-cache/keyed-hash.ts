// A keyed 128-bit hash for the plan cache: four multiply-xor lanes over the text's UTF-8 bytes
// as 32-bit words, seeded from the per-user key, then mixed across lanes. Not a cryptographic hash: node:crypto
// costs a launch ~10 ms to load and a JavaScript SHA-256 as much while it runs cold, more than a
// hit may take. What it guards is said in docs/plan-cache.md ("The entries"): accidental collisions
// between runs (2^-128), corruption, and whoever cannot read the key; the cache's safety against
// other users rests on the ownership and mode checks, not on this hash.

const MULTIPLIERS = [0x9e3779b1, 0x85ebca77, 0xc2b2ae3d, 0x27d4eb2f] as const;

/** The first four 32-bit words of the key (a short key is padded with zeros). */
export function seedsOf(key: Uint8Array): [number, number, number, number] {
  const word = (i: number): number => ((key[i] ?? 0) | ((key[i + 1] ?? 0) << 8) | ((key[i + 2] ?? 0) << 16) | ((key[i + 3] ?? 0) << 24)) >>> 0;
  return [word(0), word(4), word(8), word(12)];
}

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/** 32 hex digits: the keyed hash of `text` (its UTF-8 bytes, four at a time). */
export function keyedHash(seeds: readonly [number, number, number, number], text: string): string {
  // Word by word: a launch runs this code cold (interpreted), where each loop turn counts.
  const bytes = Buffer.from(text, 'utf8');
  const words = new Uint32Array(Math.ceil(bytes.length / 4));
  new Uint8Array(words.buffer).set(bytes);
  let [a, b, c, d] = [seeds[0] ^ 0xdeadbeef, seeds[1] ^ 0x41c6ce57, seeds[2] ^ 0x7f4a7c15, seeds[3] ^ 0x165667b1];
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] as number;
    a = Math.imul(a ^ word, MULTIPLIERS[0]);
    b = Math.imul(b ^ word, MULTIPLIERS[1]);
    c = Math.imul(c ^ word, MULTIPLIERS[2]);
    d = Math.imul(d ^ word, MULTIPLIERS[3]);
    a ^= a >>> 15;
    b ^= b >>> 13;
    c ^= c >>> 16;
    d ^= d >>> 14;
  }
  // The byte length (the last word is zero-padded), then each lane takes two others, twice round,
  // so every output bit depends on every lane.
  a ^= bytes.length;
  for (let round = 0; round < 2; round += 1) {
    a = Math.imul(a ^ (b >>> 16), 0x85ebca6b) ^ Math.imul(c ^ (c >>> 13), 0xc2b2ae35);
    b = Math.imul(b ^ (c >>> 16), 0x85ebca6b) ^ Math.imul(d ^ (d >>> 13), 0xc2b2ae35);
    c = Math.imul(c ^ (d >>> 16), 0x85ebca6b) ^ Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
    d = Math.imul(d ^ (a >>> 16), 0x85ebca6b) ^ Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  }
  return hex8(a) + hex8(b) + hex8(c) + hex8(d);
}
