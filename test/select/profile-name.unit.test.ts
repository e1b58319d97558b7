// Which profile names cx passes on (codex's own rule: letters, digits, `-` and `_`), and how a bad
// one is described.
import { describe, expect, it } from 'vitest';
import { describeInvalidProfileName, isValidProfileName } from '../../src/select/profile-name.ts';

describe('profile names', () => {
  it('letters, digits, - and _ are a name; anything else, or nothing, is not', () => {
    for (const name of ['work', 'W-2_x', '0', '_', '-']) expect(isValidProfileName(name), name).toBe(true);
    for (const name of ['', 'a b', '../evil', 'a.b', 'wörk', 'a\n', '\nb']) expect(isValidProfileName(name), JSON.stringify(name)).toBe(false);
  });

  it('an empty name is called that; another bad name is quoted', () => {
    expect(describeInvalidProfileName('')).toBe('profile name an empty name is not valid: use letters, digits, - and _ only');
    expect(describeInvalidProfileName('a b')).toBe('profile name `a b` is not valid: use letters, digits, - and _ only');
  });
});
