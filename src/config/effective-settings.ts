import { parse } from 'smol-toml';
import type { ArgOverride } from '../plan/codex-args.ts';
import { codexTrim } from './codex-trim.ts';
import { deepMerge, setDotted } from './deep-merge.ts';
import { type Env, envValue } from './home-dirs.ts';
import { type TomlTable, isTable } from './toml-file.ts';

/** What a run will use, as codex would work it out from its layers. */
export interface EffectiveSettings {
  /** The environment codex runs with after loading `$CODEX_HOME/.env` over it (only when settings depend on it). */
  codexEnv: Env;
  /** `model_provider`, default `openai`. */
  provider: string;
  model: string | null;
  region: string | null;
  /** Where the region came from (a config key or a variable). */
  regionFrom: string | null;
  /** The region is the AWS profile's, which codex does not read: cx must hand it over as AWS_REGION. */
  regionFromAwsProfile: boolean;
  /** `web_search`: disabled | cached | indexed | live (codex's default is cached). */
  webSearch: string;
  serviceTier: string | null;
  reasoningEffort: string | null;
  /** The merged settings, for checks that need more. */
  merged: TomlTable;
}

/**
 * A `-c` value as codex reads it: TOML when it parses as TOML, else the text trimmed and stripped
 * of quote characters at both ends (checked against the binary: `-c 'model_provider= x'` and
 * `-c 'model_provider="x'` both select provider `x`).
 */
function parseOverrideValue(override: ArgOverride): unknown {
  if (override.kind === 'boolean') return override.raw === 'true';
  if (override.kind === 'string') return override.raw;
  try {
    return parse(`v = ${override.raw}`)['v'];
  } catch {
    return codexTrim(override.raw).replace(/^["']+|["']+$/g, '');
  }
}

/** The arguments' overrides as one table to layer over the config files. */
export function overridesTable(overrides: readonly ArgOverride[]): TomlTable {
  let table: TomlTable = {};
  for (const override of overrides) {
    // codex splits the trimmed key on dots and trims nothing more (`a. b` names the table ` b`).
    table = setDotted(table, override.key.split('.'), parseOverrideValue(override));
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

/** `--oss` / `--local-provider` in the arguments (codex-args.ts). */
export interface OssChoice {
  oss: boolean;
  localProvider: string | null;
}

/** What besides the layers the settings depend on, each read only when it matters. */
export interface SettingsSources {
  oss?: OssChoice;
  /** The values codex loads from `$CODEX_HOME/.env` over the environment (CODEX_* dropped). */
  envFile?: () => ReadonlyMap<string, string> | null;
  /** The `region` of this AWS profile in the AWS config file, and where it is written. */
  awsProfileRegion?: (profile: string, env: Env) => { region: string; from: string } | null;
}

const BEDROCK = new Set(['amazon-bedrock', 'amazon-bedrock-runtime']);

function bedrockRegion(merged: TomlTable, provider: string, env: Env, sources: SettingsSources, fromFile: ReadonlySet<string>): Pick<EffectiveSettings, 'region' | 'regionFrom' | 'regionFromAwsProfile'> {
  const aws = (key: string): string | null => str(at(merged, ['model_providers', provider, 'aws', key]));
  const configured = aws('region');
  if (configured) return { region: configured, regionFrom: `model_providers.${provider}.aws.region`, regionFromAwsProfile: false };
  for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION']) {
    const value = envValue(env, name);
    if (value) return { region: value, regionFrom: fromFile.has(name) ? `${name} in $CODEX_HOME/.env` : name, regionFromAwsProfile: false };
  }
  const profile = aws('profile') ?? envValue(env, 'AWS_PROFILE') ?? 'default';
  const found = sources.awsProfileRegion?.(profile, env) ?? null;
  if (found) return { region: found.region, regionFrom: found.from, regionFromAwsProfile: true };
  return { region: null, regionFrom: null, regionFromAwsProfile: false };
}

/**
 * The one place cx works out what a run will use, as codex does: the layers (lowest first:
 * config.toml, the profile, a trusted project's .codex/config.toml, the arguments) merged, then
 * `--oss` (which replaces the provider), then for Amazon Bedrock the region from the config, the
 * environment as `$CODEX_HOME/.env` leaves it, or the AWS profile. Every check and explain use it.
 */
export function effectiveSettings(layers: readonly TomlTable[], env: Env, sources: SettingsSources = {}): EffectiveSettings {
  const merged = layers.reduce<TomlTable>((acc, layer) => deepMerge(acc, layer), {});
  let provider = str(merged['model_provider']) ?? 'openai';
  // Checked against the binary: --oss takes --local-provider, else `oss_provider`, else codex
  // exits 1 (`oss`, which no restriction allows); --local-provider alone changes nothing.
  if (sources.oss?.oss) provider = sources.oss.localProvider ?? str(merged['oss_provider']) ?? 'oss';
  let codexEnv = env;
  let region: Pick<EffectiveSettings, 'region' | 'regionFrom' | 'regionFromAwsProfile'> = { region: null, regionFrom: null, regionFromAwsProfile: false };
  if (BEDROCK.has(provider)) {
    const file = sources.envFile?.() ?? null;
    if (file !== null && file.size > 0) codexEnv = { ...env, ...Object.fromEntries(file) };
    region = bedrockRegion(merged, provider, codexEnv, sources, new Set(file?.keys() ?? []));
  } else if (provider === 'gcp') {
    const location = str(at(merged, ['model_providers', 'gcp', 'location']));
    if (location) region = { region: location, regionFrom: 'model_providers.gcp.location', regionFromAwsProfile: false };
  }
  return {
    codexEnv,
    provider,
    model: str(merged['model']),
    ...region,
    webSearch: str(merged['web_search']) ?? 'cached',
    serviceTier: str(merged['service_tier']),
    reasoningEffort: str(merged['model_reasoning_effort']),
    merged,
  };
}
