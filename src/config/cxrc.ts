import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { describeInvalidProfileName, isValidProfileName } from '../select/profile-name.ts';
import { readTextFile } from './read-text-file.ts';
import { type TomlTable, isTable, lineOfKey } from './toml-file.ts';
import { errnoCode } from '../errno-code.ts';

export const CXRC_NAME = '.cxrc';
/** A .cxrc is a few lines; anything bigger is refused rather than read. */
export const CXRC_MAX_BYTES = 64 * 1024;

/** A restriction from `[require]`: always applies, trusted or not. */
export interface Restrictions {
  providers: string[] | null;
  regions: string[] | null;
  featuresOff: string[] | null;
  /** `path:line` of each key, for messages. */
  at: Readonly<Record<'providers' | 'regions' | 'features_off', string>>;
}

export interface Cxrc {
  /** Absolute path as found (not resolved through symlinks: trust is for this path). */
  path: string;
  content: string;
  profile: { value: string; at: string } | null;
  require: Restrictions | null;
}

/** The nearest .cxrc walking up from `cwd`, or null. */
export function findCxrc(cwd: string): string | null {
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, CXRC_NAME);
    try {
      statSync(candidate);
      return candidate; // whatever it is: reading it decides whether it is usable
    } catch (error) {
      const code = errnoCode(error);
      // A symlink loop or an unreadable entry is a .cxrc cx cannot read, not an absent one.
      if (code === 'ELOOP' || code === 'EACCES') return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function fail(path: string, problem: string, line: number | null = null): CxError {
  return new CxError(`${line === null ? path : `${path}:${line}`}: ${problem}`, EXIT.config, 'fix or remove the .cxrc; restrictions in it apply even untrusted, so cx does not launch while it is unreadable');
}

function readBounded(path: string): string {
  const read = readTextFile(path, CXRC_MAX_BYTES);
  if (!read.ok) throw fail(path, read.reason);
  return read.text;
}

/** The line of a key under [require]: `key = …` in the table, or written out as `require.key` (a dotted key or a header). */
function lineOfRequireKey(content: string, key: string): number | null {
  return lineOfKey(content, key) ?? lineOfKey(content, `require.${key}`);
}

function stringList(path: string, content: string, table: TomlTable, key: string): string[] | null {
  const value = table[key];
  if (value === undefined) return null;
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string' && item !== '')) {
    throw fail(path, `\`require.${key}\` must be a list of non-empty strings`, lineOfRequireKey(content, key));
  }
  return value;
}

function parseRequire(path: string, content: string, value: unknown): Restrictions {
  const line = (key: string): string => {
    const n = lineOfRequireKey(content, key);
    return n === null ? path : `${path}:${n}`;
  };
  if (!isTable(value)) throw fail(path, '`require` must be a table ([require])', lineOfKey(content, 'require'));
  for (const key of Object.keys(value)) {
    if (!['providers', 'regions', 'features_off'].includes(key)) {
      throw fail(path, `unknown key \`require.${key}\` (known: providers, regions, features_off)`, lineOfRequireKey(content, key));
    }
  }
  return {
    providers: stringList(path, content, value, 'providers'),
    regions: stringList(path, content, value, 'regions'),
    featuresOff: stringList(path, content, value, 'features_off'),
    at: { providers: line('providers'), regions: line('regions'), features_off: line('features_off') },
  };
}

/** Parses a .cxrc: a single bare word (a profile name), or TOML with `profile` and `[require]`. */
export function parseCxrc(path: string, content: string): Cxrc {
  const trimmed = content.trim();
  if (trimmed !== '' && !/[\s=[\]#"']/.test(trimmed)) {
    const line = content.slice(0, content.indexOf(trimmed)).split('\n').length;
    if (!isValidProfileName(trimmed)) throw fail(path, `a .cxrc of one word names a profile: ${describeInvalidProfileName(trimmed)}`, line);
    return { path, content, profile: { value: trimmed, at: `${path}:${line}` }, require: null };
  }
  let data: TomlTable;
  try {
    data = parse(content);
  } catch (error) {
    if (error instanceof TomlError) {
      throw fail(path, `not valid TOML: ${(error.message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '')}`, error.line);
    }
    throw error;
  }
  for (const key of Object.keys(data)) {
    if (key !== 'profile' && key !== 'require') throw fail(path, `unknown key \`${key}\` (known: profile, [require])`, lineOfKey(content, key));
  }
  let profile: Cxrc['profile'] = null;
  if (data['profile'] !== undefined) {
    const value = data['profile'];
    const line = lineOfKey(content, 'profile');
    if (typeof value !== 'string') throw fail(path, '`profile` must be a string', line);
    if (!isValidProfileName(value)) throw fail(path, describeInvalidProfileName(value), line);
    profile = { value, at: line === null ? path : `${path}:${line}` };
  }
  const require = data['require'] === undefined ? null : parseRequire(path, content, data['require']);
  return { path, content, profile, require };
}

/** Reads and parses the .cxrc at `path`: bounded, text only, or a config error naming it. */
export function readCxrc(path: string): Cxrc {
  return parseCxrc(path, readBounded(path));
}
