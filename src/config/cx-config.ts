import { isAbsolute, join } from 'node:path';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { describeInvalidProfileName, isValidProfileName } from '../select/profile-name.ts';
import { type Env, cxConfigPath, userHome } from './home-dirs.ts';
import { type Rule, parseRules } from './cx-rules.ts';
import { type CapabilityTable, TableError, builtinTable, withOverrides } from '../compat/table.ts';
import { type TomlFile, isTable, lineOfKey, locate, readTomlFile } from './toml-file.ts';

/** A value read from cx's config, with where it was written (for messages and explain). */
export interface Located<T> {
  value: T;
  /** `file:line`, or the file when the line cannot be told. */
  at: string;
}

export interface CxConfig {
  /** The file this came from, or null when there is none. */
  path: string | null;
  defaultProfile: Located<string> | null;
  codexBin: Located<string> | null;
  rules: Rule[];
  /** `[fallbacks]`: for a profile, the profiles to try in order when it fails preflight. */
  fallbacks: Record<string, Located<string[]>>;
  /** The capability table with `[compat]` laid over it; null when cx's config has no `[compat]`. */
  compat: CapabilityTable | null;
}

const KNOWN_KEYS = ['default_profile', 'codex_bin', 'rules', 'fallbacks', 'compat'];
const COMPAT_KEYS = ['rows', 'reasoning_efforts'];

export const EMPTY_CX_CONFIG: CxConfig = { path: null, defaultProfile: null, codexBin: null, rules: [], fallbacks: {}, compat: null };

function bad(file: TomlFile, key: string, problem: string): CxError {
  return new CxError(`${locate(file, key)}: ${problem}`, EXIT.config, 'fix cx\'s config file and run cx again');
}

function optionalString(file: TomlFile, key: string): Located<string> | null {
  const value = file.data[key];
  if (value === undefined) return null;
  if (typeof value !== 'string') throw bad(file, key, `\`${key}\` must be a string`);
  return { value, at: locate(file, key) };
}

/** `~` and `~/…` mean the user's home, as in a shell; other relative paths are relative to the file. */
function expandPath(value: string, env: Env, file: TomlFile): string {
  if (value === '~') return userHome(env);
  if (value.startsWith('~/')) return join(userHome(env), value.slice(2));
  return isAbsolute(value) ? value : join(file.path, '..', value);
}

export function parseCxConfig(file: TomlFile, env: Env): CxConfig {
  for (const key of Object.keys(file.data)) {
    if (!KNOWN_KEYS.includes(key)) {
      throw bad(file, key, `unknown key \`${key}\` in cx's config (known: ${KNOWN_KEYS.join(', ')})`);
    }
  }
  const defaultProfile = optionalString(file, 'default_profile');
  if (defaultProfile && !isValidProfileName(defaultProfile.value)) {
    throw bad(file, 'default_profile', describeInvalidProfileName(defaultProfile.value));
  }
  const codexBin = optionalString(file, 'codex_bin');
  if (codexBin && codexBin.value === '') throw bad(file, 'codex_bin', '`codex_bin` is empty');
  const rules = file.data['rules'] ?? [];
  if (!Array.isArray(rules)) throw bad(file, 'rules', '`rules` must be an array of tables ([[rules]])');
  return {
    path: file.path,
    defaultProfile,
    codexBin: codexBin && { value: expandPath(codexBin.value, env, file), at: codexBin.at },
    rules: parseRules(rules, file, env),
    fallbacks: parseFallbacks(file),
    compat: parseCompat(file),
  };
}

function parseFallbacks(file: TomlFile): CxConfig['fallbacks'] {
  const fallbacks = file.data['fallbacks'] ?? {};
  if (!isTable(fallbacks)) throw bad(file, 'fallbacks', '`fallbacks` must be a table ([fallbacks])');
  const parsed: CxConfig['fallbacks'] = {};
  for (const [profile, list] of Object.entries(fallbacks)) {
    if (!isValidProfileName(profile)) throw bad(file, profile, `[fallbacks]: ${describeInvalidProfileName(profile)}`);
    const example = `${profile} = ["other", "another"]`;
    if (!Array.isArray(list) || !list.every((name): name is string => typeof name === 'string')) throw bad(file, profile, `[fallbacks] \`${profile}\` must be a list of profile names, e.g. ${example}`);
    for (const name of list) {
      if (!isValidProfileName(name)) throw bad(file, profile, `[fallbacks] \`${profile}\`: ${describeInvalidProfileName(name)}`);
      if (name === profile) throw bad(file, profile, `[fallbacks] \`${profile}\` names itself`);
    }
    parsed[profile] = { value: list, at: locate(file, profile) };
  }
  return parsed;
}

function quoted(name: string): string {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `(?:${escaped}|"${escaped}"|'${escaped}')`;
}

/**
 * The line of `rows.ID[.KEY…]` under [compat]: the key within the row's own tables (its header
 * `[compat.rows.ID]` and subtables like `[compat.rows.ID.features]`), else the row's header. A key's
 * last part alone is not enough: rows share key names, and inline tables hide them.
 */
function lineOfCompatKey(text: string, key: string): number | null {
  const [rows, id, ...rest] = key.split('.');
  if (rows !== 'rows' || id === undefined) return lineOfKey(text, key.split('.').at(-1) ?? key);
  const header = new RegExp(`^\\s*\\[\\s*compat\\s*\\.\\s*rows\\s*\\.\\s*${quoted(id)}\\s*[\\].]`);
  const lines = text.split('\n');
  const start = lines.findIndex((line) => header.test(line));
  if (start < 0) return null;
  // The innermost key that is written on a line of its own: `web_search = …` or `features = { … }`.
  for (const part of [...rest].reverse()) {
    const assignment = new RegExp(`^\\s*${quoted(part)}\\s*=`);
    for (let i = start + 1; i < lines.length; i += 1) {
      const line = lines[i] ?? '';
      if (/^\s*\[/.test(line) && !header.test(line)) break;
      if (assignment.test(line)) return i + 1;
    }
  }
  return start + 1;
}

/** `[compat]`: rows laid over the shipped capability table, checked now so a mistake names its line. */
function parseCompat(file: TomlFile): CapabilityTable | null {
  const compat = file.data['compat'];
  if (compat === undefined) return null;
  if (!isTable(compat)) throw bad(file, 'compat', '`compat` must be a table ([compat])');
  for (const key of Object.keys(compat)) {
    if (!COMPAT_KEYS.includes(key)) throw bad(file, key, `unknown key \`${key}\` in [compat] (known: ${COMPAT_KEYS.join(', ')})`);
  }
  const rows = compat['rows'] ?? {};
  if (!isTable(rows)) throw bad(file, 'rows', '`compat.rows` must be a table of [compat.rows.ID] tables');
  const efforts = compat['reasoning_efforts'];
  if (efforts !== undefined && (!Array.isArray(efforts) || !efforts.every((e): e is string => typeof e === 'string'))) {
    throw bad(file, 'reasoning_efforts', '`compat.reasoning_efforts` must be a list of strings');
  }
  try {
    return withOverrides(builtinTable(), { rows, reasoningEfforts: efforts ?? null });
  } catch (error) {
    if (error instanceof TableError) {
      const message = `[compat] ${error.message.replace(/`rows\./g, '`compat.rows.')}`;
      const line = lineOfCompatKey(file.text, error.key);
      throw new CxError(`${line === null ? file.path : `${file.path}:${line}`}: ${message}`, EXIT.config, "fix cx's config file and run cx again");
    }
    throw error;
  }
}

/** Loads cx's config; no file means an empty config. */
export function loadCxConfig(env: Env): CxConfig {
  const file = readTomlFile(cxConfigPath(env), "cx's config");
  return file ? parseCxConfig(file, env) : EMPTY_CX_CONFIG;
}
