// `cx status --prompt`: a few characters for a shell prompt, at every prompt, so it stays within the
// completion budget: no codex run, no keyring (keytar), no AWS SDK, no network. Readiness is judged
// from what files and the environment say; a key kept in the keyring counts as there when cx has
// stored secrets on this machine (opening the keyring would cost more than the whole budget). Pure.
import type { Requirement } from '../credentials/requirements.ts';
import type { CheckStatus } from '../doctor/check.ts';

export interface PromptFacts {
  requirement: Requirement;
  /** Whether the variable is set (non-empty) in the environment or in `$CODEX_HOME/.env`. */
  has: (name: string) => boolean;
  /** Whether `cx secret set` has stored anything here (its marker file). */
  keyringInUse: boolean;
  /** Whether codex has a ChatGPT login stored ($CODEX_HOME/auth.json). */
  chatgptLogin: boolean;
  /** The SSO check of the AWS profile, when the provider signs in through one (doctor/aws-sso.ts). */
  sso: CheckStatus | null;
}

/** The mark shown after the profile when a run here would lack credentials. */
export const NOT_READY_MARK = '!';
/** What the prompt shows when no profile is selected. */
export const NO_PROFILE = '-';

/** Whether the credentials look ready, as far as files and the environment tell. */
export function promptReady(facts: PromptFacts): boolean {
  const { requirement, has, keyringInUse } = facts;
  switch (requirement.kind) {
    case 'none':
      return true;
    // Only running the command would tell, and a prompt runs nothing: codex runs it (and again on a 401).
    case 'token-command':
      return true;
    case 'env-key':
      return has(requirement.name) || keyringInUse;
    case 'openai':
      return facts.chatgptLogin || has('CODEX_API_KEY') || has('OPENAI_API_KEY') || keyringInUse;
    case 'aws':
      if (has('AWS_BEARER_TOKEN_BEDROCK')) return true;
      return facts.sso !== 'fail';
  }
}

/** The mark shown when cx cannot tell (a profile that does not exist, a config it cannot read). */
export const UNKNOWN_MARK = '?';

/** `work`, `work!` (credentials not ready), `work?` (cannot tell: ready null), or `-` when no profile is selected. */
export function promptText(profile: string | null, ready: boolean | null): string {
  return `${profile ?? NO_PROFILE}${ready === null ? UNKNOWN_MARK : ready ? '' : NOT_READY_MARK}`;
}
