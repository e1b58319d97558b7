import { homedir } from 'node:os';
import { join } from 'node:path';

export type Env = Readonly<Record<string, string | undefined>>;

/** A variable counts as set only when non-empty, as codex treats CODEX_HOME. */
export function envValue(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

export function userHome(env: Env): string {
  return envValue(env, 'HOME') ?? homedir();
}

/** codex's home: `$CODEX_HOME` if set and non-empty, else `~/.codex`. */
export function codexHome(env: Env): string {
  return envValue(env, 'CODEX_HOME') ?? join(userHome(env), '.codex');
}

/** cx's config file: `$CX_CONFIG`, else `$XDG_CONFIG_HOME/cx/config.toml` (default `~/.config`). */
export function cxConfigPath(env: Env): string {
  const explicit = envValue(env, 'CX_CONFIG');
  if (explicit !== undefined) return explicit;
  const base = envValue(env, 'XDG_CONFIG_HOME') ?? join(userHome(env), '.config');
  return join(base, 'cx', 'config.toml');
}
