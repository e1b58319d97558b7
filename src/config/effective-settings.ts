import { parse } from 'smol-toml';
import type { ArgOverride } from '../plan/codex-args.ts';
import { deepMerge, setDotted } from './deep-merge.ts';
import { type Env, envValue } from './home-dirs.ts';
import { type TomlTable, isTable } from './toml-file.ts';

/** What a run will use, as codex would work it out from its layers. */
export interface EffectiveSettings {
  /** `model_provider`, default `openai`. */
  provider: string;
  model: string | null;
  region: string | null;
  /** Where the region came from (a config key or a variable). */
  regionFrom: string | null;
  /** `web_search`: disabled | cached | indexed | live (codex's default is cached). */
  webSearch: string;
  serviceTier: string | null;
  reasoningEffort: string | null;
  /** The merged settings, for checks that need more. */
  merged: TomlTable;
}

/** A `-c` value is TOML when it parses as TOML, else the raw string (codex's rule). */
function parseOverrideValue(override: ArgOverride): unknown {
  if (override.kind === 'boolean') return override.raw === 'true';
  if (override.kind === 'string') return override.raw;
  try {
    return parse(`v = ${override.raw}`)['v'];
  } catch {
    return override.raw;
  }
}

/** The arguments' overrides as one table to layer over the config files. */
export function overridesTable(overrides: readonly ArgOverride[]): TomlTable {
  let table: TomlTable = {};
  for (const override of overrides) {
    table = setDotted(table, override.key.split('.').map((part) => part.trim()), parseOverrideValue(override));
  }
  return table;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function at(table: TomlTable, path: readonly string[]): unknown {
  let node: unknown = table;
  for (const key of path) {
    if (!isTable(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** Layers (lowest first: config.toml, the profile, the arguments) merged as codex merges them. */
export function effectiveSettings(layers: readonly TomlTable[], env: Env): EffectiveSettings {
  const merged = layers.reduce<TomlTable>((acc, layer) => deepMerge(acc, layer), {});
  const provider = str(merged['model_provider']) ?? 'openai';
  let region: string | null = null;
  let regionFrom: string | null = null;
  if (provider === 'amazon-bedrock' || provider === 'amazon-bedrock-runtime') {
    const configured = str(at(merged, ['model_providers', provider, 'aws', 'region']));
    if (configured) [region, regionFrom] = [configured, `model_providers.${provider}.aws.region`];
    else if (envValue(env, 'AWS_REGION')) [region, regionFrom] = [envValue(env, 'AWS_REGION') ?? null, 'AWS_REGION'];
    else if (envValue(env, 'AWS_DEFAULT_REGION')) [region, regionFrom] = [envValue(env, 'AWS_DEFAULT_REGION') ?? null, 'AWS_DEFAULT_REGION'];
  } else if (provider === 'gcp') {
    const location = str(at(merged, ['model_providers', 'gcp', 'location']));
    if (location) [region, regionFrom] = [location, 'model_providers.gcp.location'];
  }
  return {
    provider,
    model: str(merged['model']),
    region,
    regionFrom,
    webSearch: str(merged['web_search']) ?? 'cached',
    serviceTier: str(merged['service_tier']),
    reasoningEffort: str(merged['model_reasoning_effort']),
    merged,
  };
}
