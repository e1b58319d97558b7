// What `cx __complete WHAT` prints: pure functions from what was read to the lines to print. A
// completion script splits the output on newlines and hands words to the shell, so only names
// that are safe as one shell word ever get out (profile names and variable names are).
import { type CodexConfig, profileNames } from '../config/codex-config.ts';
import { isValidProfileName } from '../select/profile-name.ts';

/** Every profile codex could be given (files and legacy tables), each a name codex accepts. */
export function profileValues(config: CodexConfig): string[] {
  return profileNames(config).filter(isValidProfileName);
}

/** A stored secret as `cx secret` names it (src/cli/secret.ts entryOf: NAME, or PROFILE/NAME). */
export interface SecretEntry {
  name: string;
  profile: string | null;
}

export type SecretVerb = 'get' | 'rm';

/**
 * The NAMEs `cx secret VERB NAME [--profile P]` can act on: `rm` removes the entry of exactly that
 * scope; `get` finds the profile's entry or else the global one, so both kinds are offered.
 */
export function secretValues(entries: readonly (SecretEntry | null)[], verb: SecretVerb, profile: string | null): string[] {
  const names = new Set<string>();
  for (const entry of entries) {
    if (entry === null) continue;
    const fits = entry.profile === profile || (verb === 'get' && entry.profile === null);
    if (fits) names.add(entry.name);
  }
  return [...names].sort();
}

/** The shells cx ships a script for (completions/cx.SHELL); codex's own covers the others. */
export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

export function isCompletionShell(word: string | undefined): word is CompletionShell {
  return (COMPLETION_SHELLS as readonly string[]).includes(word ?? '');
}
