// The credential lines explain and doctor print: one per source (AWS keys that come together share
// one), naming where the credential really comes from, how long it lasts and how codex gets it. Pure.
import type { Credential, Delivery } from './resolve-credentials.ts';

const DELIVERY: Readonly<Record<Delivery, string>> = {
  env: 'already in codex’s environment',
  'codex-home-env': 'codex loads it from $CODEX_HOME/.env',
  'env-excluded': 'set for codex, kept from its tools',
  login: 'codex uses its stored login',
  'codex-aws-sdk': 'codex resolves the AWS profile itself (cx checked it)',
  'codex-auth-command': 'codex runs the command itself (cx ran it once to check)',
  none: 'unavailable (see the findings)',
};

export function credentialLines(credentials: readonly Credential[]): string[] {
  const groups = new Map<string, Credential[]>();
  for (const c of credentials) {
    const key = `${c.from}\0${c.delivery}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as Credential;
    // A token command's origin already names it: "token command az (Entra ID), expires at …".
    const names = first.origin.kind === 'token-command' ? '' : `${group.map((c) => c.name).join(', ')}: `;
    return `${names}${first.from}; ${DELIVERY[first.delivery]}`;
  });
}
