// The plan's findings for the selected profile as checks: error → fail, warning → warning, info →
// ok. A finding that one of cx's dedicated checks already reports at least as severely is not
// repeated (codex not found, an untrusted .cxrc, a keyring that cannot answer…). Pure.
import type { Finding } from '../plan/finding.ts';
import { type Check, type CheckStatus, cxCheck, isWorse } from './check.ts';

/** Finding code → the dedicated check that covers it. */
const COVERED_BY: Readonly<Record<string, string>> = {
  'codex-not-found': 'cx.codex.found',
  'codex-is-cx': 'cx.codex.found',
  'cxrc-untrusted': 'cx.trust',
  'env-file-permissions': 'cx.env-file',
  'keyring-unavailable': 'cx.keyring',
  'keyring-not-installed': 'cx.keyring',
  'keyring-locked': 'cx.keyring',
  'keyring-timeout': 'cx.keyring',
  'aws-sso-expired': 'cx.aws.sso',
  'credential-missing': 'cx.credentials',
};

/** The check that reports a finding with this code: a dedicated one, else its own `cx.finding.CODE`. */
export function checkIdFor(code: string): string {
  return COVERED_BY[code] ?? `cx.finding.${code}`;
}

const STATUS: Readonly<Record<Finding['level'], CheckStatus>> = { error: 'fail', warning: 'warning', info: 'ok' };
/** Errors that refuse a model run here but say nothing is broken: a directory's .cxrc restriction. */
const WARNING_ONLY: ReadonlySet<string> = new Set(['cxrc-restriction']);

/** What to do, when the finding says (compat findings carry `fix`). */
function fixOf(finding: Finding): string | null {
  const fix = (finding as Finding & { fix?: unknown }).fix;
  return typeof fix === 'string' && fix !== '' ? fix : null;
}

export function findingChecks(findings: readonly Finding[] | null, others: readonly Check[], planError: string | null): Check[] {
  if (findings === null) return [cxCheck('findings', 'findings', 'skipped', `no plan to check: cx could not plan a launch here (${planError ?? 'see cx.plan'})`)];
  const byId = new Map(others.map((c) => [c.id, c]));
  const checks: Check[] = [];
  const used = new Map<string, number>();
  for (const finding of findings) {
    const status = WARNING_ONLY.has(finding.code) && finding.level === 'error' ? 'warning' : STATUS[finding.level];
    const covering = byId.get(COVERED_BY[finding.code] ?? '');
    if (covering && !isWorse(status, covering.status)) continue;
    const base = `finding.${finding.code}`;
    const count = (used.get(base) ?? 0) + 1;
    used.set(base, count);
    checks.push(cxCheck(count === 1 ? base : `${base}.${count}`, 'findings', status, finding.message, fixOf(finding), { level: finding.level, code: finding.code }));
  }
  if (checks.length === 0) checks.push(cxCheck('findings', 'findings', 'ok', findings.length === 0 ? 'the plan for this run has no findings' : 'no findings beyond those reported above'));
  return checks;
}
