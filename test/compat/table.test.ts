// The capability table (src/compat/table.ts): the shipped JSON parses into complete rows, and cx's
// `[compat]` overrides lay over it cell by cell, or are refused naming the key at fault.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { supportedRange } from '../helpers/codex-range.ts';
import { FEATURES, TableError, builtinTable, parseRow, withOverrides } from '../../src/compat/table.ts';

const SHIPPED_ROWS = ['openai-chatgpt', 'openai-api-key', 'amazon-bedrock', 'azure', 'oci', 'ollama', 'lmstudio', 'custom'];

function row(id: string) {
  const found = builtinTable().rows.find((r) => r.id === id);
  if (found === undefined) throw new Error(`no row ${id}`);
  return found;
}

/** The TableError `fn` throws (fails the test when it throws nothing, or something else). */
function tableError(fn: () => unknown): TableError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TableError);
    return error as TableError;
  }
  throw new Error('expected a TableError, nothing was thrown');
}

describe('the shipped table', () => {
  it('parses, with its date, sources and reasoning efforts', () => {
    const table = builtinTable();
    expect(table.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The range it was probed with: the oldest and the newest codex (test/codex-facts/ checks the versions).
    expect(table.checkedWith).toMatch(/^codex-cli \d+\.\d+\.\d+ and \d+\.\d+\.\d+$/);
    // Probed with a codex of the supported range.
    expect(table.checkedWith).toContain(`codex-cli ${supportedRange().oldest}`);
    expect(table.sources.length).toBeGreaterThan(0);
    for (const source of table.sources) expect(source.length).toBeGreaterThan(20);
    expect(table.reasoningEfforts).toEqual(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']);
    expect(table.rows.map((r) => r.id)).toEqual(SHIPPED_ROWS);
  });

  it('gives every row every feature, each yes, no or unknown, and a label and residency', () => {
    for (const r of builtinTable().rows) {
      expect(Object.keys(r.features).sort(), r.id).toEqual([...FEATURES].sort());
      for (const cell of Object.values(r.features)) expect(['yes', 'no', 'unknown'], r.id).toContain(cell);
      expect(r.label, r.id).not.toBe(r.id);
      expect(r.residency, r.id).not.toBeNull();
      expect(r.providers.length + r.baseUrls.length, r.id).toBeGreaterThan(0);
    }
  });

  it('spells every feature in the JSON itself (no cell filled in by the parser\'s default)', () => {
    const raw = JSON.parse(readFileSync(new URL('../../src/compat/capabilities.json', import.meta.url), 'utf8')) as { rows: Record<string, { features: Record<string, string> }> };
    for (const [id, r] of Object.entries(raw.rows)) expect(Object.keys(r.features).sort(), id).toEqual([...FEATURES].sort());
  });

  it('has exactly one catch-all row, last, so every other row is tried first', () => {
    const rows = builtinTable().rows;
    expect(rows.filter((r) => r.providers.includes('*')).map((r) => r.id)).toEqual(['custom']);
    expect(rows.at(-1)?.id).toBe('custom');
  });

  it('says what product.md says: Bedrock and Azure have no web search; Bedrock ids are openai.*; GovCloud refused; OCI unavailable', () => {
    expect(row('amazon-bedrock').features.web_search).toBe('no');
    expect(row('azure').features.web_search).toBe('no');
    expect(row('openai-chatgpt').features.codex_cloud).toBe('yes');
    expect(row('openai-api-key').features.codex_cloud).toBe('no');
    expect(row('amazon-bedrock').modelPattern).toBe('openai.*');
    expect(row('amazon-bedrock').regions).toContain('us-east-1');
    expect(Object.keys(row('amazon-bedrock').regionsRefused)).toEqual(['us-gov-*']);
    expect(row('azure').modelIsDeployment).toBe(true);
    expect(row('azure').modelAuth).toEqual({ 'gpt-5.5*': 'chatgpt' });
    expect(row('oci').available).toBe(false);
    expect(row('oci').unavailable).not.toBeNull();
    expect(row('ollama').regions).toBeNull();
    expect(row('custom').models).toBeNull();
  });
});

describe('overrides ([compat] in cx\'s config)', () => {
  it('merge features cell by cell: one cell changes, the others stay', () => {
    const table = withOverrides(builtinTable(), { rows: { 'amazon-bedrock': { features: { web_search: 'yes' } } }, reasoningEfforts: null });
    const bedrock = table.rows.find((r) => r.id === 'amazon-bedrock');
    expect(bedrock?.features).toEqual({ ...row('amazon-bedrock').features, web_search: 'yes' });
    // Everything else of the row is kept.
    expect(bedrock?.regions).toEqual(row('amazon-bedrock').regions);
    expect(bedrock?.modelPattern).toBe('openai.*');
    expect(bedrock?.providers).toEqual(['amazon-bedrock', 'amazon-bedrock-runtime']);
    // The row keeps its place; the shipped table is not changed.
    expect(table.rows.map((r) => r.id)).toEqual(SHIPPED_ROWS);
    expect(row('amazon-bedrock').features.web_search).toBe('no');
  });

  it('replace lists (regions, models) and scalars; add reasoning efforts', () => {
    const table = withOverrides(builtinTable(), {
      rows: { 'amazon-bedrock': { regions: ['us-east-1', 'ca-central-1'], models: ['openai.gpt-5.5'], label: 'Bedrock (corp)' } },
      reasoningEfforts: ['low', 'turbo'],
    });
    const bedrock = table.rows.find((r) => r.id === 'amazon-bedrock');
    expect(bedrock?.regions).toEqual(['us-east-1', 'ca-central-1']);
    expect(bedrock?.models).toEqual(['openai.gpt-5.5']);
    expect(bedrock?.label).toBe('Bedrock (corp)');
    expect(bedrock?.regionsRefused).toEqual(row('amazon-bedrock').regionsRefused);
    expect(table.reasoningEfforts).toEqual(['low', 'turbo']);
    expect(withOverrides(builtinTable(), { rows: {}, reasoningEfforts: null }).reasoningEfforts).toEqual(builtinTable().reasoningEfforts);
  });

  it('add a new row, in front of the shipped ones, with unknown for the features it does not name', () => {
    const table = withOverrides(builtinTable(), { rows: { 'my-gateway': { providers: ['litellm'], features: { web_search: 'no', service_tier: 'no' } } }, reasoningEfforts: null });
    expect(table.rows.map((r) => r.id)).toEqual(['my-gateway', ...SHIPPED_ROWS]);
    const gateway = table.rows[0];
    expect(gateway?.label).toBe('my-gateway');
    expect(gateway?.features).toEqual({ web_search: 'no', image_generation: 'unknown', codex_cloud: 'unknown', service_tier: 'no', voice: 'unknown', data_residency: 'unknown' });
    expect(gateway?.available).toBe(true);
    expect(gateway?.regions).toBeNull();
    const byUrl = withOverrides(builtinTable(), { rows: { corp: { base_urls: ['*litellm.corp.example*'] } }, reasoningEfforts: null });
    expect(byUrl.rows[0]).toMatchObject({ id: 'corp', providers: [], baseUrls: ['*litellm.corp.example*'] });
  });

  it('a new row must say what it covers (providers or base_urls)', () => {
    const error = tableError(() => withOverrides(builtinTable(), { rows: { 'my-gateway': { features: { web_search: 'no' } } }, reasoningEfforts: null }));
    expect(error.key).toBe('rows.my-gateway');
    expect(error.message).toContain('providers');
    expect(error.message).toContain('base_urls');
    // An empty list says nothing either.
    expect(tableError(() => parseRow('x', { providers: [] }, 'rows.x', null)).key).toBe('rows.x');
  });

  const BAD: [string, unknown, string][] = [
    ['a feature value', { features: { web_search: 'maybe' } }, 'rows.amazon-bedrock.features.web_search'],
    ['an unknown feature', { features: { teleport: 'yes' } }, 'rows.amazon-bedrock.features.teleport'],
    ['features not a table', { features: 'no' }, 'rows.amazon-bedrock.features'],
    ['an unknown key', { regoins: ['us-east-1'] }, 'rows.amazon-bedrock.regoins'],
    ['regions not strings', { regions: ['us-east-1', 7] }, 'rows.amazon-bedrock.regions'],
    ['regions not a list', { regions: 'us-east-1' }, 'rows.amazon-bedrock.regions'],
    ['models not a list', { models: 'openai.gpt-5.5' }, 'rows.amazon-bedrock.models'],
    ['providers not a list', { providers: 'amazon-bedrock' }, 'rows.amazon-bedrock.providers'],
    ['base_urls not strings', { base_urls: [1] }, 'rows.amazon-bedrock.base_urls'],
    ['available not a boolean', { available: 'no' }, 'rows.amazon-bedrock.available'],
    ['model_is_deployment not a boolean', { model_is_deployment: 1 }, 'rows.amazon-bedrock.model_is_deployment'],
    ['auth not chatgpt/api-key', { auth: 'sso' }, 'rows.amazon-bedrock.auth'],
    ['model_auth with a bad auth', { model_auth: { 'gpt-*': 'password' } }, 'rows.amazon-bedrock.model_auth.gpt-*'],
    ['regions_refused not a table', { regions_refused: ['us-gov-*'] }, 'rows.amazon-bedrock.regions_refused'],
    ['regions_refused with a non-string reason', { regions_refused: { 'us-gov-*': true } }, 'rows.amazon-bedrock.regions_refused.us-gov-*'],
    ['label not a string', { label: 3 }, 'rows.amazon-bedrock.label'],
    ['the row not a table', 'yes', 'rows.amazon-bedrock'],
  ];
  it.each(BAD)('refuse %s, naming the key', (_what, raw, key) => {
    const error = tableError(() => withOverrides(builtinTable(), { rows: { 'amazon-bedrock': raw }, reasoningEfforts: null }));
    expect(error.key).toBe(key);
    expect(error.message.length).toBeGreaterThan(10);
  });
});
