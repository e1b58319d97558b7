// Keys codex reads at the top level of its config (config.toml, a profile file, and so a legacy
// table, whose keys cx passes as top-level -c overrides), and the values of the two settings that
// govern what the agent may do unasked. codex ignores an unknown key with one warning line among its
// banner (`sandbox = "strict"` from an article leaves the run as sandboxed as the defaults say), so
// cx names it with a did-you-mean; a key that looks like a safety setting is an error under strict
// mode. The list is src/compat/codex-config-keys.json (its source inside), checked against each codex
// of the supported range by the probe `config-keys-known-to-codex`.
import type { TomlTable } from '../config/toml-file.ts';
import type { Finding } from '../plan/finding.ts';
import keys from './codex-config-keys.json' with { type: 'json' };

const KNOWN: ReadonlySet<string> = new Set(keys.top_level);

/** Names people write for a setting after codex's flags (`--sandbox`, `--ask-for-approval`) or older articles. */
const ALIASES: Readonly<Record<string, string>> = {
  sandbox: 'sandbox_mode',
  sandbox_policy: 'sandbox_mode',
  ask_for_approval: 'approval_policy',
  approval: 'approval_policy',
  approval_mode: 'approval_policy',
  approvals: 'approval_policy',
};

/** The values codex accepts for each safety setting (a table, `{ granular = … }`, is approval_policy's other form). */
export const SAFETY_VALUES: Readonly<Record<string, readonly string[]>> = keys.safety;

export function isKnownKey(key: string): boolean {
  return KNOWN.has(key);
}

/** A key that governs what the agent may do without asking: sandboxing and approvals. */
export function isSafetyKey(key: string): boolean {
  return /sandbox|approv/i.test(key);
}

/** Optimal string alignment distance, bounded: anything over `max` is max + 1. */
export function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (before[j - 2] ?? 0) + 1);
      current.push(d);
    }
    before = previous;
    previous = current;
  }
  return Math.min(previous[b.length] ?? max + 1, max + 1);
}

/** The known key `key` was most likely meant to be, or null. */
export function suggestKey(key: string): string | null {
  const normal = key.toLowerCase().replace(/-/g, '_');
  if (KNOWN.has(normal)) return normal;
  const alias = ALIASES[normal];
  if (alias !== undefined) return alias;
  const max = normal.length <= 4 ? 1 : normal.length <= 10 ? 2 : 3;
  let best: { key: string; d: number } | null = null;
  for (const known of KNOWN) {
    const d = distance(normal, known, max);
    if (d <= max && (best === null || d < best.d)) best = { key: known, d };
  }
  if (best !== null) return best.key;
  // `sandbox` for `sandbox_mode`: a known key that starts with the whole word.
  const longer = [...KNOWN].filter((known) => known.startsWith(`${normal}_`));
  return longer.length === 1 ? (longer[0] ?? null) : null;
}

/** One table of keys codex reads at its top level, and how to say where a key is. */
export interface KeySource {
  table: TomlTable;
  /** `path:line` of a key in this source. */
  at: (key: string) => string;
}

/** Keys codex would ignore, with a did-you-mean; a safety-looking one is an error under strict mode. */
export function unknownKeyFindings(sources: readonly KeySource[], strict: boolean): Finding[] {
  const findings: Finding[] = [];
  for (const source of sources) {
    for (const key of Object.keys(source.table)) {
      if (KNOWN.has(key)) continue;
      const suggestion = suggestKey(key);
      const safety = isSafetyKey(key) || (suggestion !== null && isSafetyKey(suggestion));
      const blocking = safety && strict;
      findings.push({
        level: blocking ? 'error' : 'warning',
        code: 'config-key-unknown',
        message: `${source.at(key)}: \`${key}\` is not a codex setting; codex ignores it${safety ? ', so it does not restrict this run' : ''}${suggestion === null ? '' : ` (did you mean \`${suggestion}\`?)`}`,
        fix: suggestion === null ? "remove it, or correct its name (codex's settings are listed in its config reference)" : `write \`${suggestion}\` instead${suggestion in SAFETY_VALUES ? ` (one of ${(SAFETY_VALUES[suggestion] ?? []).join(', ')})` : ''}`,
      });
    }
  }
  return findings;
}

/** A value of sandbox_mode or approval_policy codex does not know: it refuses to start. */
export function safetyValueFindings(sources: readonly KeySource[]): Finding[] {
  const findings: Finding[] = [];
  for (const source of sources) {
    for (const [key, allowed] of Object.entries(SAFETY_VALUES)) {
      const value = source.table[key];
      if (value === undefined) continue;
      const tableForm = key === 'approval_policy' && typeof value === 'object' && value !== null && !Array.isArray(value);
      if (tableForm || (typeof value === 'string' && allowed.includes(value))) continue;
      const shown = typeof value === 'string' ? `"${value}"` : 'a value of the wrong type';
      findings.push({
        level: 'error',
        code: 'config-value-invalid',
        message: `${source.at(key)}: ${key} = ${shown} is not one of ${allowed.join(', ')}; codex refuses to start`,
        fix: `set ${key} to one of ${allowed.join(', ')}`,
      });
    }
  }
  return findings;
}
