import { isTable } from '../config/toml-file.ts';
import { inlineToml } from '../config/toml-inline.ts';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { FORCE_HINT } from '../compat/decide-refusal.ts';
import { childEnv } from '../plan/child-env.ts';
import { afterOverridesOf } from '../plan/codex-args.ts';
import type { Plan } from '../plan/make-plan.ts';
import type { Credential, CredentialPlan } from './resolve-credentials.ts';

export interface PlanWithCredentials extends Plan {
  credentials: Credential[];
}

/** The exclude list codex would use, plus the names cx keeps out of the agent's commands. */
function excludeList(plan: Plan, names: readonly string[]): string[] {
  const policy = plan.settings.merged['shell_environment_policy'];
  const existing = isTable(policy) && Array.isArray(policy['exclude']) ? policy['exclude'].filter((v): v is string => typeof v === 'string') : [];
  return [...new Set([...existing, ...names])];
}

/**
 * Adds the credentials to the plan: values cx found go into codex's environment, and
 * `-c shell_environment_policy.exclude=[…]` (codex's own setting, merged with the user's) keeps
 * them out of the environment of the commands the agent runs. Blocking findings refuse the launch
 * unless `--cx-force`.
 */
export function applyCredentials(plan: Plan, credentials: CredentialPlan, force: boolean): PlanWithCredentials {
  const findings = [...plan.findings, ...credentials.findings];
  let args = plan.args;
  if (credentials.exclude.length > 0) {
    // After the user's own shell_environment_policy overrides, if any: codex applies -c in order,
    // so one of theirs placed after cx's would replace the list and let the secrets through.
    const at = afterOverridesOf(args, 'shell_environment_policy');
    args = [...args.slice(0, at), '-c', `shell_environment_policy.exclude=${inlineToml(excludeList(plan, credentials.exclude))}`, ...args.slice(at)];
  }
  const child = childEnv(plan.env, credentials.set, []);
  const added = new Set([...plan.envAdded, ...child.added]);
  let refusal = plan.refusal;
  const blocking = credentials.findings.filter((f) => f.level === 'error');
  // With --cx-force the check stage (compat/preflight.ts) says, once, what was overridden.
  if (refusal === null && blocking.length > 0 && !force) {
    const fixes = [...new Set(blocking.map((f) => f.fix).filter((fix): fix is string => fix !== undefined))];
    refusal = new CxError(blocking.map((f) => f.message).join('; '), EXIT.blocked, [...fixes, FORCE_HINT].join('; '));
  }
  const settings = credentials.region === null ? plan.settings : { ...plan.settings, region: credentials.region.value, regionFrom: credentials.region.from };
  return { ...plan, args, env: child.env, envAdded: [...added].sort(), findings, refusal, settings, credentials: credentials.credentials };
}
