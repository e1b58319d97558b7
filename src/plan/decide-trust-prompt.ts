// Whether a launch stops to ask about an untrusted .cxrc, as a pure function (tested in-process by
// test/plan/decide-trust-prompt.unit.test.ts; main.ts asks and plans again).
import type { Finding } from './finding.ts';

export interface TrustPromptFacts {
  /** The nearest untrusted .cxrc that would have selected, if any. */
  cxrc: object | null | undefined;
  findings: readonly Finding[];
}

/**
 * Ask only when an untrusted .cxrc alone stands between the run and its profile, and a person can
 * answer (`person`: cli/person-present.ts, the one rule; asked last, as it may load node:tty).
 */
export function shouldAskTrust(plan: TrustPromptFacts, person: () => boolean): boolean {
  if (plan.cxrc === null || plan.cxrc === undefined) return false;
  if (!plan.findings.some((f) => f.code === 'cxrc-untrusted')) return false;
  // Asking is pointless when the run is refused for another reason (a restriction, no codex…).
  if (plan.findings.some((f) => f.level === 'error' && f.code !== 'cxrc-untrusted')) return false;
  return person();
}
