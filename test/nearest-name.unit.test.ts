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

  // Optimal string alignment, not full Damerau-Levenshtein: a swapped pair is not edited again (ca → abc is 3).
  it.each([['abcd', 'acbd', 1], ['aab', 'aba', 1], ['ab', 'bc', 2], ['abc', 'bca', 2], ['abab', 'baba', 2], ['kitten', 'sitting', 3], ['ca', 'abc', 3]] as const)('a swap counts one only where two neighbours really are swapped: %s → %s is %i', (a, b, d) => {
    expect(editDistance(a, b, 9)).toBe(d);
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
