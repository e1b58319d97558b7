// Whether the credentials stage looks anything up (src/credentials/decide-credential-stage.ts and
// its caller planCredentials): never for a run already refused, nor for one that runs no model.
import { describe, expect, it } from 'vitest';
import { needsCredentials } from '../../src/credentials/decide-credential-stage.ts';
import { planCredentials } from '../../src/credentials/plan-credentials.ts';
import { CxError } from '../../src/cx-error.ts';
import { EXIT } from '../../src/exit-status.ts';
import type { Plan } from '../../src/plan/make-plan.ts';

const refused = new CxError('denied', EXIT.denied);

describe('needsCredentials', () => {
  it.each([
    [true, null, true],
    [true, refused, false],
    [false, null, false],
    [false, refused, false],
  ])('runs a model: %s, refused: %s → %s', (runtime, refusal, expected) => {
    expect(needsCredentials({ runtime, refusal })).toBe(expected);
  });
});

describe('planCredentials on a plan it must not resolve for', () => {
  it('a plan already refused, or one running no model: nothing loaded, nothing asked, no credentials', async () => {
    for (const plan of [{ runtime: true, refusal: refused }, { runtime: false, refusal: null }]) {
      const asked: string[] = [];
      const modules = {
        keyring: () => (asked.push('keyring'), Promise.reject(new Error('keyring loaded'))),
        aws: () => (asked.push('aws'), Promise.reject(new Error('aws loaded'))),
      };
      // Only the fields planCredentials may read before deciding; anything else read would throw.
      const out = await planCredentials(plan as unknown as Plan, {
        env: {},
        interactive: () => (asked.push('interactive'), false),
        force: false,
        modules,
        chatgptLogin: () => (asked.push('chatgptLogin'), false),
      });
      expect(out.credentials).toEqual([]);
      expect(out.refusal).toBe(plan.refusal);
      expect(asked).toEqual([]);
    }
  });
});
