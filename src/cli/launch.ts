import { execCodex, execveOf } from '../launch/exec-codex.ts';
import { spawnCodex } from '../launch/spawn-codex.ts';
import type { Plan } from '../plan/make-plan.ts';
import { reportError, reportRefusal, reportWarnings } from './report.ts';

/** What a launch needs of a plan (a kept plan has no more: plan-cache/plan-cache.ts). */
export type LaunchPlan = Pick<Plan, 'bin' | 'args' | 'env' | 'mode' | 'findings' | 'refusal'>;

/** Runs the plan: refuses with its status, or hands the terminal to codex and mirrors its exit. */
export function launch(plan: LaunchPlan): void {
  // Warnings first, even when refusing: a keyring that was down explains a "missing" secret.
  reportWarnings(plan.findings);
  if (plan.refusal !== null || plan.bin === null) {
    if (plan.refusal) reportRefusal(plan.refusal, plan.findings);
    process.exit(plan.refusal?.status ?? 1);
  }
  const execve = plan.mode === 'exec' ? execveOf() : null;
  if (execve !== null) execCodex(execve, plan.bin, plan.args, plan.env);
  spawnCodex(plan.bin, plan.args, plan.env, (error) => {
    reportError(error);
    process.exit(error.status);
  });
}
