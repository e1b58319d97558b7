// Files from a repository are data, never messages (product.md, "Rules added after the first
// release"): a word read from a .cxrc is shown only when it names something cx already knows from
// the user's own files or from cx itself — an existing profile, a provider codex or the user's
// config defines, a region or feature in the capability table. Anything else (a token a symlink
// or a careless commit put there) is counted, never printed. Pure.
import type { CapabilityTable } from '../compat/table.ts';
import { FEATURES } from '../compat/table.ts';
import { type TomlTable, isTable } from '../config/toml-file.ts';
import { wildcardMatch } from '../select/wildcard.ts';

export interface KnownWords {
  profiles: ReadonlySet<string>;
  providers: ReadonlySet<string>;
  regions: readonly string[];
  features: ReadonlySet<string>;
}

/** Providers codex defines itself (codex-facts.md, "Providers"), and `oss` for `--oss` unresolved. */
const BUILTIN_PROVIDERS = ['openai', 'ollama', 'lmstudio', 'oss', 'amazon-bedrock', 'amazon-bedrock-runtime', 'gcp'];

function tableKeys(value: unknown): string[] {
  return isTable(value) ? Object.keys(value) : [];
}

export interface KnownWordsInput {
  profiles: readonly string[];
  /** The user's own settings: config.toml, every profile, the run's merged settings. */
  tables: readonly TomlTable[];
  /** Settings of the user's own the run uses (its region), also known. */
  region: string | null;
  table: CapabilityTable;
}

export function knownWords(input: KnownWordsInput): KnownWords {
  const rows = input.table.rows;
  return {
    profiles: new Set(input.profiles),
    providers: new Set([
      ...BUILTIN_PROVIDERS,
      ...input.tables.flatMap((table) => [...tableKeys(table['model_providers']), ...(typeof table['model_provider'] === 'string' ? [table['model_provider']] : [])]),
      ...rows.flatMap((row) => row.providers.filter((p) => p !== '*')),
    ]),
    regions: [...rows.flatMap((row) => row.regions ?? []), ...(input.region === null ? [] : [input.region])],
    features: new Set([...FEATURES, ...input.tables.flatMap((table) => tableKeys(table['features']))]),
  };
}

export type WordKind = 'providers' | 'regions' | 'features';

/** Whether a word of this kind may be shown: a region glob when it matches a known region. */
export function isKnown(known: KnownWords, kind: WordKind, word: string): boolean {
  if (kind === 'regions') return known.regions.some((region) => wildcardMatch(word, region));
  return known[kind].has(word);
}

/** The words that may be shown, in order, with withheld ones as null (for --json). */
export function shownWords(known: KnownWords, kind: WordKind, words: readonly string[]): (string | null)[] {
  return words.map((word) => (isKnown(known, kind, word) ? word : null));
}

/** The words as a phrase: the known ones, then how many are not shown. */
export function wordList(known: KnownWords, kind: WordKind, words: readonly string[]): string {
  const shown = words.filter((word) => isKnown(known, kind, word));
  const withheld = words.length - shown.length;
  if (withheld === 0) return shown.join(', ');
  const rest = `${withheld} ${withheld === 1 ? 'entry' : 'entries'} naming nothing cx knows (not shown)`;
  return shown.length === 0 ? rest : `${shown.join(', ')} and ${rest}`;
}

/** A profile named in a .cxrc, shown only when it exists. */
export function shownProfile(known: KnownWords, name: string): string | null {
  return known.profiles.has(name) ? name : null;
}
