// The environment codex gets: what cx sets and removes, reported by name and sorted.
import { describe, expect, it } from 'vitest';
import { childEnv } from '../../src/plan/child-env.ts';

describe('childEnv', () => {
  it('a variable the parent has unset (undefined) is not passed on at all', () => {
    const result = childEnv({ KEEP: '1', GONE: undefined }, {}, []);
    expect(Object.keys(result.env)).toEqual(['KEEP']);
  });

  it('names set and removed are reported sorted, whatever order cx gave them in', () => {
    const result = childEnv({ Z_DROP: 'z', A_DROP: 'a' }, { Z_SET: '1', A_SET: '2' }, ['Z_DROP', 'A_DROP']);
    expect(result.added).toEqual(['A_SET', 'Z_SET']);
    expect(result.removed).toEqual(['A_DROP', 'Z_DROP']);
    expect(result.env).toEqual({ Z_SET: '1', A_SET: '2' });
  });

  it('a name both set and unset is set, not removed', () => {
    const result = childEnv({ BOTH: 'old' }, { BOTH: 'new' }, ['BOTH']);
    expect(result.env).toEqual({ BOTH: 'new' });
    expect(result.removed).toEqual([]);
    expect(result.added).toEqual(['BOTH']);
  });
});
