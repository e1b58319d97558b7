import type { CodexConfig } from '../config/codex-config.ts';
import type { Env } from '../config/home-dirs.ts';
import type { PlanWithCredentials } from '../credentials/apply-credentials.ts';
import type { Finding } from '../plan/finding.ts';
import { checkCapabilities } from './check-capabilities.ts';
import { classify } from './classify.ts';
import { configMistakes } from './config-mistakes.ts';
import { decideRefusal } from './decide-refusal.ts';
import { type RunAsks, runAsks } from './run-asks.ts';
import type { CapabilityTable } from './table.ts';

/** What the check stage adds to a plan. */
export interface CheckedPlan extends PlanWithCredentials {
  /** The capability table's row for this run and what the run asks for; null when not checked. */
  compat: { row: string; why: string; asks: RunAsks } | null;
  /** Profiles tried when the selected one failed preflight (empty when no fallback was needed). */
  failover: FailoverStep[];
}

export interface FailoverStep {
  profile: string;
  outcome: 'failed' | 'selected' | 'not-tried';
  /** The codes of the error findings that made it fail. */
  codes: string[];
}

export interface PreflightContext {
  /** The table, built only when a check runs (a plain `codex --version` needs none). */
  table: () => CapabilityTable;
  env: Env;
  chatgptLogin: () => boolean;
  force: boolean;
}

/**
 * Whether the compatibility check applies: codex runs a model, or `codex cloud` needs its login.
 * It runs even when an earlier stage refused, so explain and doctor show every problem at once.
 */
export function needsPreflight(plan: PlanWithCredentials): boolean {
  return plan.runtime || plan.shape.subcommand === 'cloud';
}

function profileSource(plan: PlanWithCredentials): { path: string; data: PlanWithCredentials['layers']['profile']; text: string | null; legacyAt?: string } | null {
  const resolved = plan.resolved;
  const definition = resolved.kind === 'file' || resolved.kind === 'legacy' ? resolved.definition : resolved.kind === 'both' ? resolved.file : null;
  if (definition === null) return null;
  return { path: definition.path, data: definition.data, text: definition.text ?? null, ...(definition.kind === 'legacy' ? { legacyAt: definition.at } : {}) };
}

function mistakes(plan: PlanWithCredentials, config: CodexConfig, env: Env, chatgptLogin: boolean): Finding[] {
  return configMistakes({
    codexConfig: config,
    profile: profileSource(plan),
    merged: plan.settings.merged,
    provider: plan.settings.provider,
    env,
    chatgptLogin,
    strict: plan.strict,
  });
}

/**
 * The check stage: what this provider, model and region cannot do for what the run asks, and the
 * configuration mistakes codex-facts.md lists. Errors refuse the launch (78 when codex itself
 * would reject the configuration, else 69) unless `--cx-force`, which launches and says so.
 */
export function preflight(plan: PlanWithCredentials, context: PreflightContext): CheckedPlan {
  if (!needsPreflight(plan)) return { ...plan, compat: null, failover: [] };
  const table = context.table();
  const chatgptLogin = context.chatgptLogin();
  const classified = classify(plan.settings, table, chatgptLogin);
  const asks = runAsks(plan.settings, plan.shape, [plan.layers.config, plan.layers.profile], plan.layers.args);
  const exec = plan.shape.subcommand === 'exec' || plan.shape.subcommand === 'e';
  const capabilities = checkCapabilities(table, classified, asks, exec, plan.strict);
  const found = [...mistakes(plan, plan.codexConfig, context.env, chatgptLogin), ...capabilities.findings];
  const findings = [...plan.findings, ...found];
  const decided = decideRefusal(plan.refusal, findings, found, context.force);
  if (decided.forced) findings.push(decided.forced);
  const refusal = decided.refusal;
  // cx's own -c go in front, as root options: the arguments themselves stay byte for byte.
  return { ...plan, args: [...capabilities.args, ...plan.args], findings, refusal, compat: { row: classified.row.id, why: classified.why, asks }, failover: [] };
}
