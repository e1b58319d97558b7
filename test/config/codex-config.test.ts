import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { loadCodexConfig, profileNames, readProfileFile } from '../../src/config/codex-config.ts';
import { effectiveSettings, overridesTable } from '../../src/config/effective-settings.ts';
import { inlineToml } from '../../src/config/toml-inline.ts';
import { CxError } from '../../src/cx-error.ts';
import { readCodexArgs } from '../../src/plan/codex-args.ts';
import { legacyOverrides } from '../../src/plan/legacy-overrides.ts';
import { tempDir } from '../helpers/cx-process.ts';

function home(files: Record<string, string>): string {
  const dir = tempDir('cx-codex-home-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('loadCodexConfig', () => {
  it('lists profile files and legacy tables, and keeps them out of the base settings', () => {
    const dir = home({
      'config.toml': 'model = "base"\n\n[profiles.old]\nmodel = "old-model"\n\n[profiles.old.model_providers.x]\nbase_url = "u"\n',
      'new.config.toml': 'model = "new-model"\n',
      'bad.name.config.toml': '',
      'notes.toml': '',
    });
    const config = loadCodexConfig({ CODEX_HOME: dir });
    expect(config.base).toEqual({ model: 'base' });
    expect(profileNames(config)).toEqual(['new', 'old']);
    expect(config.legacy.get('old')).toMatchObject({ kind: 'legacy', at: `${join(dir, 'config.toml')}:3`, data: { model: 'old-model' } });
    expect(readProfileFile(config, 'new')).toMatchObject({ kind: 'file', data: { model: 'new-model' } });
    expect(readProfileFile(config, 'old')).toBeNull();
  });

  it('is empty for a CODEX_HOME that does not exist', () => {
    const config = loadCodexConfig({ CODEX_HOME: join(tempDir(), 'nope') });
    expect(profileNames(config)).toEqual([]);
    expect(config.file).toBeNull();
  });

  it('names the file and line of a malformed config or profile', () => {
    const dir = home({ 'config.toml': 'model = "a"\nmodel_provider = \n', 'p.config.toml': '[x\n' });
    expect(() => loadCodexConfig({ CODEX_HOME: dir })).toThrow(new RegExp(`${join(dir, 'config.toml')}:2:`));
    const ok = home({ 'p.config.toml': 'a = 1\n[x\n' });
    const config = loadCodexConfig({ CODEX_HOME: ok });
    let caught: unknown;
    try {
      readProfileFile(config, 'p');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CxError);
    expect((caught as CxError).message).toContain(`${join(ok, 'p.config.toml')}:2:`);
  });
});

describe('effectiveSettings', () => {
  it('layers config.toml, the profile and the arguments as codex does', () => {
    const base = { model: 'base', model_provider: 'amazon-bedrock', model_providers: { 'amazon-bedrock': { aws: { region: 'us-east-1', profile: 'p' } } } };
    const profile = { model: 'prof', model_providers: { 'amazon-bedrock': { aws: { region: 'eu-west-1' } } } };
    const args = overridesTable(readCodexArgs(['-c', 'web_search="live"', 'exec', '-m', 'from-flag', '-c', 'service_tier=fast']).overrides);
    const settings = effectiveSettings([base, profile, args], {});
    expect(settings).toMatchObject({ provider: 'amazon-bedrock', model: 'from-flag', region: 'eu-west-1', webSearch: 'live', serviceTier: 'fast' });
    expect(settings.merged).toMatchObject({ model_providers: { 'amazon-bedrock': { aws: { profile: 'p' } } } });
  });

  it('takes a Bedrock region from the environment when the config has none', () => {
    expect(effectiveSettings([{ model_provider: 'amazon-bedrock' }], { AWS_DEFAULT_REGION: 'eu-north-1' })).toMatchObject({ region: 'eu-north-1', regionFrom: 'AWS_DEFAULT_REGION' });
    expect(effectiveSettings([{ model_provider: 'amazon-bedrock' }], { AWS_REGION: 'a', AWS_DEFAULT_REGION: 'b' }).region).toBe('a');
    expect(effectiveSettings([{}], { AWS_REGION: 'a' })).toMatchObject({ provider: 'openai', region: null, webSearch: 'cached' });
  });

  it('reads --enable/--disable and --search as codex does', () => {
    const table = overridesTable(readCodexArgs(['--enable', 'x', '--disable=image_generation', '--search']).overrides);
    expect(table).toEqual({ features: { x: true, image_generation: false }, web_search: 'live' });
  });
});

describe('legacy profiles as -c overrides', () => {
  it('flattens a table into -c key=value pairs whose values read back the same', () => {
    const data = {
      model: 'gpt "5"\n',
      model_reasoning_effort: 'high',
      model_providers: { azure: { base_url: 'https://x.openai.azure.com/openai', query_params: { 'api-version': '2025-04-01' }, retries: 3 } },
      list: [1, 'two', { three: 3.5 }],
      flag: false,
    };
    const { args, unaddressable } = legacyOverrides({ name: 'p', kind: 'legacy', at: 'x', path: 'x', data });
    expect(unaddressable).toEqual([]);
    const pairs = args.filter((_, i) => i % 2 === 1);
    expect(args.filter((_, i) => i % 2 === 0).every((a) => a === '-c')).toBe(true);
    expect(pairs).toContain('model_providers.azure.query_params.api-version="2025-04-01"');
    // Reading every override back as codex does gives the table.
    expect(overridesTable(readCodexArgs(args).overrides)).toEqual(data);
  });

  it('reports keys that -c cannot address', () => {
    const { unaddressable } = legacyOverrides({ name: 'p', kind: 'legacy', at: 'x', path: 'x', data: { 'a.b': 1, ok: 2 } });
    expect(unaddressable).toEqual(['a.b']);
  });

  it('writes inline TOML that smol-toml reads back', () => {
    for (const value of ['x', 'quote " and \\ and \u0001', 0, -12, 1.5, true, [], [1, [2]], { a: { 'b c': 'd' } }]) {
      expect(parse(`v = ${inlineToml(value)}`)['v']).toEqual(value);
    }
  });
});
