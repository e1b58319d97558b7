// "Did you mean …?" (src/nearest-name.ts): the distance, the bound, and which name is offered.
import { describe, expect, it } from 'vitest';
import { editDistance, nearestName, typoBound } from '../src/nearest-name.ts';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions, and a swap of neighbours as one', () => {
    expect(editDistance('bedrock', 'bedrock', 3)).toBe(0);
    expect(editDistance('bedrok', 'bedrock', 3)).toBe(1);
    expect(editDistance('bedrockk', 'bedrock', 3)).toBe(1);
    expect(editDistance('bedrack', 'bedrock', 3)).toBe(1);
    expect(editDistance('bedrcok', 'bedrock', 3)).toBe(1);
    expect(editDistance('', 'abc', 5)).toBe(3);
  });

  it('a swap counts one only where the two letters really are swapped neighbours (optimal string alignment)', () => {
    expect(editDistance('abcd', 'acbd', 9)).toBe(1);
    expect(editDistance('aab', 'aba', 9)).toBe(1);
    expect(editDistance('ab', 'bc', 9)).toBe(2);
    expect(editDistance('abc', 'bca', 9)).toBe(2);
    expect(editDistance('abab', 'baba', 9)).toBe(2);
    expect(editDistance('kitten', 'sitting', 9)).toBe(3);
    // Not full Damerau-Levenshtein: a swapped pair is not edited again.
    expect(editDistance('ca', 'abc', 9)).toBe(3);
  });

  it('is bounded: anything further than max is max + 1', () => {
    expect(editDistance('a', 'abcdefgh', 2)).toBe(3);
    expect(editDistance('abcd', 'wxyz', 2)).toBe(3);
  });
});

describe('typoBound', () => {
  it('one edit up to 4 letters, two up to 10, three beyond', () => {
    expect([typoBound('work'), typoBound('works'), typoBound('0123456789'), typoBound('01234567890')]).toEqual([1, 2, 2, 3]);
  });
});

describe('nearestName', () => {
  it('the closest candidate within the bound, case ignored', () => {
    expect(nearestName('amazon-bedrok', ['openai', 'amazon-bedrock', 'amazon-bedrock-runtime'])).toBe('amazon-bedrock');
    expect(nearestName('PERSONL', ['personal', 'work'])).toBe('personal');
    expect(nearestName('wrok', ['work', 'personal'])).toBe('work');
  });

  it('the first listed wins a tie; a closer one later wins', () => {
    expect(nearestName('wark', ['work', 'wart'])).toBe('work');
    expect(nearestName('bedrocks', ['bedrock-eu', 'bedrock'])).toBe('bedrock');
    expect(nearestName('abcdef', ['abcxyf', 'abcdxf'])).toBe('abcdxf');
  });

  it('none within the bound, or the name itself a candidate: null', () => {
    expect(nearestName('zzz', ['work', 'personal'])).toBeNull();
    expect(nearestName('ab', ['xy'])).toBeNull();
    expect(nearestName('work', ['work', 'wor'])).toBeNull();
    expect(nearestName('x', [])).toBeNull();
  });
});
