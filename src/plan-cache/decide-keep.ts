import type { CheckedPlan } from '../compat/preflight.ts';
import type { CredentialSource } from '../credentials/resolve-credentials.ts';
import { GUARD_VAR } from '../launch/recursion-guard.ts';
import type { CachedLaunch } from './entry.ts';

// Whether a plan may be kept, and what of it: pure. Every "no" is a plan that must be made on
// every run: it shows something, refuses, needs a person, or holds what must never be stored
// (docs/plan-cache.md, "What is never kept").

/** Credentials codex finds itself: cx delivers nothing, so nothing secret is in the plan. */
const KEPT_SOURCES: ReadonlySet<CredentialSource> = new Set(['env', 'codex-home-env', 'chatgpt-login', 'none']);

export type KeepDecision = { keep: true; launch: CachedLaunch } | { keep: false; why: string };

function no(why: string): KeepDecision {
  return { keep: false, why };
}

/** The setting cx adds to keep delivered or named secrets out of the agent's commands (names only). */
const EXCLUDE_SETTING = 'shell_environment_policy.exclude=';

/**
 * codex's arguments as a template over the command line's (`rest`): an index is `rest[index]`,
 * a string is what cx put there, allowed only for one `-p NAME` and cx's
 * `-c shell_environment_policy.exclude=[…]` (variable names). Anything else cx changes (legacy
 * `-c` overrides, which may carry a profile's values) means the plan is not kept: null.
 */
export function argsTemplate(args: readonly string[], rest: readonly string[], name: string | null): (number | string)[] | null {
  const template: (number | string)[] = [];
  let next = 0;
  let named = false;
  for (let at = 0; at < args.length; at += 1) {
    const arg = args[at] as string;
    if (next < rest.length && arg === rest[next]) {
      template.push(next);
      next += 1;
    } else if (!named && name !== null && arg === '-p' && args[at + 1] === name) {
      template.push('-p', name);
      named = true;
      at += 1;
    } else if (arg === '-c' && args[at + 1]?.startsWith(EXCLUDE_SETTING)) {
      template.push('-c', args[at + 1] as string);
      at += 1;
    } else return null;
  }
  return next === rest.length ? template : null;
}

/**
 * What of `plan` may be kept for the command line `rest`; `untraceable` is what the trace could
 * not follow, `racy` whether an input changed too recently to be judged by its times.
 */
export function decideKeep(plan: CheckedPlan, rest: readonly string[], untraceable: string | null, racy: boolean): KeepDecision {
  if (plan.refusal !== null || plan.bin === null) return no('the plan refuses');
  if (plan.findings.some((finding) => finding.level !== 'info')) return no('the plan has a warning or an error');
  if (plan.failover.length > 0) return no('the plan used failover');
  if (untraceable !== null) return no(untraceable);
  if (racy) return no('an input changed too recently to tell a later change by its times');
  if (plan.settings.provider.startsWith('amazon-bedrock')) return no('Amazon Bedrock plans come from the AWS chain');
  if (plan.credentials.some((credential) => !KEPT_SOURCES.has(credential.source))) return no('cx delivers a credential');
  const args = argsTemplate(plan.args, rest, plan.selection.name);
  if (args === null) return no('cx changes codex\'s arguments beyond -p NAME and its exclude list');
  const replayed = args.map((arg) => (typeof arg === 'string' ? arg : rest[arg]));
  if (replayed.length !== plan.args.length || replayed.some((arg, i) => arg !== plan.args[i])) return no('the arguments cannot be replayed');
  const npm = plan.codex?.npm?.native ? plan.codex.npm : null;
  const set = { ...(npm?.envSet ?? {}) };
  const unset = [...(npm?.envUnset ?? [])];
  if (plan.envAdded.some((name) => name !== GUARD_VAR && !(name in set))) return no('cx sets a variable it does not set for every run');
  if (plan.envRemoved.some((name) => !unset.includes(name))) return no('cx removes a variable it does not remove for every run');
  for (const [name, value] of Object.entries(set)) if (plan.env[name] !== value) return no(`${name} differs from what cx sets`);
  return { keep: true, launch: { bin: plan.bin, mode: plan.mode, args, set, unset } };
}
