import { statSync } from 'node:fs';
import { join } from 'node:path';

export type Env = Readonly<Record<string, string | undefined>>;

/** A variable counts as set only when non-empty, as codex treats CODEX_HOME. */
export function envValue(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

export function userHome(env: Env): string {
  // node:os only when HOME is unset: loading it costs a launch ~0.4 ms.
  return envValue(env, 'HOME') ?? process.getBuiltinModule('node:os').homedir();
}

/** codex's home: `$CODEX_HOME` if set and non-empty, else `~/.codex`. */
export function codexHome(env: Env): string {
  return envValue(env, 'CODEX_HOME') ?? join(userHome(env), '.codex');
}

/**
 * What is wrong with `$CODEX_HOME`, if it is set: codex 0.169 refuses to start when it does not
 * exist or is not a directory (an unset one, ~/.codex, it creates). Null when it is fine or unset.
 */
export function codexHomeProblem(env: Env): string | null {
  const home = envValue(env, 'CODEX_HOME');
  if (home === undefined) return null;
  try {
    return statSync(home).isDirectory() ? null : `CODEX_HOME is ${home}, which is not a directory`;
  } catch {
    return `CODEX_HOME points to ${home}, which does not exist`;
  }
}

/** cx's config file: `$CX_CONFIG`, else `$XDG_CONFIG_HOME/cx/config.toml` (default `~/.config`). */
export function cxConfigPath(env: Env): string {
  const explicit = envValue(env, 'CX_CONFIG');
  if (explicit !== undefined) return explicit;
  const base = envValue(env, 'XDG_CONFIG_HOME') ?? join(userHome(env), '.config');
  return join(base, 'cx', 'config.toml');
}
