import { type TomlTable, isTable } from './toml-file.ts';

/** Layers `top` over `bottom` as codex layers config files: tables merge, anything else replaces. */
export function deepMerge(bottom: TomlTable, top: TomlTable): TomlTable {
  const merged: TomlTable = { ...bottom };
  for (const [key, value] of Object.entries(top)) {
    const below = merged[key];
    merged[key] = isTable(below) && isTable(value) ? deepMerge(below, value) : value;
  }
  return merged;
}

/** Sets `a.b.c = value` in a table, creating tables on the way (for `-c a.b.c=value`). */
export function setDotted(table: TomlTable, path: readonly string[], value: unknown): TomlTable {
  const [head, ...rest] = path;
  if (head === undefined) return table;
  if (rest.length === 0) return { ...table, [head]: value };
  const below = table[head];
  return { ...table, [head]: setDotted(isTable(below) ? below : {}, rest, value) };
}
