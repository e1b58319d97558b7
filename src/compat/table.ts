import builtin from './capabilities.json' with { type: 'json' };

/** The features the table knows, as they are named in it and in cx's config. */
export const FEATURES = ['web_search', 'image_generation', 'codex_cloud', 'service_tier', 'voice', 'data_residency'] as const;
export type Feature = (typeof FEATURES)[number];
export type Support = 'yes' | 'no' | 'unknown';

/** One row: a way of reaching models (a provider, and for openai the kind of auth). */
export interface Row {
  id: string;
  label: string;
  /** model_provider ids this row covers; `*` covers any custom provider no other row claims. */
  providers: string[];
  /** Globs on a custom provider's base_url that make it this row (Azure, OCI, a user's gateway). */
  baseUrls: string[];
  /** For openai: which login this row is. */
  auth: 'chatgpt' | 'api-key' | null;
  available: boolean;
  unavailable: string | null;
  instead: string | null;
  features: Record<Feature, Support>;
  /** A glob every model id must match (Bedrock's `openai.*`), with what to tell the user. */
  modelPattern: string | null;
  modelPatternHint: string | null;
  /** The model names a deployment (Azure), so a model family name is likely a mistake. */
  modelIsDeployment: boolean;
  modelFamilies: string[];
  /** Model globs that need a given auth on this row (GPT-5.5 on Azure needs ChatGPT auth). */
  modelAuth: Record<string, 'chatgpt' | 'api-key'>;
  /** Known model ids; when set, others get a warning. */
  models: string[] | null;
  /** Regions the row serves; null when the region is not cx's to check. */
  regions: string[] | null;
  /** Region globs refused with a reason, checked first (GovCloud on Bedrock). */
  regionsRefused: Record<string, string>;
  residency: string | null;
}

export interface CapabilityTable {
  date: string;
  checkedWith: string;
  sources: string[];
  reasoningEfforts: string[];
  rows: Row[];
}

/** A problem in a table or an override, with the dotted key it is at (the caller adds the file). */
export class TableError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

type Raw = Readonly<Record<string, unknown>>;

const ROW_KEYS = [
  'label', 'providers', 'base_urls', 'auth', 'available', 'unavailable', 'instead', 'features', 'model_pattern',
  'model_pattern_hint', 'model_is_deployment', 'model_families', 'model_auth', 'models', 'regions', 'regions_refused', 'residency',
];

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function strings(value: unknown, key: string): string[] {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) throw new TableError(key, `\`${key}\` must be an array of strings`);
  return value;
}

function text(value: unknown, key: string): string {
  if (typeof value !== 'string') throw new TableError(key, `\`${key}\` must be a string`);
  return value;
}

function support(value: unknown, key: string): Support {
  if (value !== 'yes' && value !== 'no' && value !== 'unknown') throw new TableError(key, `\`${key}\` must be "yes", "no" or "unknown"`);
  return value;
}

function stringMap<T extends string>(value: unknown, key: string, check: (v: unknown, k: string) => T): Record<string, T> {
  if (!isRecord(value)) throw new TableError(key, `\`${key}\` must be a table`);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, check(v, `${key}.${k}`)]));
}

function authValue(value: unknown, key: string): 'chatgpt' | 'api-key' {
  if (value !== 'chatgpt' && value !== 'api-key') throw new TableError(key, `\`${key}\` must be "chatgpt" or "api-key"`);
  return value;
}

function features(value: unknown, key: string, base: Record<Feature, Support> | null): Record<Feature, Support> {
  if (!isRecord(value)) throw new TableError(key, `\`${key}\` must be a table`);
  const result: Record<Feature, Support> = { ...(base ?? Object.fromEntries(FEATURES.map((f) => [f, 'unknown'])) as Record<Feature, Support>) };
  for (const [name, cell] of Object.entries(value)) {
    if (!(FEATURES as readonly string[]).includes(name)) throw new TableError(`${key}.${name}`, `unknown feature \`${name}\` (known: ${FEATURES.join(', ')})`);
    result[name as Feature] = support(cell, `${key}.${name}`);
  }
  return result;
}

/**
 * One row from raw data, laid over `base` when the raw data overrides an existing row: fields
 * given replace the base's, and `features` merge cell by cell.
 */
export function parseRow(id: string, raw: unknown, prefix: string, base: Row | null): Row {
  if (!isRecord(raw)) throw new TableError(prefix, `\`${prefix}\` must be a table`);
  for (const key of Object.keys(raw)) {
    if (!ROW_KEYS.includes(key)) throw new TableError(`${prefix}.${key}`, `unknown key \`${key}\` in a compatibility row (known: ${ROW_KEYS.join(', ')})`);
  }
  const k = (key: string): string => `${prefix}.${key}`;
  const has = (key: string): boolean => raw[key] !== undefined;
  const optionalText = (key: string, fallback: string | null): string | null => (has(key) ? text(raw[key], k(key)) : fallback);
  const available = has('available') ? raw['available'] : (base?.available ?? true);
  if (typeof available !== 'boolean') throw new TableError(k('available'), `\`${k('available')}\` must be true or false`);
  const isDeployment = has('model_is_deployment') ? raw['model_is_deployment'] : (base?.modelIsDeployment ?? false);
  if (typeof isDeployment !== 'boolean') throw new TableError(k('model_is_deployment'), `\`${k('model_is_deployment')}\` must be true or false`);
  const providers = has('providers') ? strings(raw['providers'], k('providers')) : (base?.providers ?? []);
  const baseUrls = has('base_urls') ? strings(raw['base_urls'], k('base_urls')) : (base?.baseUrls ?? []);
  if (base === null && providers.length === 0 && baseUrls.length === 0) {
    throw new TableError(prefix, `a new compatibility row \`${id}\` must say what it covers: \`providers\` (model_provider ids) or \`base_urls\` (globs)`);
  }
  return {
    id,
    label: optionalText('label', base?.label ?? id) ?? id,
    providers,
    baseUrls,
    auth: has('auth') ? authValue(raw['auth'], k('auth')) : (base?.auth ?? null),
    available,
    unavailable: optionalText('unavailable', base?.unavailable ?? null),
    instead: optionalText('instead', base?.instead ?? null),
    features: has('features') ? features(raw['features'], k('features'), base?.features ?? null) : (base?.features ?? features({}, k('features'), null)),
    modelPattern: optionalText('model_pattern', base?.modelPattern ?? null),
    modelPatternHint: optionalText('model_pattern_hint', base?.modelPatternHint ?? null),
    modelIsDeployment: isDeployment,
    modelFamilies: has('model_families') ? strings(raw['model_families'], k('model_families')) : (base?.modelFamilies ?? []),
    modelAuth: has('model_auth') ? stringMap(raw['model_auth'], k('model_auth'), authValue) : (base?.modelAuth ?? {}),
    models: has('models') ? strings(raw['models'], k('models')) : (base?.models ?? null),
    regions: has('regions') ? strings(raw['regions'], k('regions')) : (base?.regions ?? null),
    regionsRefused: has('regions_refused') ? stringMap(raw['regions_refused'], k('regions_refused'), text) : (base?.regionsRefused ?? {}),
    residency: optionalText('residency', base?.residency ?? null),
  };
}

/** The table shipped with cx (src/compat/capabilities.json), parsed once. */
let shipped: CapabilityTable | null = null;
export function builtinTable(): CapabilityTable {
  if (shipped !== null) return shipped;
  const rows = Object.entries(builtin.rows).map(([id, raw]) => parseRow(id, raw, `rows.${id}`, null));
  shipped = { date: builtin.date, checkedWith: builtin.checked_with, sources: builtin.sources, reasoningEfforts: builtin.reasoning_efforts, rows };
  return shipped;
}

/** What cx's config says about the table: `[compat]`, already checked (cx-config.ts). */
export interface TableOverrides {
  /** Rows by id: changes to a shipped row, or new rows (tried before the shipped ones). */
  rows: Record<string, unknown>;
  reasoningEfforts: string[] | null;
}

/** The shipped table with the user's overrides laid over it. Throws TableError (key relative to `compat`). */
export function withOverrides(table: CapabilityTable, overrides: TableOverrides): CapabilityTable {
  const rows = [...table.rows];
  const added: Row[] = [];
  for (const [id, raw] of Object.entries(overrides.rows)) {
    const index = rows.findIndex((row) => row.id === id);
    if (index >= 0) rows[index] = parseRow(id, raw, `rows.${id}`, rows[index] as Row);
    else added.push(parseRow(id, raw, `rows.${id}`, null));
  }
  // A user's row is more specific than the shipped ones (a gateway the user named).
  return { ...table, rows: [...added, ...rows], reasoningEfforts: overrides.reasoningEfforts ?? table.reasoningEfforts };
}
