import { lstatSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { isValidProfileName } from '../select/profile-name.ts';
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

/** Whether a .cxrc is at `candidate` (whatever it is: reading it decides whether it is usable). */
function isThere(candidate: string): boolean {
  try {
    lstatSync(candidate);
    return true;
  } catch (error) {
    // An unreadable directory entry is a .cxrc cx cannot read, not an absent one.
    return errnoCode(error) === 'EACCES';
  }
}

/** Every .cxrc from `cwd` up to the filesystem root, nearest first: each one's [require] applies. */
export function findCxrcs(cwd: string): string[] {
  const found: string[] = [];
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, CXRC_NAME);
    if (isThere(candidate)) found.push(candidate);
    const parent = dirname(dir);
    if (parent === dir) return found;
    dir = parent;
  }
}

/** The nearest .cxrc walking up from `cwd`, or null. */
export function findCxrc(cwd: string): string | null {
  return findCxrcs(cwd)[0] ?? null;
}

/** A .cxrc cx does not read at all (product.md: files from a repository are data, never messages). */
export interface IgnoredCxrc {
  path: string;
  /** Why, in words that never quote the file or its target. */
  why: string;
}

function inside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : `${dir}${sep}`);
}

function ownerIsOther(uid: number): boolean {
  const me = process.getuid?.();
  return me !== undefined && uid !== me && uid !== 0;
}

/**
 * Why cx must not read the .cxrc at `path`, or null when it may: a symlink whose real path leaves
 * the directory that holds the link (a cloned repository could point it at ~/.git-credentials),
 * or a file (or link) owned by neither the current user nor root (planted in a shared directory).
 */
export function whyIgnored(path: string): string | null {
  let link;
  try {
    link = lstatSync(path);
  } catch {
    return null; // reading it will say what is wrong
  }
  if (ownerIsOther(link.uid)) return `is owned by another user (uid ${link.uid}), neither you nor root`;
  if (!link.isSymbolicLink()) return null;
  let target: string;
  let dir: string;
  try {
    target = realpathSync(path);
    dir = realpathSync(dirname(path));
  } catch (error) {
    return `is a symlink that does not resolve (${errnoCode(error) ?? 'unknown error'})`;
  }
  if (!inside(target, dir)) return 'is a symlink leading out of its directory';
  try {
    const uid = statSync(target).uid;
    if (ownerIsOther(uid)) return `is a symlink to a file owned by another user (uid ${uid}), neither you nor root`;
  } catch {
    return null;
  }
  return null;
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
      throw fail(path, 'an unknown key under [require] (known: providers, regions, features_off)', lineOfRequireKey(content, key));
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
    if (!isValidProfileName(trimmed)) throw fail(path, `a .cxrc of one word names a profile, and the word on line ${line} is not a valid profile name (letters, digits, - and _ only)`, line);
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
    if (key !== 'profile' && key !== 'require') throw fail(path, 'an unknown key (known: profile, [require])', lineOfKey(content, key));
  }
  let profile: Cxrc['profile'] = null;
  if (data['profile'] !== undefined) {
    const value = data['profile'];
    const line = lineOfKey(content, 'profile');
    if (typeof value !== 'string') throw fail(path, '`profile` must be a string', line);
    if (!isValidProfileName(value)) throw fail(path, `the profile named on line ${line ?? '?'} is not a valid profile name (letters, digits, - and _ only)`, line);
    profile = { value, at: line === null ? path : `${path}:${line}` };
  }
  const require = data['require'] === undefined ? null : parseRequire(path, content, data['require']);
  return { path, content, profile, require };
}

export type CxrcRead = { ok: true; file: Cxrc } | { ok: false; ignored: IgnoredCxrc };

/** The .cxrc at `path`: parsed, or ignored (see whyIgnored); a config error naming it when it is malformed. */
export function loadCxrcAt(path: string): CxrcRead {
  const why = whyIgnored(path);
  if (why !== null) return { ok: false, ignored: { path, why } };
  return { ok: true, file: parseCxrc(path, readBounded(path)) };
}

/** The warning for a .cxrc cx ignores: it names the link, never what it holds or points at. */
export function ignoredMessage(ignored: IgnoredCxrc): string {
  return `${ignored.path} ${ignored.why}; cx ignores it (its selection and its restrictions)`;
}

/** Reads and parses the .cxrc at `path`: bounded, text only, or a config error naming it; refused when cx ignores it. */
export function readCxrc(path: string): Cxrc {
  const read = loadCxrcAt(path);
  if (!read.ok) throw new CxError(ignoredMessage(read.ignored), EXIT.denied, 'replace it with a regular file of your own inside the repository');
  return read.file;
}
