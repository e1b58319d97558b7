import type { CxConfig } from '../config/cx-config.ts';
import { type Env, envValue } from '../config/home-dirs.ts';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { describeInvalidProfileName, isValidProfileName } from './profile-name.ts';

export type ProfileSource =
  | 'flag'
  | 'plus'
  | 'env:CX_PROFILE'
  | 'env:CODEX_PROFILE'
  | 'cxrc'
  | 'rule'
  | 'default'
  | 'none';

/** One source consulted, in precedence order, and what it did. */
export interface SelectionStep {
  source: ProfileSource;
  /** The profile this source names, if it names one. */
  value: string | null;
  outcome: 'decided' | 'shadowed' | 'unset';
  /** Where the value was written (a flag, a variable, file:line). */
  at: string | null;
}

export interface Selection {
  name: string | null;
  source: ProfileSource;
  at: string | null;
  steps: SelectionStep[];
}

export interface SelectionInput {
  /** `-p/--profile` already present in codex's arguments. */
  explicitProfile: string | null;
  plusProfile: string | null;
  env: Env;
  config: CxConfig;
}

interface Candidate {
  source: Exclude<ProfileSource, 'none'>;
  value: string | null;
  at: string | null;
}

/**
 * Chooses the profile for this run: the first source, in product.md's precedence order, that names
 * one. Pure: everything it reads is passed in.
 */
export function selectProfile(input: SelectionInput): Selection {
  const { env, config } = input;
  const candidates: Candidate[] = [
    { source: 'flag', value: input.explicitProfile, at: '-p/--profile in the arguments' },
    { source: 'plus', value: input.plusProfile, at: input.plusProfile === null ? null : `+${input.plusProfile}` },
    { source: 'env:CX_PROFILE', value: envValue(env, 'CX_PROFILE') ?? null, at: 'environment variable CX_PROFILE' },
    { source: 'env:CODEX_PROFILE', value: envValue(env, 'CODEX_PROFILE') ?? null, at: 'environment variable CODEX_PROFILE' },
    { source: 'default', value: config.defaultProfile?.value ?? null, at: config.defaultProfile?.at ?? null },
  ];

  const steps: SelectionStep[] = [];
  let chosen: Candidate | null = null;
  for (const candidate of candidates) {
    if (candidate.value === null) {
      steps.push({ source: candidate.source, value: null, outcome: 'unset', at: null });
      continue;
    }
    if (chosen === null) {
      chosen = candidate;
      steps.push({ source: candidate.source, value: candidate.value, outcome: 'decided', at: candidate.at });
    } else {
      steps.push({ source: candidate.source, value: candidate.value, outcome: 'shadowed', at: candidate.at });
    }
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
