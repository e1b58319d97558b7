import type { CheckedPlan, FailoverStep } from '../compat/preflight.ts';
import { CONFIG_ERROR_CODES } from '../compat/config-mistakes.ts';
import type { CxConfig } from '../config/cx-config.ts';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';

function errorCodes(plan: CheckedPlan): string[] {
  return [...new Set(plan.findings.filter((f) => f.level === 'error').map((f) => f.code))];
}

/**
 * Whether a refused plan failed *preflight* (credentials, SSO, a blocking finding, a region or
 * restriction), which a fallback profile may pass, rather than something no other profile changes
 * (bad arguments, codex not found, a missing profile, strict mode refusing an untrusted .cxrc).
 */
export function failedPreflight(plan: CheckedPlan): boolean {
  const refusal = plan.refusal;
  if (refusal === null) return false;
  const codes = errorCodes(plan);
  if (codes.includes('cxrc-untrusted') || codes.includes('codex-not-found') || codes.includes('codex-is-cx')) return false;
  if (refusal.status === EXIT.blocked || refusal.status === EXIT.denied) return true;
  return refusal.status === EXIT.config && codes.length > 0 && codes.every((code) => CONFIG_ERROR_CODES.has(code));
}

/**
 * Preflight failover: when the selected profile fails preflight and cx's config names fallbacks
 * for it, the first fallback that passes is used instead, with one warning. Only profiles cx
 * chose can be replaced (a `-p` in codex's arguments is the user's own), and nothing is retried
 * once codex has started: this runs before the launch.
 */
export async function withFailover(
  first: CheckedPlan,
  fallbacks: CxConfig['fallbacks'],
  planFor: (name: string, at: string, why: string) => Promise<CheckedPlan>,
): Promise<CheckedPlan> {
  const name = first.selection.name;
  if (name === null || first.selection.source === 'flag' || !failedPreflight(first)) return first;
  const list = fallbacks[name];
  if (list === undefined || list.value.length === 0) return first;
  const firstCodes = errorCodes(first);
  const steps: FailoverStep[] = [{ profile: name, outcome: 'failed', codes: firstCodes }];
  const why = `${name} failed preflight (${firstCodes.join(', ')}); [fallbacks] ${list.at}`;
  for (const [i, fallback] of list.value.entries()) {
    const next = await planFor(fallback, list.at, why);
    if (next.refusal === null) {
      steps.push({ profile: fallback, outcome: 'selected', codes: [] });
      steps.push(...list.value.slice(i + 1).map((profile): FailoverStep => ({ profile, outcome: 'not-tried', codes: [] })));
      const message = `profile ${name} failed preflight (${firstCodes.join(', ')}); using fallback ${fallback}${i > 0 ? ` (after ${list.value.slice(0, i).join(', ')} failed too)` : ''}`;
      const fix = `fix profile ${name} (\`cx explain\` shows why it failed), or select ${fallback} yourself`;
      return { ...next, failover: steps, findings: [...next.findings, { level: 'warning', code: 'fallback-used', message, fix }] };
    }
    steps.push({ profile: fallback, outcome: 'failed', codes: errorCodes(next) });
  }
  // Why each fallback failed, in the finding too: a launch prints the refusal's findings one a line.
  const each = steps.slice(1).map((step) => `${step.profile}: ${step.codes.join(', ') || 'refused'}`).join('; ');
  const message = `profile ${name} and its fallbacks (${list.value.join(', ')}, ${list.at}) all failed preflight (${each})`;
  const refusal = first.refusal && new CxError(`${first.refusal.message}; ${message}`, first.refusal.status, first.refusal.hint);
  return { ...first, refusal, failover: steps, findings: [...first.findings, { level: 'error', code: 'fallback-exhausted', message, fix: '`cx explain` shows why each failed' }] };
}
