// Whether a launch stops to ask about an untrusted .cxrc (src/plan/decide-trust-prompt.ts). The
// prompt itself, in a terminal, is test/select/hostile-cxrc.test.ts.
import { describe, expect, it } from 'vitest';
import type { Cxrc } from '../../src/config/cxrc.ts';
import type { Finding } from '../../src/plan/finding.ts';
import { shouldAskTrust } from '../../src/plan/decide-trust-prompt.ts';

const cxrc = { file: { path: '/r/.cxrc', content: 'work\n', profile: { value: 'work', at: '/r/.cxrc:1' }, require: null } satisfies Cxrc, trusted: false };
const untrusted: Finding = { level: 'warning', code: 'cxrc-untrusted', message: 'untrusted' };
const terminal = (): boolean => true;

describe('the trust prompt', () => {
  it('asks when an untrusted .cxrc would select and a person is at a terminal', () => {
    expect(shouldAskTrust({ cxrc, findings: [untrusted] }, terminal)).toBe(true);
  });

  it('does not ask when nobody is there (CI with a terminal attached counts as nobody: person-present.test.ts)', () => {
    expect(shouldAskTrust({ cxrc, findings: [untrusted] }, () => false)).toBe(false);
  });

  it('does not look for a person when there is nothing to ask', () => {
    let looked = false;
    expect(shouldAskTrust({ cxrc, findings: [] }, () => (looked = true))).toBe(false);
    expect(looked).toBe(false);
  });

  it('does not ask when nothing is untrusted, or there is no .cxrc', () => {
    expect(shouldAskTrust({ cxrc, findings: [{ level: 'warning', code: 'other', message: '' }] }, terminal)).toBe(false);
    expect(shouldAskTrust({ cxrc: null, findings: [untrusted] }, terminal)).toBe(false);
  });

  it('does not ask when the run is refused for another reason; the untrusted error of strict mode is not one', () => {
    const restriction: Finding = { level: 'error', code: 'cxrc-restriction', message: 'denied' };
    expect(shouldAskTrust({ cxrc, findings: [untrusted, restriction] }, terminal)).toBe(false);
    expect(shouldAskTrust({ cxrc, findings: [{ ...untrusted, level: 'error' }] }, terminal)).toBe(true);
    expect(shouldAskTrust({ cxrc, findings: [untrusted, { level: 'warning', code: 'npm-launcher-no-native', message: '' }] }, terminal)).toBe(true);
  });
});
