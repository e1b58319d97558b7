// What a profile's login home (profile-login-home.ts) links to the real CODEX_HOME: deciding only,
// no file system. Everything of codex's is shared (config.toml and the profile files, sessions,
// history, logs, skills, the .env file) except what belongs to one login.

/** cx's record in a login home: which profile and CODEX_HOME it was made for. */
export const LOGIN_MARKER = 'cx-login.json';

/**
 * What one login owns: codex's auth.json (and the temp and lock files codex writes beside it),
 * and the model list cached for that account (a ChatGPT plan and an API key see different models).
 */
export function isPerLogin(name: string): boolean {
  return name === 'auth.json' || name.startsWith('auth.json.') || name === 'auth.lock' || name === 'models_cache.json' || name === LOGIN_MARKER;
}

/**
 * Directories codex creates in its home on a run, made in the real CODEX_HOME before the link to
 * them: otherwise the first run with a profile login would create them in the login home, and
 * what codex writes there (sessions, logs) would not be shared.
 */
export const SHARED_DIRS = ['sessions', 'archived_sessions', 'log', 'shell_snapshots'] as const;

/**
 * Files linked even before they exist: codex opens them to append, creating them, and the open
 * follows the link, so the file is created in the real CODEX_HOME. (Its SQLite databases go there
 * through CODEX_SQLITE_HOME instead: SQLite writes journal files beside the database.)
 */
export const SHARED_FILES = ['history.jsonl'] as const;

/**
 * The names to link from the login home to the real CODEX_HOME: every entry of the real home and
 * the shared names above, less what one login owns and what the login home already has (a link
 * made earlier, or a file codex wrote there before the real home had one: left as it is). Sorted.
 */
export function namesToLink(realEntries: readonly string[], loginEntries: readonly string[]): string[] {
  const have = new Set(loginEntries);
  const wanted = new Set([...realEntries, ...SHARED_DIRS, ...SHARED_FILES]);
  return [...wanted].filter((name) => !isPerLogin(name) && !have.has(name) && name !== '.' && name !== '..').sort();
}
