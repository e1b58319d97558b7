import type { CxConfig } from '../config/cx-config.ts';
import { type Env, envValue } from '../config/home-dirs.ts';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import type { RuleVerdict } from './match-rules.ts';
import { describeInvalidProfileName, isValidProfileName } from './profile-name.ts';

export type ProfileSource =
  | 'flag'
  | 'plus'
  | 'env:CX_PROFILE'
  | 'env:CODEX_PROFILE'
  | 'cxrc'
  | 'rule'
  | 'default'
  | 'fallback'
  | 'none';

/** One source consulted, in precedence order, and what it did. */
export interface SelectionStep {
  source: ProfileSource;
  /** The profile this source names, if it names one. */
  value: string | null;
  /** `ignored`: it names a profile but may not select (an untrusted .cxrc). */
  outcome: 'decided' | 'shadowed' | 'unset' | 'ignored';
  /** Where the value was written (a flag, a variable, file:line). */
  at: string | null;
  /** Why it decided or passed, when there is more to say. */
  note: string | null;
}

export interface Selection {
  name: string | null;
  source: ProfileSource;
  at: string | null;
  steps: SelectionStep[];
}

/** A .cxrc that names a profile, as far as selection cares. */
export interface CxrcChoice {
  path: string;
  /** The profile it names, or null when that profile does not exist (never shown: product.md). */
  profile: string | null;
  at: string | null;
  trusted: boolean;
}

export interface SelectionInput {
  /** `-p/--profile` already present in codex's arguments. */
  explicitProfile: string | null;
  plusProfile: string | null;
  env: Env;
  config: CxConfig;
  /** Every .cxrc that names a profile, from the run's directory up (nearest first). */
  cxrcs: readonly CxrcChoice[];
  rules: { matched: RuleVerdict | null; looked: number };
}

interface Candidate {
  source: Exclude<ProfileSource, 'none'>;
  value: string | null;
  at: string | null;
  /** False when the source names a profile but may not select it. */
  allowed: boolean;
  note: string | null;
}

/**
 * One candidate per .cxrc that names a profile, nearest first: only a trusted one may select, so
 * the nearest trusted one decides and a nearer untrusted one is ignored (with a warning).
 */
function cxrcCandidates(cxrcs: readonly CxrcChoice[]): Candidate[] {
  if (cxrcs.length === 0) return [{ source: 'cxrc', value: null, at: null, allowed: true, note: 'no .cxrc here or above selects a profile' }];
  return cxrcs.map((cxrc) => {
    if (cxrc.profile === null) {
      return { source: 'cxrc', value: null, at: cxrc.at, allowed: true, note: `${cxrc.at ?? cxrc.path} names a profile that does not exist (not shown)` };
    }
    return {
      source: 'cxrc',
      value: cxrc.profile,
      at: cxrc.at,
      allowed: cxrc.trusted,
      note: cxrc.trusted ? 'trusted' : `not trusted: run \`cx trust ${cxrc.path}\` after reading it`,
    };
  });
}

function ruleCandidate(rules: SelectionInput['rules']): Candidate {
  const verdict = rules.matched;
  if (verdict === null) {
    return { source: 'rule', value: null, at: null, allowed: true, note: rules.looked === 0 ? 'no rules' : `none of ${rules.looked} rules matched` };
  }
  return { source: 'rule', value: verdict.rule.profile, at: verdict.rule.at, allowed: true, note: `rule ${verdict.rule.index} matched: ${verdict.reason}` };
}

/**
 * Chooses the profile for this run: the first source, in product.md's precedence order, that names
 * one and may select it. Pure: everything it reads is passed in.
 */
export function selectProfile(input: SelectionInput): Selection {
  const { env, config } = input;
  const candidates: Candidate[] = [
    { source: 'flag', value: input.explicitProfile, at: '-p/--profile in the arguments', allowed: true, note: null },
    { source: 'plus', value: input.plusProfile, at: input.plusProfile === null ? null : `+${input.plusProfile}`, allowed: true, note: null },
    { source: 'env:CX_PROFILE', value: envValue(env, 'CX_PROFILE') ?? null, at: 'environment variable CX_PROFILE', allowed: true, note: null },
    { source: 'env:CODEX_PROFILE', value: envValue(env, 'CODEX_PROFILE') ?? null, at: 'environment variable CODEX_PROFILE', allowed: true, note: null },
    ...cxrcCandidates(input.cxrcs),
    ruleCandidate(input.rules),
    { source: 'default', value: config.defaultProfile?.value ?? null, at: config.defaultProfile?.at ?? null, allowed: true, note: null },
  ];

  const steps: SelectionStep[] = [];
  let chosen: Candidate | null = null;
  for (const candidate of candidates) {
    const { source, value, at, note } = candidate;
    if (value === null) steps.push({ source, value: null, outcome: 'unset', at, note });
    else if (!candidate.allowed) steps.push({ source, value, outcome: 'ignored', at, note });
    else if (chosen === null) {
      chosen = candidate;
      steps.push({ source, value, outcome: 'decided', at, note });
    } else steps.push({ source, value, outcome: 'shadowed', at, note });
  }

  if (chosen === null) return { name: null, source: 'none', at: null, steps };
  // codex validates its own -p; a name cx would pass on must be one codex accepts.
  if (chosen.source.startsWith('env:') && !isValidProfileName(chosen.value as string)) {
    throw new CxError(
      `${chosen.at}: ${describeInvalidProfileName(chosen.value as string)}`,
      EXIT.usage,
      `set ${chosen.source.slice(4)} to a profile name, or unset it`,
    );
  }
  return { name: chosen.value, source: chosen.source, at: chosen.at, steps };
}

/** The selection after preflight failover: `name` from `[fallbacks]`, in place of the profile that failed. */
export function fallbackSelection(original: Selection, name: string, at: string, why: string): Selection {
  const step: SelectionStep = { source: 'fallback', value: name, outcome: 'decided', at, note: why };
  const steps = original.steps.map((s) => (s.outcome === 'decided' ? { ...s, outcome: 'shadowed' as const, note: `failed preflight${s.note ? `; ${s.note}` : ''}` } : s));
  return { name, source: 'fallback', at, steps: [...steps, step] };
}
