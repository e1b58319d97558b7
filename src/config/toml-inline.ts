import { isTable } from './toml-file.ts';

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

function key(name: string): string {
  return BARE_KEY.test(name) ? name : JSON.stringify(name);
}

/**
 * One TOML value on one line (inline tables and arrays), as codex's `-c key=VALUE` parses it.
 * JSON's string escapes are a subset of TOML's basic-string escapes, so JSON.stringify is exact.
 */
export function inlineToml(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'nan';
    if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
    // An integral float (`2.0`) reads back as an integer: smol-toml does not tell them apart.
    return String(value);
  }
  // smol-toml's TomlDate keeps TOML's own date forms in toISOString().
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `[${value.map(inlineToml).join(', ')}]`;
  if (isTable(value)) return `{ ${Object.entries(value).map(([k, v]) => `${key(k)} = ${inlineToml(v)}`).join(', ')} }`;
  throw new TypeError(`cannot write ${typeof value} as TOML`);
}
