// What `cx secret` checks about the names it is given, before it touches the keyring: a profile
// that exists (with the nearest name when not), whether any provider reads the variable, and the
// stored name a mistyped one was meant to be. Pure; tested by test/credentials/secret-names.unit.test.ts.
import { isTable, type TomlTable } from '../config/toml-file.ts';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { nearestName } from '../nearest-name.ts';

/** Variables cx looks a stored secret up for without an env_key naming them (requirements.ts). */
export const BUILT_IN_SECRET_NAMES: readonly string[] = ['OPENAI_API_KEY', 'CODEX_API_KEY', 'AWS_BEARER_TOKEN_BEDROCK'];

/** Every variable a provider reads: the built-in ones, and each `env_key` in these tables (config.toml, profiles). */
export function namesProvidersRead(tables: readonly TomlTable[]): string[] {
  const names = new Set(BUILT_IN_SECRET_NAMES);
  for (const table of tables) {
    const providers = table['model_providers'];
    if (!isTable(providers)) continue;
    for (const provider of Object.values(providers)) {
      if (isTable(provider) && typeof provider['env_key'] === 'string' && provider['env_key'] !== '') names.add(provider['env_key']);
    }
  }
  return [...names];
}

/** `--profile P` for a profile that exists nowhere: refused (78, as a launch refuses it), with the nearest name. */
export function unknownProfile(profile: string, profiles: readonly string[]): CxError | null {
  if (profiles.includes(profile)) return null;
  const meant = nearestName(profile, profiles);
  const existing = profiles.length === 0 ? 'there are none' : `those that exist: ${profiles.join(', ')}`;
  return new CxError(`profile ${profile} does not exist (no ${profile}.config.toml and no [profiles.${profile}] in codex's config); ${existing}`, EXIT.config, meant === null ? 'create the profile first, or leave out --profile for a global entry' : `did you mean --profile ${meant}?`);
}

/** The warning for a secret no provider reads (it would sit in the keyring unused), or null. */
export function unreadSecret(name: string, read: readonly string[]): string | null {
  if (read.includes(name)) return null;
  const meant = nearestName(name, read);
  return `no provider in codex's config or profiles reads ${name} (env_key), so cx will never deliver it${meant === null ? "" : ` (did you mean ${meant}?)`}`;
}
