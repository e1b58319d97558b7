import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { isValidProfileName } from '../select/profile-name.ts';
import { type Env, codexHome } from './home-dirs.ts';
import { type TomlFile, type TomlTable, isTable, locate, readTomlFile } from './toml-file.ts';

export const PROFILE_SUFFIX = '.config.toml';

/** A profile as codex could see it: a `NAME.config.toml` file, or a legacy `[profiles.NAME]` table. */
export interface ProfileDefinition {
  name: string;
  kind: 'file' | 'legacy';
  /** The profile file, or `config.toml:LINE` for a legacy table. */
  at: string;
  /** The file the settings live in. */
  path: string;
  data: TomlTable;
  /** The text of the file the settings live in (for line numbers in messages). */
  text?: string;
}

export interface CodexConfig {
  home: string;
  configPath: string;
  /** config.toml as read (null when there is none). */
  file: TomlFile | null;
  /** config.toml's settings without the legacy `profiles` tables. */
  base: TomlTable;
  /** Profile files in $CODEX_HOME, by name (read only when used). */
  profileFiles: ReadonlyMap<string, string>;
  /** Legacy `[profiles.NAME]` tables, by name. */
  legacy: ReadonlyMap<string, ProfileDefinition>;
}

function lineOfTableHeader(text: string, name: string): number | null {
  const lines = text.split('\n');
  const escaped = name.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  const header = new RegExp(`^\\s*\\[\\s*profiles\\s*\\.\\s*(?:${escaped}|"${escaped}"|'${escaped}')\\s*[\\].]`);
  for (let i = 0; i < lines.length; i += 1) if (header.test(lines[i] ?? '')) return i + 1;
  return null;
}

function listProfileFiles(home: string): Map<string, string> {
  const files = new Map<string, string>();
  let names: string[];
  try {
    names = readdirSync(home);
  } catch {
    return files; // no CODEX_HOME yet: no profiles
  }
  for (const entry of names.sort()) {
    if (!entry.endsWith(PROFILE_SUFFIX)) continue;
    const name = entry.slice(0, -PROFILE_SUFFIX.length);
    // config.toml itself is not a profile; neither is a name codex cannot select.
    if (isValidProfileName(name)) files.set(name, join(home, entry));
  }
  return files;
}

/** Reads $CODEX_HOME/config.toml and lists the profiles; profile files are read when selected. */
export function loadCodexConfig(env: Env): CodexConfig {
  const home = codexHome(env);
  const configPath = join(home, 'config.toml');
  const file = readTomlFile(configPath, "codex's config");
  const base: TomlTable = { ...(file?.data ?? {}) };
  const legacy = new Map<string, ProfileDefinition>();
  const profiles = base['profiles'];
  delete base['profiles'];
  if (file && profiles !== undefined) {
    const fix = "fix codex's config (each profile is a [profiles.NAME] table, or better a NAME.config.toml file)";
    if (!isTable(profiles)) throw new CxError(`${locate(file, 'profiles')}: \`profiles\` must be a table of [profiles.NAME] tables`, EXIT.config, fix);
    for (const [name, data] of Object.entries(profiles)) {
      if (!isTable(data)) throw new CxError(`${locate(file, name)}: \`profiles.${name}\` must be a table`, EXIT.config, fix);
      const line = lineOfTableHeader(file.text, name);
      legacy.set(name, { name, kind: 'legacy', at: line === null ? configPath : `${configPath}:${line}`, path: configPath, data, text: file.text });
    }
  }
  return { home, configPath, file, base, profileFiles: listProfileFiles(home), legacy };
}

/** Every profile name codex could be given, sorted. */
export function profileNames(config: CodexConfig): string[] {
  return [...new Set([...config.profileFiles.keys(), ...config.legacy.keys()])].sort();
}

/** Reads the profile file for `name`, if there is one. */
export function readProfileFile(config: CodexConfig, name: string): ProfileDefinition | null {
  const path = config.profileFiles.get(name);
  if (path === undefined) return null;
  const file = readTomlFile(path, `profile \`${name}\``);
  if (file === null) return null; // removed since the listing
  return { name, kind: 'file', at: path, path, data: file.data, text: file.text };
}

/** config.toml and every profile (files and legacy tables) that reads: the user's own settings. */
export function userTables(config: CodexConfig): TomlTable[] {
  const tables = [config.base, ...[...config.legacy.values()].map((definition) => definition.data)];
  for (const name of config.profileFiles.keys()) {
    try {
      const file = readProfileFile(config, name);
      if (file) tables.push(file.data);
    } catch {
      // a profile file that does not parse names nothing; selecting it says why
    }
  }
  return tables;
}
