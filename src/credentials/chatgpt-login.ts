import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Whether codex has a ChatGPT login stored: `$CODEX_HOME/auth.json` (its file store). cx never
 * reads or changes it. Logins kept only in codex's own keyring entry ("Codex Auth") are not seen
 * here (a known gap: cx then treats the run as needing an API key and only warns).
 */
export function hasChatgptLogin(codexHome: string): boolean {
  return existsSync(join(codexHome, 'auth.json'));
}
