// `cx status`: the short answer a person wants before a run (profile and why, provider, model,
// region, whether the credentials are ready, which codex). Decided here from the plan a launch
// would make; pure. The edges (planning, the SSO cache, `codex --version`) are in run-status.ts.
import { basename } from 'node:path';
import type { CheckedPlan } from '../compat/preflight.ts';
import { isTable } from '../config/toml-file.ts';
import type { Credential } from '../credentials/resolve-credentials.ts';
import type { Check } from '../doctor/check.ts';
import type { ProfileSource } from '../select/select-profile.ts';

export interface StatusReport {
  /** `ownLogin`: the profile has a login of its own (`cx login +PROFILE`), which a run here uses. */
  profile: { name: string | null; source: ProfileSource; at: string | null; file: string | null; ownLogin: boolean };
  provider: { id: string; region: string | null; regionFrom: string | null };
  model: string | null;
  credentials: {
    /** Whether a run here would find what the provider needs; null when not looked up (a run refused before). */
    ready: boolean | null;
    /** Each credential: its name and where it was found (never a value). */
    found: Credential[];
    /** The program the provider's `auth.command` runs for its bearer token (name only, never its arguments). */
    tokenCommand: string | null;
    /** The SSO login behind an AWS profile, when there is one: its state and expiry. */
    sso: { status: Check['status']; summary: string; expiresAt: string | null } | null;
    /** Why not ready (or what to watch), each with its fix. */
    problems: { message: string; fix: string | null }[];
  };
  codex: { bin: string | null; version: string | null; problem: string | null };
  /** Whether cx would launch codex here (as `cx explain` decides). */
  launch: boolean;
  /** The status `cx explain` would exit with: 0, or the refusal's. */
  exitStatus: number;
}

/** Finding codes that mean the credentials are not there (resolve-credentials.ts). */
const CREDENTIAL_ERRORS = new Set(['credential-missing', 'aws-sso-expired', 'aws-credentials', 'token-command-failed']);

export interface CodexVersion {
  version: string | null;
  problem: string | null;
}

/** The program a provider's `auth = { command, … }` runs (Entra ID's `az`, gcloud, a helper), or null. */
function tokenCommand(plan: CheckedPlan): string | null {
  const providers = plan.settings.merged['model_providers'];
  const table = isTable(providers) ? providers[plan.settings.provider] : undefined;
  const auth = isTable(table) ? table['auth'] : undefined;
  const command = isTable(auth) ? auth['command'] : undefined;
  return typeof command === 'string' && command.trim() !== '' ? basename(command.trim()) : null;
}

/** The report for a planned run, the SSO check of its AWS profile (or null) and codex's version. */
export function statusReport(plan: CheckedPlan, sso: Check | null, codex: CodexVersion): StatusReport {
  // Errors first: what blocks the run, then why a source could not be asked.
  const credentialFindings = plan.findings
    .filter((f) => CREDENTIAL_ERRORS.has(f.code) || f.code.startsWith('keyring-'))
    .sort((a, b) => Number(b.level === 'error') - Number(a.level === 'error'));
  const problems = credentialFindings.map((f) => ({ message: f.message, fix: f.fix ?? null }));
  const missing = plan.credentials.some((c) => c.source === 'none') || credentialFindings.some((f) => f.level === 'error');
  const ssoFailed = sso !== null && sso.status === 'fail';
  if (ssoFailed && !problems.some((p) => p.fix !== null && sso.remediation !== null && p.fix.includes(sso.remediation))) {
    problems.push({ message: sso.summary, fix: sso.remediation });
  }
  const expires = sso?.details['expires at'];
  // The credentials stage looks nothing up for a run already refused (decide-credential-stage.ts).
  const lookedUp = !plan.runtime || plan.credentials.length > 0 || credentialFindings.length > 0 || plan.refusal === null;
  return {
    profile: { name: plan.selection.name, source: plan.selection.source, at: plan.selection.at, file: plan.profileFile, ownLogin: plan.profileLogin !== null },
    provider: { id: plan.settings.provider, region: plan.settings.region, regionFrom: plan.settings.regionFrom },
    model: plan.settings.model,
    credentials: {
      ready: lookedUp ? !missing && !ssoFailed : ssoFailed ? false : null,
      found: plan.credentials.filter((c) => c.source !== 'none'),
      tokenCommand: tokenCommand(plan),
      sso: sso === null || sso.status === 'skipped' ? null : { status: sso.status, summary: sso.summary, expiresAt: typeof expires === 'string' ? expires : null },
      problems,
    },
    codex: { bin: plan.bin, ...codex },
    launch: plan.refusal === null && plan.bin !== null,
    exitStatus: plan.refusal === null ? 0 : plan.refusal.status,
  };
}
