import { describe, expect, it } from 'vitest';
import { childEnv } from '../../src/plan/child-env.ts';

describe('childEnv', () => {
  it('reports names set (new or changed) and removed, never values, and keeps the rest', () => {
    const parent = { KEEP: '1', SAME: 'x', CHANGE: 'old', DROP: 'd', GONE_ALREADY: undefined };
    const result = childEnv(parent, { SAME: 'x', CHANGE: 'new', NEW: 'n' }, ['DROP', 'MISSING']);
    expect(result.env).toEqual({ KEEP: '1', SAME: 'x', CHANGE: 'new', NEW: 'n' });
    expect(result.added).toEqual(['CHANGE', 'NEW']);
    expect(result.removed).toEqual(['DROP']);
  });
});
