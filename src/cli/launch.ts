import { execCodex, execveOf } from '../launch/exec-codex.ts';
import type { LaunchMode } from '../launch/recursion-guard.ts';
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
  runCodex(plan.mode, plan.bin, plan.args, plan.env);
}

/**
 * Starts codex as decided: replaces this process (exec) or runs it as a child and ends as it ended
 * (spawn). The last step of every launch, and all a launch needs once its plan is known (e.g. from
 * a plan cache: issue 15 §2).
 */
export function runCodex(mode: LaunchMode, bin: string, args: readonly string[], env: Record<string, string>): void {
  const execve = mode === 'exec' ? execveOf() : null;
  if (execve !== null) execCodex(execve, bin, args, env);
  spawnCodex(bin, args, env, (error) => {
    reportError(error);
    process.exit(error.status);
  });
}
