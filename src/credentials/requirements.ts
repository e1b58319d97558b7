import type { EffectiveSettings } from '../config/effective-settings.ts';
import { isTable } from '../config/toml-file.ts';
import { type TokenCommand, tokenCommandOf } from './token-command.ts';

/**
 * What codex needs for the selected provider, worked out from the merged config (codex-facts.md,
 * "Auth", "Amazon Bedrock", "Azure"). Pure.
 */
export type Requirement =
  /** A variable codex reads itself: a custom provider's `env_key` (Azure included). */
  | { kind: 'env-key'; provider: string; name: string }
  /** Built-in openai: a ChatGPT login, or an API key delivered as CODEX_API_KEY (exec ignores OPENAI_API_KEY). */
  | { kind: 'openai'; provider: 'openai' }
  /** Amazon Bedrock: AWS_BEARER_TOKEN_BEDROCK, or AWS credentials for a profile; a region always. */
  | {
      kind: 'aws';
      provider: string;
      profile: string | null;
      /** `config`: `aws.profile` in codex's config, which makes codex resolve that profile itself. */
      profileFrom: 'config' | 'env' | null;
      region: string | null;
      /** The AWS profile's region, which codex does not read: cx hands it over as AWS_REGION. */
      profileRegion: { value: string; from: string } | null;
    }
  /** The provider gets its bearer token from a command (`auth = { command, args }`), which codex runs itself. */
  | { kind: 'token-command'; provider: string; token: TokenCommand }
  /** The provider needs none (Ollama, LM Studio, no env_key). */
  | { kind: 'none'; provider: string; why: string };

function providerTable(settings: EffectiveSettings): Record<string, unknown> {
  const providers = settings.merged['model_providers'];
  const table = isTable(providers) ? providers[settings.provider] : undefined;
  return isTable(table) ? table : {};
}

export function requirementFor(settings: EffectiveSettings, env: Readonly<Record<string, string | undefined>>): Requirement {
  const provider = settings.provider;
  const table = providerTable(settings);
  if (provider === 'ollama' || provider === 'lmstudio' || provider === 'oss') return { kind: 'none', provider, why: 'a local provider needs no credentials' };
  if (provider === 'openai') return { kind: 'openai', provider };
  if (provider === 'amazon-bedrock' || provider === 'amazon-bedrock-runtime') {
    const aws = isTable(table['aws']) ? table['aws'] : {};
    const fromConfig = typeof aws['profile'] === 'string' ? aws['profile'] : null;
    // codex applies $CODEX_HOME/.env over the environment: its AWS_PROFILE wins.
    const fromEnv = settings.codexEnv['AWS_PROFILE'] || env['AWS_PROFILE'] || null;
    const profile = fromConfig ?? fromEnv;
    // A region from the AWS profile is one codex does not read: the credentials stage hands it over.
    const region = settings.regionFromAwsProfile ? null : settings.region;
    const profileRegion = settings.regionFromAwsProfile && settings.region !== null ? { value: settings.region, from: settings.regionFrom ?? 'the AWS profile' } : null;
    return { kind: 'aws', provider, profile, profileFrom: fromConfig ? 'config' : fromEnv ? 'env' : null, region, profileRegion };
  }
  const token = tokenCommandOf(table['auth']);
  if (token !== null) return { kind: 'token-command', provider, token };
  if (isTable(table['auth'])) return { kind: 'none', provider, why: 'the provider runs its own auth.command' };
  const envKey = table['env_key'];
  if (typeof envKey === 'string' && envKey !== '') return { kind: 'env-key', provider, name: envKey };
  return { kind: 'none', provider, why: 'the provider names no env_key' };
}
