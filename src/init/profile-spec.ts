// `cx init`: what goes into a new profile file, decided from the answers (flags or the questions),
// and its text as codex reads it (codex-facts.md: `$CODEX_HOME/NAME.config.toml` may hold any
// config.toml key, `[model_providers.*]` included; Azure is a custom provider with `query_params`;
// a provider's `auth = { command, args }` prints the bearer token and cannot be combined with
// `env_key`). Pure: every refusal is a CxError with its fix.
import { nearestName } from '../nearest-name.ts';
import { inlineToml } from '../config/toml-inline.ts';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { describeInvalidProfileName, isValidProfileName } from '../select/profile-name.ts';

export interface InitAnswers {
  name: string;
  provider: string;
  model: string | null;
  region: string | null;
  baseUrl: string | null;
  envKey: string | null;
  apiVersion: string | null;
  /** Azure with Entra ID: a bearer token from `az account get-access-token`, no API key. */
  entra: boolean;
}

export type ProviderKind = 'openai' | 'azure' | 'amazon-bedrock' | 'local' | 'custom' | 'defined';

export interface ProfileSpec {
  name: string;
  kind: ProviderKind;
  /** The `model_provider` the file selects. */
  provider: string;
  model: string | null;
  region: string | null;
  baseUrl: string | null;
  /** The variable holding the key (what `cx secret set` stores), or null when none is read. */
  envKey: string | null;
  entra: boolean;
  /** The file's text. */
  text: string;
}

export interface InitKnown {
  /** Providers defined in `$CODEX_HOME/config.toml` ([model_providers.ID]). */
  definedProviders: readonly string[];
  /** Regions Amazon Bedrock serves OpenAI models in (the capability table). */
  bedrockRegions: readonly string[];
}

/** The Azure OpenAI Responses API version written when none is given. */
export const AZURE_API_VERSION = '2025-04-01-preview';
/** The Entra ID token command: the Azure CLI, for Azure AI services (codex re-runs it on a 401). */
export const ENTRA_COMMAND = { command: 'az', args: ['account', 'get-access-token', '--resource', 'https://cognitiveservices.azure.com', '--query', 'accessToken', '-o', 'tsv'] } as const;

const ALIASES: Readonly<Record<string, string>> = { bedrock: 'amazon-bedrock', 'azure-openai': 'azure', 'lm-studio': 'lmstudio' };
/** What `--provider` takes besides a provider defined in config.toml (or a new ID with --base-url). */
export const PROVIDER_CHOICES = ['openai', 'azure', 'amazon-bedrock', 'ollama', 'lmstudio'] as const;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PROVIDER_ID = /^[A-Za-z0-9_-]+$/;

function usage(message: string, fix: string): CxError {
  return new CxError(message, EXIT.usage, fix);
}

/** Text typed for a value: one line, no control characters; shown back only when it passes. */
function plainValue(what: string, value: string | null): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (/[\u0000-\u001f\u007f]/.test(trimmed) || trimmed.length > 200) throw usage(`the ${what} given is not a plain one-line value`, `give the ${what} as plain text`);
  return trimmed;
}

function httpUrl(value: string | null, what: string, example: string): string {
  if (value === null) throw usage(`${what} needs --base-url`, `e.g. --base-url ${example}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usage(`--base-url is not a URL`, `e.g. --base-url ${example}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw usage(`--base-url must be an http or https URL`, `e.g. --base-url ${example}`);
  if (url.username !== '' || url.password !== '') throw usage('--base-url must not carry a user name or password', 'keep the key in the keyring (cx secret set) instead');
  return value.replace(/\/+$/, '');
}

function envKeyOf(given: string | null, fallback: string): string {
  const name = given ?? fallback;
  if (!ENV_NAME.test(name)) throw usage('--env-key is not a valid variable name (not shown)', 'use letters, digits and _, not starting with a digit, e.g. --env-key AZURE_OPENAI_API_KEY');
  return name;
}

function resolveKind(provider: string, baseUrl: string | null, known: InitKnown): { kind: ProviderKind; id: string } {
  const id = ALIASES[provider] ?? provider;
  if (id === 'openai') return { kind: 'openai', id };
  if (id === 'azure' && !known.definedProviders.includes('azure')) return { kind: 'azure', id };
  if (id === 'amazon-bedrock') return { kind: 'amazon-bedrock', id };
  if (id === 'ollama' || id === 'lmstudio') return { kind: 'local', id };
  if (known.definedProviders.includes(id)) return { kind: 'defined', id };
  if (!PROVIDER_ID.test(id)) throw usage('the provider given is not a valid provider ID (not shown)', 'use letters, digits, - and _');
  if (baseUrl !== null) return { kind: 'custom', id };
  const choices = [...PROVIDER_CHOICES, ...known.definedProviders];
  const near = nearestName(id, choices);
  throw usage(
    `provider ${id} is neither built in nor defined in config.toml`,
    `${near === null ? '' : `did you mean ${near}? `}choose one of ${choices.join(', ')}, or give --base-url to define ${id} as a new provider`,
  );
}

const q = inlineToml;

function lines(...parts: (string | null | false)[]): string {
  return `${parts.filter((p): p is string => typeof p === 'string').join('\n')}\n`;
}

/** A profile that defines its provider as a Responses API endpoint: `[model_providers.ID]` with these entries. */
function withResponsesProvider(head: readonly (string | null)[], id: string, name: string, baseUrl: string, entries: readonly string[]): string {
  return lines(...head, '', `[model_providers.${id}]`, `name = ${q(name)}`, `base_url = ${q(baseUrl)}`, ...entries, 'wire_api = "responses"');
}

/** Decides the profile, or refuses with the fix. */
export function decideProfile(answers: InitAnswers, known: InitKnown): ProfileSpec {
  const name = answers.name;
  if (!isValidProfileName(name)) throw usage(describeInvalidProfileName(name), 'e.g. cx init work --provider openai');
  const model = plainValue('model', answers.model);
  const region = plainValue('region', answers.region);
  const apiVersion = plainValue('API version', answers.apiVersion);
  const baseUrlGiven = plainValue('base URL', answers.baseUrl);
  const envKeyGiven = plainValue('--env-key', answers.envKey);
  const { kind, id } = resolveKind(answers.provider.trim(), baseUrlGiven, known);
  const header = `# written by cx init: profile ${name} (codex reads it for \`-p ${name}\`; cx for \`cx +${name}\`)`;
  const spec = { name, kind, provider: id, model, region: null as string | null, baseUrl: null as string | null, envKey: null as string | null, entra: false };
  const refuse = (option: string): void => {
    throw usage(`${option} does not apply to provider ${id}`, `leave ${option} out`);
  };
  if (answers.entra && kind !== 'azure') refuse('--entra');
  if (kind !== 'azure' && apiVersion !== null) refuse('--api-version');
  if (kind !== 'amazon-bedrock' && region !== null) refuse('--region');
  const modelLine = model === null ? null : `model = ${q(model)}`;
  // Every file starts so: what it is, the provider it selects and the model.
  const head = [header, `model_provider = ${q(id)}`, modelLine];

  switch (kind) {
    case 'openai':
    case 'local':
    case 'defined': {
      if (baseUrlGiven !== null) refuse('--base-url');
      if (kind !== 'openai' && envKeyGiven !== null) refuse('--env-key');
      // openai: cx looks the key up under OPENAI_API_KEY and hands it over as CODEX_API_KEY (or codex's ChatGPT login is used).
      const envKey = kind === 'openai' ? envKeyOf(envKeyGiven, 'OPENAI_API_KEY') : null;
      if (kind === 'openai' && envKey !== 'OPENAI_API_KEY' && envKey !== 'CODEX_API_KEY') throw usage('for provider openai the key is OPENAI_API_KEY (cx hands it to codex as CODEX_API_KEY)', 'leave --env-key out');
      return { ...spec, envKey, text: lines(...head) };
    }
    case 'azure': {
      if (model === null) throw usage('Azure needs --model: the name of your deployment', 'e.g. --model gpt-5-mini (the deployment name in the Azure portal)');
      const baseUrl = httpUrl(baseUrlGiven, 'Azure', 'https://RESOURCE.openai.azure.com/openai');
      if (answers.entra && envKeyGiven !== null) throw usage('--entra and --env-key exclude each other: with Entra ID the token comes from `az`, not a key', 'leave --env-key out');
      const envKey = answers.entra ? null : envKeyOf(envKeyGiven, 'AZURE_OPENAI_API_KEY');
      const auth = answers.entra ? `auth = ${q({ command: ENTRA_COMMAND.command, args: [...ENTRA_COMMAND.args] })}` : `env_key = ${q(envKey)}`;
      const text = withResponsesProvider(head, id, answers.entra ? 'Azure OpenAI (Entra ID)' : 'Azure OpenAI', baseUrl, [auth, `query_params = ${q({ 'api-version': apiVersion ?? AZURE_API_VERSION })}`]);
      return { ...spec, baseUrl, envKey, entra: answers.entra, text };
    }
    case 'amazon-bedrock': {
      if (baseUrlGiven !== null) refuse('--base-url');
      if (envKeyGiven !== null) refuse('--env-key');
      if (model === null) throw usage('Amazon Bedrock needs --model', 'Bedrock model IDs look like openai.gpt-5.5 (or openai.gpt-oss-120b)');
      if (region === null) throw usage('Amazon Bedrock needs --region', `one of ${known.bedrockRegions.join(', ')}`);
      if (!known.bedrockRegions.includes(region)) {
        const near = nearestName(region, known.bedrockRegions);
        throw usage(`Amazon Bedrock does not serve OpenAI models in region ${/^[a-z0-9-]{1,30}$/.test(region) ? region : '(not shown)'}`, `${near === null ? '' : `did you mean ${near}? `}one of ${known.bedrockRegions.join(', ')}`);
      }
      const text = lines(...head, '', `[model_providers.${id}.aws]`, `region = ${q(region)}`);
      return { ...spec, region, text };
    }
    case 'custom': {
      // codex's reserved IDs (openai, ollama, lmstudio) never get here: resolveKind takes them as built in.
      if (model === null) throw usage(`a new provider needs --model`, 'the model name the server expects');
      const baseUrl = httpUrl(baseUrlGiven, `provider ${id}`, 'https://llm.example.com/v1');
      const envKey = envKeyOf(envKeyGiven, `${id.toUpperCase().replace(/-/g, '_')}_API_KEY`);
      const text = withResponsesProvider(head, id, id, baseUrl, [`env_key = ${q(envKey)}`]);
      return { ...spec, baseUrl, envKey, text };
    }
  }
}
