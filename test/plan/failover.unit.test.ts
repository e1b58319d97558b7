// Preflight failover decisions (src/plan/failover.ts) on plans built by hand: which refusals a
// fallback may cure, and an empty `[fallbacks]` list (nothing to try is not "all failed").
import { describe, expect, it } from 'vitest';
import type { CheckedPlan } from '../../src/compat/preflight.ts';
import { CxError } from '../../src/cx-error.ts';
import { EXIT } from '../../src/exit-status.ts';
import { failedPreflight, withFailover } from '../../src/plan/failover.ts';
import type { Finding } from '../../src/plan/finding.ts';
import type { Selection } from '../../src/select/select-profile.ts';

function plan(refusal: CxError | null, codes: string[], selection: Partial<Selection> = {}): CheckedPlan {
  const findings: Finding[] = codes.map((code) => ({ level: 'error', code, message: code }));
  const full: Pick<CheckedPlan, 'refusal' | 'findings' | 'selection' | 'failover'> = {
    refusal,
    findings,
    selection: { name: 'bedrock', source: 'rule', at: 'c:1', steps: [], ...selection },
    failover: [],
  };
  return full as CheckedPlan;
}
const blocked = new CxError('no region', EXIT.blocked);

describe('failedPreflight', () => {
  it.each([
    [null, [], false],
    [blocked, ['aws-region-missing'], true],
    [new CxError('denied', EXIT.denied), ['cxrc-restriction'], true],
    [new CxError('config', EXIT.config), ['wire-api-chat'], true],
    [new CxError('config', EXIT.config), ['wire-api-chat', 'profile-missing'], false],
    [new CxError('config', EXIT.config), [], false],
    [new CxError('strict', EXIT.denied), ['cxrc-untrusted'], false],
    [new CxError('none', EXIT.notFound), ['codex-not-found'], false],
    [blocked, ['codex-is-cx', 'aws-region-missing'], false],
    [new CxError('usage', EXIT.usage), ['x'], false],
  ] as const)('refusal %s with %j → %s', (refusal, codes, expected) => {
    expect(failedPreflight(plan(refusal, [...codes]))).toBe(expected);
  });
});

describe('withFailover', () => {
  const never = async (): Promise<CheckedPlan> => Promise.reject(new Error('no fallback may be planned'));

  it('an empty [fallbacks] list: the first plan as it was, not "all failed"', async () => {
    const first = plan(blocked, ['aws-region-missing']);
    expect(await withFailover(first, { bedrock: { value: [], at: 'c:3' } }, never)).toBe(first);
  });

  it('no list for the profile, a profile given with -p, no profile, or a plan that passed: nothing tried', async () => {
    const first = plan(blocked, ['aws-region-missing']);
    expect(await withFailover(first, { other: { value: ['gw'], at: 'c:3' } }, never)).toBe(first);
    const flagged = plan(blocked, ['aws-region-missing'], { source: 'flag' });
    expect(await withFailover(flagged, { bedrock: { value: ['gw'], at: 'c:3' } }, never)).toBe(flagged);
    const nameless = plan(blocked, ['aws-region-missing'], { name: null });
    expect(await withFailover(nameless, { bedrock: { value: ['gw'], at: 'c:3' } }, never)).toBe(nameless);
    const passed = plan(null, []);
    expect(await withFailover(passed, { bedrock: { value: ['gw'], at: 'c:3' } }, never)).toBe(passed);
  });

  it('the first fallback that passes is used, with one warning naming those that failed before it', async () => {
    const first = plan(blocked, ['aws-region-missing']);
    const tried: string[] = [];
    const out = await withFailover(first, { bedrock: { value: ['a', 'b', 'c'], at: 'c:3' } }, async (name, at, why) => {
      tried.push(`${name} ${at} ${why}`);
      return name === 'b' ? plan(null, [], { name: 'b' }) : plan(blocked, ['credential-missing']);
    });
    expect(tried).toEqual(['a c:3 bedrock failed preflight (aws-region-missing); [fallbacks] c:3', 'b c:3 bedrock failed preflight (aws-region-missing); [fallbacks] c:3']);
    expect(out.selection.name).toBe('b');
    expect(out.failover).toEqual([
      { profile: 'bedrock', outcome: 'failed', codes: ['aws-region-missing'] },
      { profile: 'a', outcome: 'failed', codes: ['credential-missing'] },
      { profile: 'b', outcome: 'selected', codes: [] },
      { profile: 'c', outcome: 'not-tried', codes: [] },
    ]);
    expect(out.findings.at(-1)).toEqual({ level: 'warning', code: 'fallback-used', message: 'profile bedrock failed preflight (aws-region-missing); using fallback b (after a failed too)', fix: 'fix profile bedrock (`cx explain` shows why it failed), or select b yourself' });
  });

  it('the first fallback passing: no "after" in the warning', async () => {
    const out = await withFailover(plan(blocked, ['aws-region-missing']), { bedrock: { value: ['a'], at: 'c:3' } }, async () => plan(null, []));
    expect(out.findings.at(-1)?.message).toBe('profile bedrock failed preflight (aws-region-missing); using fallback a');
  });

  it('all failing: the first refusal\'s status, with what each fallback failed on', async () => {
    const out = await withFailover(plan(blocked, ['aws-region-missing']), { bedrock: { value: ['a', 'b'], at: 'c:3' } }, async (name) =>
      name === 'a' ? plan(blocked, ['credential-missing', 'credential-missing']) : plan(blocked, []),
    );
    expect(out.refusal?.status).toBe(EXIT.blocked);
    expect(out.refusal?.message).toBe('no region; profile bedrock and its fallbacks (a, b, c:3) all failed preflight (a: credential-missing; b: refused)');
    expect(out.findings.at(-1)).toEqual({ level: 'error', code: 'fallback-exhausted', message: 'profile bedrock and its fallbacks (a, b, c:3) all failed preflight (a: credential-missing; b: refused)', fix: '`cx explain` shows why each failed' });
  });
});
