import type { CodexConfig } from '../config/codex-config.ts';
import { type Env, envValue } from '../config/home-dirs.ts';
import { type TomlTable, isTable, lineOfKey } from '../config/toml-file.ts';
import type { Finding } from '../plan/finding.ts';
import { type KeySource, safetyValueFindings, unknownKeyFindings } from './config-keys.ts';
import { nearestName } from '../nearest-name.ts';

/** Providers codex reserves: defining them in config is a hard error in codex 0.169. */
export const RESERVED_PROVIDERS: readonly string[] = ['openai', 'ollama', 'lmstudio'];

/**
 * Providers codex builds in, so `model_provider` may name them without defining them: the same in
 * every codex of the supported range (checked against 0.169.0 and 0.171.0: another id exits 1,
 * "Model provider `X` not found", with a Rust backtrace).
 */
export const BUILTIN_PROVIDERS: readonly string[] = [...RESERVED_PROVIDERS, 'amazon-bedrock', 'amazon-bedrock-runtime', 'gcp'];

/** Codes for configuration codex itself rejects: refused with the config status, not "blocked". */
export const CONFIG_ERROR_CODES: ReadonlySet<string> = new Set(['config-top-level-profile', 'wire-api-chat', 'reserved-provider-redefined', 'bedrock-provider-field', 'config-value-invalid', 'provider-unknown']);

/** What codex 0.169 lets a config change in its built-in Bedrock providers; another key stops it at start (unknown keys under aws are ignored). */
export const BEDROCK_FIELDS: readonly string[] = ['base_url', 'auth', 'http_headers', 'aws'];

export interface MistakeInput {
  codexConfig: CodexConfig;
  /** The selected profile's file and settings, if any; `legacyAt` (`config.toml:LINE`) for a legacy table. */
  profile: { path: string; data: TomlTable; text: string | null; legacyAt?: string } | null;
  merged: TomlTable;
  provider: string;
  env: Env;
  chatgptLogin: boolean;
  /** `--cx-strict` / CX_STRICT: an unknown safety key is an error. */
  strict?: boolean;
}

function at(path: string, text: string | null, key: string): string {
  const line = text === null ? null : lineOfKey(text, key);
  return line === null ? path : `${path}:${line}`;
}

function providersIn(table: TomlTable): TomlTable {
  const providers = table['model_providers'];
  return isTable(providers) ? providers : {};
}

function quotedName(name: string): string {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `(?:${escaped}|"${escaped}"|'${escaped}')`;
}

/**
 * The line of provider `id`'s `[model_providers.ID…]` header (or a dotted `model_providers.ID.… =`
 * key), or with `key` the line of that key within the provider's table: lineOfKey alone finds
 * neither (the id is not a key of its own, and another provider may set the same key first).
 */
function lineOfProvider(text: string, id: string, key: string | null): number | null {
  const header = new RegExp(`^\\s*\\[\\s*model_providers\\s*\\.\\s*${quotedName(id)}\\s*[\\].]`);
  const dotted = new RegExp(`^\\s*model_providers\\s*\\.\\s*${quotedName(id)}\\s*[.=]`);
  const keyLine = key === null ? null : new RegExp(`^\\s*${quotedName(key)}\\s*=`);
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (dotted.test(line)) return i + 1;
    if (!header.test(line)) continue;
    if (keyLine === null) return i + 1;
    for (let j = i + 1; j < lines.length && !/^\s*\[/.test(lines[j] ?? ''); j += 1) if (keyLine.test(lines[j] ?? '')) return j + 1;
    return i + 1;
  }
  return key === null ? null : lineOfKey(text, key);
}

/** Where a provider (or one of its keys) is written: the profile file if it sets it, else config.toml. */
function whereProvider(input: MistakeInput, id: string, key: string | null): string {
  const inProfile = input.profile !== null && isTable(providersIn(input.profile.data)[id]);
  const path = inProfile && input.profile ? input.profile.path : input.codexConfig.configPath;
  const text = inProfile && input.profile ? input.profile.text : (input.codexConfig.file?.text ?? null);
  const line = text === null ? null : lineOfProvider(text, id, key);
  return line === null ? path : `${path}:${line}`;
}

/** The line of `key` inside the legacy table that starts at `legacyAt` (`path:LINE`), up to the next table header. */
function atInLegacyTable(legacyAt: string, text: string | null, key: string): string {
  const match = /^(.*):(\d+)$/.exec(legacyAt);
  if (match === null || text === null) return legacyAt;
  const lines = text.split('\n');
  const keyLine = new RegExp(`^\\s*${quotedName(key)}\\s*=`);
  for (let i = Number(match[2]); i < lines.length && !/^\s*\[/.test(lines[i] ?? ''); i += 1) if (keyLine.test(lines[i] ?? '')) return `${match[1] ?? ''}:${i + 1}`;
  return legacyAt;
}

/** The tables whose keys codex reads at its top level in this run: config.toml and the selected profile. */
function keySources(input: MistakeInput): KeySource[] {
  const { codexConfig, profile } = input;
  const configText = codexConfig.file?.text ?? null;
  const sources: KeySource[] = [{ table: codexConfig.base, at: (key) => at(codexConfig.configPath, configText, key) }];
  if (profile !== null) {
    const legacyAt = profile.legacyAt;
    sources.push({ table: profile.data, at: (key) => (legacyAt === undefined ? at(profile.path, profile.text, key) : atInLegacyTable(legacyAt, profile.text, key)) });
  }
  return sources;
}

/** Where `model_provider` is set for this run: the profile, else config.toml, else codex's `-c` arguments. */
function whereModelProvider(input: MistakeInput): string {
  const { profile, codexConfig } = input;
  if (profile !== null && profile.data['model_provider'] !== undefined) {
    return profile.legacyAt === undefined ? at(profile.path, profile.text, 'model_provider') : atInLegacyTable(profile.legacyAt, profile.text, 'model_provider');
  }
  if (codexConfig.base['model_provider'] !== undefined) return at(codexConfig.configPath, codexConfig.file?.text ?? null, 'model_provider');
  return '-c model_provider in the arguments';
}

/**
 * A `model_provider` that codex neither builds in nor finds in `[model_providers]`: codex exits 1
 * with a backtrace after printing its banner, so cx refuses first, naming the nearest known id.
 * (`--oss` picks its provider elsewhere: not judged here.)
 */
function unknownProvider(input: MistakeInput): Finding | null {
  if (typeof input.merged['model_provider'] !== 'string' || input.provider === 'oss') return null;
  const known = [...BUILTIN_PROVIDERS, ...Object.keys(providersIn(input.merged))];
  if (known.includes(input.provider)) return null;
  const meant = nearestName(input.provider, known);
  return {
    level: 'error',
    code: 'provider-unknown',
    message: `${whereModelProvider(input)}: model_provider = "${input.provider}" is neither built into codex nor defined in [model_providers]; codex would refuse to start${meant === null ? '' : ` (did you mean "${meant}"?)`}`,
    fix: meant === null ? `use one codex builds in (${BUILTIN_PROVIDERS.join(', ')}) or define [model_providers.${input.provider}]` : `write model_provider = "${meant}", or define [model_providers.${input.provider}]`,
  };
}

/** The mistakes codex-facts.md lists, found in the config and environment this run uses. Pure. */
export function configMistakes(input: MistakeInput): Finding[] {
  const findings: Finding[] = [];
  const { codexConfig, env } = input;
  const configText = codexConfig.file?.text ?? null;
  if (codexConfig.base['profile'] !== undefined) {
    findings.push({
      level: 'error',
      code: 'config-top-level-profile',
      message: `${at(codexConfig.configPath, configText, 'profile')}: top-level \`profile = …\` makes codex 0.169 refuse to start (profiles are NAME.config.toml files now)`,
      fix: "remove the line; choose the profile with cx instead (default_profile in cx's config, +NAME, a .cxrc or a rule)",
    });
  }
  for (const definition of codexConfig.legacy.values()) {
    if (definition.data['model_providers'] !== undefined) {
      // What codex's own "is ignored" line on every run means; a warning when this run applies the table.
      findings.push({
        level: input.profile?.legacyAt === definition.at ? 'warning' : 'info',
        code: 'legacy-profile-model-providers',
        message: `${definition.at}: [profiles.${definition.name}.model_providers…] is not a setting codex reads (codex warns that it ignores it, and --strict-config rejects it); cx applies it, as -c model_providers.… overrides, whenever it applies profile ${definition.name} (+${definition.name} or -p ${definition.name})`,
        fix: `\`cx migrate --write\` moves the profile, providers included, into ${definition.name}.config.toml, which codex reads itself`,
      });
    }
  }
  const providers = providersIn(input.merged);
  const unknown = unknownProvider(input);
  if (unknown !== null) findings.push(unknown);
  for (const id of RESERVED_PROVIDERS) {
    if (providers[id] !== undefined) {
      findings.push({ level: 'error', code: 'reserved-provider-redefined', message: `${whereProvider(input, id, null)}: [model_providers.${id}] redefines a provider codex reserves; codex refuses to start`, fix: `remove it, or give your provider another id (e.g. ${id}-custom) and set model_provider to it` });
    }
  }
  for (const id of ['amazon-bedrock', 'amazon-bedrock-runtime']) {
    const definition = providers[id];
    if (!isTable(definition)) continue;
    const extra = Object.keys(definition).filter((key) => !BEDROCK_FIELDS.includes(key));
    if (extra.length > 0) {
      findings.push({
        level: 'error',
        code: 'bedrock-provider-field',
        message: `${whereProvider(input, id, extra[0] ?? null)}: [model_providers.${id}] sets ${extra.join(', ')}, which codex does not let a config change; codex refuses to start`,
        fix: `keep only ${BEDROCK_FIELDS.join(', ')} (aws: profile, region, credential_export, auth_refresh) there`,
      });
    }
  }
  for (const [id, definition] of Object.entries(providers)) {
    if (isTable(definition) && definition['wire_api'] === 'chat') {
      findings.push({ level: 'error', code: 'wire-api-chat', message: `${whereProvider(input, id, 'wire_api')}: provider ${id} has wire_api = "chat", which codex 0.169 no longer supports; codex refuses to start`, fix: 'use wire_api = "responses" (or remove it): the provider must offer the Responses API' });
    }
  }
  if (input.provider === 'openai' && envValue(env, 'OPENAI_BASE_URL')) {
    const configured = typeof input.merged['openai_base_url'] === 'string' ? input.merged['openai_base_url'] : null;
    findings.push({
      level: 'warning',
      code: 'openai-base-url-env',
      message: `OPENAI_BASE_URL is set but codex ignores it; requests go to ${configured ?? 'the default OpenAI endpoint'}`,
      fix: 'set openai_base_url = "…" in config.toml or the profile instead',
    });
  }
  if (input.provider === 'openai' && !input.chatgptLogin && envValue(env, 'OPENAI_API_KEY') && !envValue(env, 'CODEX_API_KEY')) {
    findings.push({ level: 'info', code: 'openai-api-key-only', message: 'OPENAI_API_KEY is the only key: `codex exec` alone would send none; cx hands it to codex as CODEX_API_KEY', fix: 'nothing to do through cx; without cx, export CODEX_API_KEY or run `codex login --with-api-key`' });
  }
  const sources = keySources(input);
  findings.push(...unknownKeyFindings(sources, input.strict ?? false), ...safetyValueFindings(sources));
  if (envValue(env, 'CODEX_PROFILE')) {
    findings.push({ level: 'info', code: 'codex-profile-env', message: 'CODEX_PROFILE is set: codex itself ignores it; cx selects the profile from it', fix: 'without cx, pass -p NAME' });
  }
  return findings;
}
