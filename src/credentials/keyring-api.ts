// The keyring as the rest of cx sees it (implemented in keyring.ts over keytar). Every call is
// bounded in time and never throws for an absent, locked or hung keyring: it says which.

export const KEYRING_SERVICE = 'cx';

/**
 * keyring.ts keeps its per-process state on globalThis under this key (each bundle has its own copy
 * of that module). Readable here so that main() can ask without loading keyring.ts itself.
 */
export const KEYRING_STATE_KEY = Symbol.for('cx.keyring.state');

/** Whether a keyring call made in this process timed out (keyring.ts sets `hung`). */
export function keyringTimedOut(): boolean {
  const state = (globalThis as Record<symbol, unknown>)[KEYRING_STATE_KEY];
  return typeof state === 'object' && state !== null && 'hung' in state && state.hung !== null;
}

/**
 * 'not-installed': keytar, cx's binding to the keyring, is missing or cannot be loaded (it is an
 * optional dependency: npm leaves it out where its native build fails).
 */
export type KeyringStatus = 'ok' | 'unavailable' | 'not-installed' | 'locked' | 'timeout';

export interface KeyringRead {
  value: string | null;
  status: KeyringStatus;
  /** One line on why the keyring could not answer (never a secret). */
  detail: string | null;
}

/** The keyring account for a secret named by its environment variable, optionally for one profile. */
export function secretAccount(name: string, profile: string | null): string {
  return profile === null ? name : `${profile}/${name}`;
}

/**
 * A file (empty, 0600) that `cx secret set` leaves in cx's state directory. Optional lookups (an
 * OpenAI key when there is no login, a Bedrock bearer token before the AWS chain) ask the keyring
 * only when it exists, so a launch on a machine where cx never stored a secret loads no keyring.
 */
export function keyringInUseMarker(stateDirectory: string): string {
  return `${stateDirectory}/keyring-in-use`;
}
