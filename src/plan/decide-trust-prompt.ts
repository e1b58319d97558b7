// Whether a launch stops to ask about an untrusted .cxrc, as a pure function (tested in-process by
// test/plan/decide-trust-prompt.unit.test.ts; main.ts asks and plans again).
import type { Plan } from './make-plan.ts';

export interface PromptContext {
  /** A CI run (select/ci-detect.ts): nobody answers, even with a terminal attached. */
  ci: boolean;
  /** stdin and stderr are terminals; asked last, as it loads node:tty. */
  terminal: () => boolean;
}

/** Ask only when an untrusted .cxrc alone stands between the run and its profile, and a person can answer. */
export function shouldAskTrust(plan: Pick<Plan, 'cxrc' | 'findings'>, context: PromptContext): boolean {
  if (plan.cxrc === null) return false;
  if (!plan.findings.some((f) => f.code === 'cxrc-untrusted')) return false;
  // Asking is pointless when the run is refused for another reason (a restriction, no codex…).
  if (plan.findings.some((f) => f.level === 'error' && f.code !== 'cxrc-untrusted')) return false;
  return !context.ci && context.terminal();
}
