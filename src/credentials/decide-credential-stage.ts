// Whether the credentials stage looks anything up, as a pure function (tested in-process by
// test/credentials/decide-credential-stage.unit.test.ts).
import type { Plan } from '../plan/make-plan.ts';

/**
 * Only a command that runs a model needs credentials, and only a plan that would launch: a run
 * already refused (untrusted .cxrc under strict mode, a restriction, no codex…) never touches the
 * keyring, $CODEX_HOME/.env or AWS, so an SSO login is never started for a run that will not happen.
 */
export function needsCredentials(plan: Pick<Plan, 'runtime' | 'refusal'>): boolean {
  return plan.runtime && plan.refusal === null;
}
