// Whether a launch stops to ask about an untrusted .cxrc (src/plan/decide-trust-prompt.ts). The
// prompt itself, in a terminal, is test/select/hostile-cxrc.test.ts.
import { describe, expect, it } from 'vitest';
import type { Cxrc } from '../../src/config/cxrc.ts';
import type { Finding } from '../../src/plan/finding.ts';
import { shouldAskTrust } from '../../src/plan/decide-trust-prompt.ts';

const cxrc = { file: { path: '/r/.cxrc', content: 'work\n', profile: { value: 'work', at: '/r/.cxrc:1' }, require: null } satisfies Cxrc, trusted: false };
const untrusted: Finding = { level: 'warning', code: 'cxrc-untrusted', message: 'untrusted' };
const terminal = { ci: false, terminal: () => true };

describe('the trust prompt', () => {
  it('asks when an untrusted .cxrc would select and a person is at a terminal', () => {
    expect(shouldAskTrust({ cxrc, findings: [untrusted] }, terminal)).toBe(true);
  });

  it('does not ask in CI even with a terminal attached (GitLab and Jenkins agents often have one)', () => {
    let looked = false;
    expect(shouldAskTrust({ cxrc, findings: [untrusted] }, { ci: true, terminal: () => (looked = true) })).toBe(false);
    expect(looked).toBe(false);
  });

  it('does not ask without a terminal', () => {
    expect(shouldAskTrust({ cxrc, findings: [untrusted] }, { ci: false, terminal: () => false })).toBe(false);
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
