import type { EffectiveSettings } from '../config/effective-settings.ts';
import { isTable } from '../config/toml-file.ts';
import { wildcardMatch } from '../select/wildcard.ts';
import type { CapabilityTable, Row } from './table.ts';

/** How the run authenticates, as far as the table cares. */
export type AuthKind = 'chatgpt' | 'api-key';

export interface Classified {
  row: Row;
  auth: AuthKind;
  /** Why this row: the provider id, or the base_url glob that matched. */
  why: string;
  /** Whether codex has a ChatGPT login at all (Codex Cloud uses it whatever the provider). */
  chatgptLogin: boolean;
}

function providerTable(settings: EffectiveSettings): Record<string, unknown> {
  const providers = settings.merged['model_providers'];
  const table = isTable(providers) ? providers[settings.provider] : undefined;
  return isTable(table) ? table : {};
}

/** The openai row for this kind of login (the table has one per login). */
export function openaiRow(table: CapabilityTable, auth: AuthKind): Row | undefined {
  return table.rows.find((r) => r.providers.includes('openai') && (r.auth === null || r.auth === auth));
}

/**
 * Which row of the table describes this run. openai rows differ by login; other providers by id,
 * then by base_url glob (a custom provider pointing at Azure is Azure), then the catch-all `*`.
 */
export function classify(settings: EffectiveSettings, table: CapabilityTable, chatgptLogin: boolean): Classified {
  const provider = settings.provider;
  const definition = providerTable(settings);
  // A custom provider with requires_openai_auth uses codex's OpenAI login (ChatGPT or API key).
  const openaiAuth = provider === 'openai' || definition['requires_openai_auth'] === true;
  const auth: AuthKind = openaiAuth && chatgptLogin ? 'chatgpt' : 'api-key';
  if (provider === 'openai') {
    const row = openaiRow(table, auth);
    if (row) return { row, auth, chatgptLogin, why: `model_provider ${provider} with ${auth === 'chatgpt' ? 'a ChatGPT login' : 'an API key'}` };
  }
  const byId = table.rows.find((r) => r.providers.includes(provider));
  if (byId) return { row: byId, auth, chatgptLogin, why: `model_provider ${provider}` };
  const baseUrl = typeof definition['base_url'] === 'string' ? definition['base_url'] : null;
  if (baseUrl !== null) {
    for (const row of table.rows) {
      const glob = row.baseUrls.find((g) => wildcardMatch(g, baseUrl));
      if (glob !== undefined) return { row, auth, chatgptLogin, why: `base_url ${baseUrl} matches ${glob}` };
    }
  }
  const fallback = table.rows.find((r) => r.providers.includes('*'));
  if (fallback === undefined) throw new Error('the capability table has no catch-all row (providers = ["*"])');
  return { row: fallback, auth, chatgptLogin, why: `model_provider ${provider} is a custom provider` };
}
