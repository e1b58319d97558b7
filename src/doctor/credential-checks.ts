// Whether each place cx takes credentials from can be used: $CODEX_HOME/.env (permissions), the
// OS keyring (answers, unlocked, within its bound), and which credentials the plan found. Names and
// sources only: never a value.
import { statSync } from 'node:fs';
import type { PlanWithCredentials } from '../credentials/apply-credentials.ts';
import type { EnvFile } from '../credentials/env-file.ts';
import type { KeyringRead } from '../credentials/keyring-api.ts';
import { type Check, cxCheck } from './check.ts';
import { credentialLines } from '../credentials/credential-lines.ts';

/** `$CODEX_HOME/.env`: readable by group or others is a warning (`chmod 600`), as ssh says of keys. */
export function envFileCheck(path: string, read: { ok: true; file: EnvFile | null } | { ok: false; message: string }): Check {
  if (!read.ok) return cxCheck('env-file', 'credentials', 'warning', read.message, 'fix or remove the file (codex loads it at start-up)', { file: path });
  const file = read.file;
  if (file === null) return cxCheck('env-file', 'credentials', 'ok', `no ${path}`, null, { file: path });
  const mode = (statSync(file.path, { throwIfNoEntry: false })?.mode ?? 0) & 0o777;
  const details = { file: file.path, mode: mode.toString(8).padStart(4, '0'), names: [...file.values.keys()].sort(), ...(file.dropped.length > 0 ? { 'dropped by codex': file.dropped } : {}) };
  if (file.tooOpen) return cxCheck('env-file', 'credentials', 'warning', `${file.path} is readable by group or others (mode ${details.mode})`, `chmod 600 ${file.path}`, details);
  const dropped = file.dropped.length > 0 ? `; codex drops ${file.dropped.join(', ')} from it (CODEX_ names)` : '';
  return cxCheck('env-file', 'credentials', dropped === '' ? 'ok' : 'warning', `${file.path} is private (mode ${details.mode}), ${file.values.size} variable${file.values.size === 1 ? '' : 's'}${dropped}`, null, details);
}

const KEYRING_FIX: Readonly<Record<Exclude<KeyringRead['status'], 'ok' | 'not-installed'>, string>> = {
  unavailable: 'cx secret needs the OS keyring (on Linux: a Secret Service such as gnome-keyring on the session D-Bus); secrets in the environment or $CODEX_HOME/.env need none',
  locked: 'unlock it (log in to the desktop session, or unlock the "login" keyring)',
  timeout: 'the keyring daemon may be hung; CX_KEYRING_TIMEOUT_MS sets the wait',
};

/**
 * The keyring, probed the way `cx secret` reads it (its canary entry tells locked from empty).
 * `inUse`: cx has stored a secret on this machine, so an unusable keyring hides one. `keytarSetup`:
 * the command that installs keytar here, for when it is not installed.
 */
export function keyringCheck(read: KeyringRead, inUse: boolean, timeoutMs: number, keytarSetup: () => string): Check {
  const details = { bound: `${timeoutMs} ms (CX_KEYRING_TIMEOUT_MS)`, 'cx secrets stored here': inUse ? 'yes' : 'not that cx knows of' };
  if (read.status === 'ok') return cxCheck('keyring', 'credentials', 'ok', 'the OS keyring answers and is unlocked', null, details);
  const what = { unavailable: 'is not available', 'not-installed': 'is not available', locked: 'is locked', timeout: 'did not answer in time' }[read.status];
  const stored = inUse ? '; secrets stored with `cx secret` cannot be read' : '';
  const fix = read.status === 'not-installed' ? `cx works without it (secrets in the environment or $CODEX_HOME/.env); to install keytar: ${keytarSetup()}` : KEYRING_FIX[read.status];
  return cxCheck('keyring', 'credentials', 'warning', `the OS keyring ${what}${read.detail ? ` (${read.detail})` : ''}${stored}`, fix, details);
}

/** Which credentials the plan found for the selected provider, and how codex gets them. */
export function credentialsCheck(plan: PlanWithCredentials | null, planError: string | null): Check {
  if (plan === null) return cxCheck('credentials', 'credentials', 'skipped', `not looked up: cx could not plan a launch here (${planError ?? 'see cx.plan'})`);
  const provider = plan.settings.provider;
  if (!plan.runtime) return cxCheck('credentials', 'credentials', 'skipped', 'not looked up: this codex command runs no model', null, { provider });
  if (plan.refusal !== null && plan.credentials.length === 0) {
    return cxCheck('credentials', 'credentials', 'skipped', `not looked up: cx would not launch here (${plan.refusal.message})`, null, { provider });
  }
  const found = plan.credentials.filter((c) => c.source !== 'none');
  const missing = plan.credentials.filter((c) => c.source === 'none');
  // The words explain uses (credential-lines.ts).
  const details = { provider, credentials: credentialLines(plan.credentials) };
  if (plan.credentials.length === 0) return cxCheck('credentials', 'credentials', 'ok', `provider ${provider} needs no credential from cx`, null, details);
  const foundText = credentialLines(found).join('; ');
  if (missing.length === 0) return cxCheck('credentials', 'credentials', 'ok', `provider ${provider}: ${foundText}`, null, details);
  // Whether a missing one blocks is the plan's call (its findings); here it is only noted.
  const summary = `provider ${provider}: not found: ${missing.map((c) => c.name).join(', ')}${found.length > 0 ? `; found: ${foundText}` : ''}`;
  return cxCheck('credentials', 'credentials', 'warning', summary, 'see the findings below for where cx looked and how to store it', details);
}
