import { readFileSync } from 'node:fs';
import { parse, TomlError } from 'smol-toml';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';

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

function errnoCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/**
 * Reads and parses a TOML file. A missing file is `null`; anything else that stops cx from reading
 * it (unreadable, a directory, bad syntax) is a config error naming the file and line.
 */
export function readTomlFile(path: string, what: string): TomlFile | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT') return null;
    const reason = code === 'EISDIR' ? 'is a directory, not a file' : code === 'EACCES' ? 'is not readable' : `cannot be read (${code ?? 'unknown error'})`;
    throw new CxError(`${path}: ${what} ${reason}`, EXIT.config, 'fix or remove the file');
  }
  try {
    return { path, text, data: parse(text) };
  } catch (error) {
    if (error instanceof TomlError) {
      const firstLine = (error.message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '');
      throw new CxError(`${path}:${error.line}:${error.column}: ${what} is not valid TOML: ${firstLine}`, EXIT.config, 'fix the file and run cx again');
    }
    throw error;
  }
}

/** The 1-based line where `key = …` is first written, for messages about values rather than syntax. */
export function lineOfKey(text: string, key: string): number | null {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\s*(?:${escaped}|"${escaped}"|'${escaped}')\\s*=`);
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
