import type { ProfileDefinition } from '../config/codex-config.ts';
import { isTable, type TomlTable } from '../config/toml-file.ts';
import { inlineToml } from '../config/toml-inline.ts';

export interface LegacyOverrides {
  /** `-c key=value` pairs, flattened to the leaves. */
  args: string[];
  /** Keys codex's `-c` cannot address (a `.` or `=` inside one key). */
  unaddressable: string[];
}

// codex's `-c` splits the key on `.` and has no quoting, so a key segment must not contain one.
const ADDRESSABLE = /^[^.=]+$/;

function flatten(table: TomlTable, prefix: string[], out: LegacyOverrides): void {
  for (const [name, value] of Object.entries(table)) {
    const path = [...prefix, name];
    if (!ADDRESSABLE.test(name)) {
      out.unaddressable.push(path.join('.'));
    } else if (isTable(value) && Object.keys(value).length > 0) {
      flatten(value, path, out);
    } else {
      out.args.push('-c', `${path.join('.')}=${inlineToml(value)}`);
    }
  }
}

/**
 * A legacy `[profiles.NAME]` table as `-c` overrides: codex 0.169 refuses `-p NAME` while such a
 * table exists, but applies the same settings given one by one.
 */
export function legacyOverrides(profile: ProfileDefinition): LegacyOverrides {
  const out: LegacyOverrides = { args: [], unaddressable: [] };
  flatten(profile.data, [], out);
  return out;
}
