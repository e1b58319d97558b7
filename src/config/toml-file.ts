import { parse, TomlError } from 'smol-toml';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { readTextFile } from './read-text-file.ts';

/** Config files are small; a bigger one is refused rather than read. */
export const TOML_MAX_BYTES = 4 * 1024 * 1024;

/**
 * How deep tables and arrays may nest: codex 0.169 refuses a config nested deeper than 80 ("recursion
 * limit", "max recursion depth met"), and cx's own walks over the tables must stay bounded too.
 */
export const TOML_MAX_DEPTH = 80;

export type TomlTable = Record<string, unknown>;

/** A TOML table (smol-toml gives dates as Date objects and arrays as arrays). */
export function isTable(value: unknown): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

export interface TomlFile {
  path: string;
  text: string;
  data: TomlTable;
}

/**
 * Reads and parses a TOML file. A missing file is `null`; anything else that stops cx from reading
 * it (unreadable, a directory, bad syntax) is a config error naming the file and line.
 */
export function readTomlFile(path: string, what: string): TomlFile | null {
  const read = readTextFile(path, TOML_MAX_BYTES);
  if (!read.ok) {
    if (read.missing) return null;
    throw new CxError(`${path}: ${what} ${read.reason}`, EXIT.config, 'fix or remove the file');
  }
  const text = read.text;
  let data: TomlTable;
  try {
    data = parse(text);
  } catch (error) {
    if (error instanceof TomlError) {
      const firstLine = (error.message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '');
      const quotes = bareStringAt(text, error.line) ? '; a string needs quotes: write key = "value", not key = value' : '';
      throw new CxError(`${path}:${error.line}:${error.column}: ${what} is not valid TOML: ${firstLine}${quotes}`, EXIT.config, 'fix the file and run cx again');
    }
    throw error;
  }
  if (nestingDepth(data) > TOML_MAX_DEPTH) {
    throw new CxError(`${path}: ${what} nests tables or arrays more than ${TOML_MAX_DEPTH} deep, which codex refuses`, EXIT.config, 'flatten the file');
  }
  return { path, text, data };
}

/**
 * Whether line `line` (1-based) is `key = word` with an unquoted word that is no other TOML value
 * (`default_profile = work`): the commonest TOML mistake, which the parser calls an invalid value.
 */
export function bareStringAt(text: string, line: number): boolean {
  const match = /^\s*[A-Za-z0-9_.\-"' ]+?\s*=\s*([A-Za-z_][A-Za-z0-9_.\-]*)\s*(?:#.*)?$/.exec(text.split('\n')[line - 1] ?? '');
  return match !== null && !['true', 'false', 'inf', 'nan'].includes(match[1] ?? '');
}

/** How many tables and arrays deep `value` goes below the top-level table; iterative, so any depth is safe. */
export function nestingDepth(value: TomlTable): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [node, depth] = item;
    deepest = Math.max(deepest, depth);
    if (deepest > TOML_MAX_DEPTH) return deepest; // enough to refuse
    const children = Array.isArray(node) ? node : isTable(node) ? Object.values(node) : [];
    for (const child of children) if (Array.isArray(child) || isTable(child)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** The 1-based line where `key = …` or a `[key]`/`[[key]]` header is first written, for messages about values. */
export function lineOfKey(text: string, key: string): number | null {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const name = `(?:${escaped}|"${escaped}"|'${escaped}')`;
  const pattern = new RegExp(`^\\s*(?:${name}\\s*=|\\[\\[?\\s*${name}\\s*[\\].])`);
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    if (pattern.test(lines[i] ?? '')) return i + 1;
  }
  return null;
}

export function locate(file: TomlFile, key: string): string {
  const line = lineOfKey(file.text, key);
  return line === null ? file.path : `${file.path}:${line}`;
}
