// Where configMistakes says a mistake is (file:line), beyond test/compat/config-mistakes.test.ts:
// a key inside the provider's own table and never a line of another table, quoted ids, a provider
// set only by -c (no file), keys of a legacy table, and an unknown key under strict mode.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configMistakes, type MistakeInput } from '../../src/compat/config-mistakes.ts';
import { loadCodexConfig, readProfileFile } from '../../src/config/codex-config.ts';
import { effectiveSettings } from '../../src/config/effective-settings.ts';
import type { TomlTable } from '../../src/config/toml-file.ts';
import type { Finding } from '../../src/plan/finding.ts';
import { tempDir } from '../helpers/cx-process.ts';

function run(files: { config?: string; profile?: string }, extra: Partial<MistakeInput> & { args?: TomlTable } = {}): { findings: Finding[]; home: string } {
  const home = tempDir('cx-mistakes-unit-');
  if (files.config !== undefined) writeFileSync(join(home, 'config.toml'), files.config);
  if (files.profile !== undefined) writeFileSync(join(home, 'p.config.toml'), files.profile);
  const env = { CODEX_HOME: home };
  const codexConfig = loadCodexConfig(env);
  const profile = files.profile === undefined ? null : readProfileFile(codexConfig, 'p');
  const settings = effectiveSettings([codexConfig.base, profile?.data ?? {}, extra.args ?? {}], env);
  const input: MistakeInput = {
    codexConfig,
    profile: profile && { path: profile.path, data: profile.data, text: profile.text ?? null },
    merged: settings.merged,
    provider: settings.provider,
    env,
    chatgptLogin: false,
    ...extra,
  };
  return { findings: configMistakes(input), home };
}

const where = (f: Finding | undefined): string => (f?.message ?? '').split(': ')[0] ?? '';

/**
 * For a config.toml in `home` holding `config`: where the finding about the unknown key `modle`
 * of legacy profile NAME (whose table starts at line AT) places it.
 */
function legacyPlace(home: string, config: string): (name: string, at: number) => string | undefined {
  const env = { CODEX_HOME: home };
  const codexConfig = loadCodexConfig(env);
  const path = join(home, 'config.toml');
  return (name, at) => {
    const data = codexConfig.legacy.get(name)?.data ?? {};
    return configMistakes({ codexConfig, profile: { path, data, text: config, legacyAt: `${path}:${at}` }, merged: data, provider: 'openai', env, chatgptLogin: false }).find((f) => f.message.includes('`modle`'))?.message.split(': ')[0];
  };
}

describe('the line of a key in a provider\'s table', () => {
  it('the key inside the provider\'s own table; its header when the key is not written there; never a line of the next table', () => {
    const found = run({ config: '[model_providers.gw]\nname = "gw"\n[model_providers.amazon-bedrock]\nname = "b"\n' });
    expect(where(found.findings[0])).toBe(`${join(found.home, 'config.toml')}:4`);
    const dotted = run({ config: '[model_providers.amazon-bedrock]\nfoo.bar = 1\n[model_providers.gw]\nfoo = "gw"\n' });
    expect(dotted.findings.map((f) => f.code)).toEqual(['bedrock-provider-field']);
    expect(where(dotted.findings[0])).toBe(`${join(dotted.home, 'config.toml')}:1`);
    const bracketInValue = run({ config: '[model_providers.amazon-bedrock]\nbase_url = "http://[::1]:9/v1"\nname = "b"\n' });
    expect(where(bracketInValue.findings[0])).toBe(`${join(bracketInValue.home, 'config.toml')}:3`);
    const indented = run({ config: '[model_providers.amazon-bedrock]\nfoo.bar = 1\n  [model_providers.gw]\n  foo = "gw"\n' });
    expect(where(indented.findings[0])).toBe(`${join(indented.home, 'config.toml')}:1`);
  });

  it('quoted ids, blanks inside the header, and a dotted key at the top level', () => {
    const quoted = run({ config: 'model = "m"\n[ model_providers . "openai" ]\nname = "x"\n' });
    expect(where(quoted.findings[0])).toBe(`${join(quoted.home, 'config.toml')}:2`);
    const single = run({ config: "model = \"m\"\n\n[model_providers.'amazon-bedrock']\nname = \"x\"\n" });
    expect(where(single.findings[0])).toBe(`${join(single.home, 'config.toml')}:4`);
    const top = run({ config: 'model = "m"\nmodel_providers.ollama.base_url = "http://127.0.0.1:9"\n' });
    expect(where(top.findings[0])).toBe(`${join(top.home, 'config.toml')}:2`);
  });

  it('a header that only starts like the id is another provider', () => {
    const other = run({ config: '[model_providers.openai-custom]\nname = "x"\n\n[model_providers.openai]\nname = "y"\n' });
    expect(where(other.findings[0])).toBe(`${join(other.home, 'config.toml')}:4`);
  });

  it('the profile file when the profile defines the provider, config.toml otherwise', () => {
    const inProfile = run({ config: '[model_providers.gw]\nwire_api = "chat"\nbase_url = "https://x"\n', profile: 'model = "m"\n[model_providers.openai]\nname = "mine"\n' });
    expect(inProfile.findings.map((f) => [f.code, where(f)])).toEqual([
      ['reserved-provider-redefined', `${join(inProfile.home, 'p.config.toml')}:2`],
      ['wire-api-chat', `${join(inProfile.home, 'config.toml')}:2`],
    ]);
  });

  it('a provider set only by -c overrides: named at config.toml, no line (and no config.toml to read)', () => {
    const none = run({}, { args: { model_providers: { openai: { name: 'x' } } } });
    expect(none.findings.map((f) => [f.code, where(f)])).toEqual([['reserved-provider-redefined', join(none.home, 'config.toml')]]);
    const withFile = run({ config: 'model = "m"\n' }, { args: { model_providers: { openai: { name: 'x' } } } });
    expect(where(withFile.findings[0])).toBe(join(withFile.home, 'config.toml'));
  });

  it('a Bedrock table last in the file whose extra key is not written as `key =`: its header', () => {
    const last = run({ config: 'model = "m"\n[model_providers.amazon-bedrock]\nfoo.bar = 1\n' });
    expect(where(last.findings[0])).toBe(`${join(last.home, 'config.toml')}:2`);
  });

  it('every extra key of a Bedrock provider is named, amazon-bedrock-runtime too', () => {
    const found = run({ config: '[model_providers.amazon-bedrock-runtime]\nname = "x"\nenv_key = "K"\nbase_url = "http://127.0.0.1:9"\n' });
    expect(found.findings.map((f) => f.code)).toEqual(['bedrock-provider-field']);
    expect(found.findings[0]?.message).toContain('[model_providers.amazon-bedrock-runtime] sets name, env_key, which codex does not let a config change');
    expect(where(found.findings[0])).toBe(`${join(found.home, 'config.toml')}:2`);
  });
});

describe('keys of a legacy table', () => {
  it('an unknown key of the applied legacy table: its line inside the table, else the table\'s line', () => {
    const home = tempDir('cx-mistakes-legacy-');
    const config = 'model = "m"\n\n[profiles.old]\nmodel = "b"\nmodle = "typo"\n\n[other]\nmodle = "not this one"\n';
    writeFileSync(join(home, 'config.toml'), config);
    const env = { CODEX_HOME: home };
    const codexConfig = loadCodexConfig(env);
    const data = codexConfig.legacy.get('old')?.data ?? {};
    const findingFor = (legacyAt: string, text: string | null) =>
      configMistakes({ codexConfig, profile: { path: join(home, 'config.toml'), data, text, legacyAt }, merged: { ...codexConfig.base, ...data }, provider: 'openai', env, chatgptLogin: false }).find((f) => f.message.includes('modle'));
    expect(findingFor(`${join(home, 'config.toml')}:3`, config)?.message).toContain(`${join(home, 'config.toml')}:5`);
    expect(findingFor(`${join(home, 'config.toml')}:3`, null)?.message).toContain(`${join(home, 'config.toml')}:3`);
    expect(findingFor('not a place', config)?.message).toContain('not a place');
  });

  it('an unknown key of the legacy table written only after the next table: the table\'s line; a table past line 9 too', () => {
    const home = tempDir('cx-mistakes-legacy2-');
    const config = `${'# pad\n'.repeat(10)}[profiles.old]\nmodle.x = 1\n\n[other]\nmodle = 2\n[profiles.new]\nmodel = "x"\nmodle = 3\n`;
    writeFileSync(join(home, 'config.toml'), config);
    const place = legacyPlace(home, config);
    expect(place('old', 11)).toBe(`${join(home, 'config.toml')}:11`);
    expect(place('new', 16)).toBe(`${join(home, 'config.toml')}:18`);
  });

  it('the search for a legacy key stops at the next header, indented or not, but not at a `[` inside a value; a table last in the file too', () => {
    const home = tempDir('cx-mistakes-legacy3-');
    const config = '[profiles.a]\nmodel = "[x]"\nmodle = 1\n[profiles.b]\nmodle.x = 1\n  [other]\n  modle = 2\n[profiles.c]\nmodle.x = 1\n';
    writeFileSync(join(home, 'config.toml'), config);
    const place = legacyPlace(home, config);
    expect(place('a', 1)).toBe(`${join(home, 'config.toml')}:3`);
    expect(place('b', 4)).toBe(`${join(home, 'config.toml')}:4`);
    expect(place('c', 8)).toBe(`${join(home, 'config.toml')}:8`);
  });

  it('an unknown key written as a table header in a profile file: its file, and its line when one is found', () => {
    const found = run({ profile: 'model = "m"\n[modle]\nx = 1\n' });
    const at = found.findings.find((f) => f.message.includes('`modle`'))?.message.split(': ')[0] ?? '';
    expect(at).toMatch(new RegExp(`^${join(found.home, 'p.config.toml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(:\\d+)?$`));
  });

  it('unknown keys in config.toml and in a profile file: named at their file and line', () => {
    const found = run({ config: 'model = "m"\nmodle = "x"\n', profile: 'model = "m"\n\nsandbox_mod = "x"\n' });
    const at = (key: string) => found.findings.find((f) => f.message.includes(`\`${key}\``))?.message.split(': ')[0];
    expect(at('modle')).toBe(`${join(found.home, 'config.toml')}:2`);
    expect(at('sandbox_mod')).toBe(`${join(found.home, 'p.config.toml')}:3`);
  });

  it('OPENAI_BASE_URL ignored by codex: requests go to the configured openai_base_url, else the default endpoint', () => {
    const plain = run({ config: 'model = "m"\n' }, { env: { OPENAI_BASE_URL: 'http://127.0.0.1:9' } });
    expect(plain.findings.find((f) => f.code === 'openai-base-url-env')?.message).toBe('OPENAI_BASE_URL is set but codex ignores it; requests go to the default OpenAI endpoint');
    const set = run({ config: 'openai_base_url = "http://127.0.0.1:8"\n' }, { env: { OPENAI_BASE_URL: 'http://127.0.0.1:9' } });
    expect(set.findings.find((f) => f.code === 'openai-base-url-env')?.message).toBe('OPENAI_BASE_URL is set but codex ignores it; requests go to http://127.0.0.1:8');
  });

  it('unknown keys: a warning, an error under strict mode', () => {
    const plain = run({ profile: 'model = "m"\nsandbox_mod = "x"\n' });
    const strict = run({ profile: 'model = "m"\nsandbox_mod = "x"\n' }, { strict: true });
    const level = (r: { findings: Finding[] }) => r.findings.find((f) => f.message.includes('sandbox_mod'))?.level;
    expect([level(plain), level(strict)]).not.toContain(undefined);
    expect(level(plain)).not.toBe(level(strict));
  });
});
