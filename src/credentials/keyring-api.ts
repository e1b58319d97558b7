// The keyring as the rest of cx sees it (implemented in keyring.ts over keytar). Every call is
// bounded in time and never throws for an absent, locked or hung keyring: it says which.

export const KEYRING_SERVICE = 'cx';

export type KeyringStatus = 'ok' | 'unavailable' | 'locked' | 'timeout';

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
