// The configuration mistakes of codex-facts.md (src/compat/config-mistakes.ts), found in the config
// and environment a run uses, each naming the file and line it is at. Reads config files from a
// temp CODEX_HOME; starts no process.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_ERROR_CODES, configMistakes } from '../../src/compat/config-mistakes.ts';
import { loadCodexConfig, readProfileFile } from '../../src/config/codex-config.ts';
import { effectiveSettings } from '../../src/config/effective-settings.ts';
import type { Finding } from '../../src/plan/finding.ts';
import { tempDir } from '../helpers/cx-process.ts';

interface Run {
  config?: string;
  /** The selected profile file's body (profile `p`). */
  profile?: string;
  env?: Record<string, string>;
  chatgptLogin?: boolean;
  /** The selected profile is the legacy table at this `config.toml:LINE`. */
  legacyAt?: string;
}

function mistakes(run: Run, at?: string): { findings: Finding[]; home: string } {
  const home = at ?? tempDir('cx-mistakes-');
  if (run.config !== undefined) writeFileSync(join(home, 'config.toml'), run.config);
  if (run.profile !== undefined) writeFileSync(join(home, 'p.config.toml'), run.profile);
  const env = { CODEX_HOME: home, ...run.env };
  const codexConfig = loadCodexConfig(env);
  const profile = run.profile === undefined ? null : readProfileFile(codexConfig, 'p');
  const settings = effectiveSettings([codexConfig.base, profile?.data ?? {}], env);
  const findings = configMistakes({
    codexConfig,
    profile: run.legacyAt !== undefined ? { path: join(home, 'config.toml'), data: codexConfig.legacy.get('old')?.data ?? {}, text: codexConfig.file?.text ?? null, legacyAt: run.legacyAt } : profile && { path: profile.path, data: profile.data, text: profile.text ?? null },
    merged: settings.merged,
    provider: settings.provider,
    env,
    chatgptLogin: run.chatgptLogin ?? false,
  });
  return { findings, home };
}

function codes(run: Run): string[] {
  return mistakes(run).findings.map((f) => `${f.level} ${f.code}`);
}

describe('configMistakes', () => {
  it('finds nothing in a plain config', () => {
    expect(codes({ config: 'model = "gpt-5.5"\n', profile: 'model_provider = "gw"\n[model_providers.gw]\nbase_url = "https://x/v1"\nwire_api = "responses"\n' })).toEqual([]);
    expect(codes({})).toEqual([]);
  });

  it('config-top-level-profile: an error at config.toml:LINE, one codex itself rejects', () => {
    const { findings, home } = mistakes({ config: 'model = "gpt-5.5"\nprofile = "work"\n' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ level: 'error', code: 'config-top-level-profile' });
    expect(findings[0]?.message).toContain(`${join(home, 'config.toml')}:2:`);
    expect(findings[0]?.fix).toContain('default_profile');
    expect(CONFIG_ERROR_CODES.has('config-top-level-profile')).toBe(true);
  });

  it('legacy-profile-model-providers: at the legacy table, only for a table that has them; info unless this run applies it', () => {
    const config = 'model = "gpt-5.5"\n\n[profiles.plain]\nmodel = "a"\n\n[profiles.old]\nmodel = "b"\n\n[profiles.old.model_providers.gw]\nbase_url = "https://x/v1"\n';
    const { findings, home } = mistakes({ config });
    expect(findings.map((f) => `${f.level} ${f.code}`)).toEqual(['info legacy-profile-model-providers']);
    expect(findings[0]?.message).toContain(`${join(home, 'config.toml')}:6:`);
    expect(findings[0]?.message).toContain('[profiles.old.model_providers');
    // What happens: codex alone ignores it, cx applies it through -c.
    expect(findings[0]?.message).toMatch(/codex warns that it ignores it.*cx applies it, as -c model_providers/);
    expect(findings[0]?.fix).toContain('cx migrate');
    const selected = mistakes({ config, legacyAt: `${join(home, 'config.toml')}:6` }, home).findings;
    expect(selected.map((f) => `${f.level} ${f.code}`)).toEqual(['warning legacy-profile-model-providers']);
  });

  describe('reserved-provider-redefined', () => {
    for (const id of ['openai', 'ollama', 'lmstudio']) {
      it(`[model_providers.${id}] in config.toml: an error at its line`, () => {
        const { findings, home } = mistakes({ config: `model = "m"\n\n[model_providers.${id}]\nbase_url = "http://127.0.0.1:9/v1"\n` });
        expect(findings.map((f) => `${f.level} ${f.code}`)).toEqual(['error reserved-provider-redefined']);
        expect(findings[0]?.message).toContain(`${join(home, 'config.toml')}:3:`);
        expect(findings[0]?.fix).toContain(`${id}-custom`);
      });
    }

    it('in the selected profile: named at the profile file', () => {
      const { findings, home } = mistakes({ config: 'model = "m"\n', profile: 'model = "m"\n[model_providers.openai]\nname = "mine"\n' });
      expect(findings.map((f) => f.code)).toEqual(['reserved-provider-redefined']);
      expect(findings[0]?.message).toContain(`${join(home, 'p.config.toml')}:2:`);
      expect(CONFIG_ERROR_CODES.has('reserved-provider-redefined')).toBe(true);
    });

    it('the built-in amazon-bedrock with overridden fields is not a redefinition', () => {
      expect(codes({ config: '[model_providers.amazon-bedrock]\nbase_url = "http://127.0.0.1:9/v1"\n' })).toEqual([]);
    });
  });

  it('bedrock-provider-field: a key codex does not let a config change in [model_providers.amazon-bedrock], at its line', () => {
    const profile = 'model_provider = "amazon-bedrock"\n[model_providers.amazon-bedrock]\nbase_url = "http://127.0.0.1:1/v1"\nrequest_max_retries = 0\n[model_providers.amazon-bedrock.aws]\nregion = "us-east-1"\nfoo = 1\n';
    const { findings, home } = mistakes({ profile });
    const found = findings.filter((f) => f.code === 'bedrock-provider-field');
    expect(found).toHaveLength(1);
    expect(found[0]?.level).toBe('error');
    expect(found[0]?.message).toContain(`${join(home, 'p.config.toml')}:4:`);
    expect(found[0]?.message).toContain('request_max_retries');
    expect(found[0]?.message).not.toContain('foo');
    expect(codes({ profile: profile.replace('request_max_retries = 0\n', '') })).not.toContain('error bedrock-provider-field');
  });

  it('wire-api-chat: an error at the wire_api line of the file that sets it', () => {
    const profile = 'model_provider = "gw"\n[model_providers.gw]\nbase_url = "https://x/v1"\nwire_api = "chat"\n';
    const { findings, home } = mistakes({ config: 'model = "m"\n', profile });
    expect(findings.map((f) => `${f.level} ${f.code}`)).toEqual(['error wire-api-chat']);
    expect(findings[0]?.message).toContain(`${join(home, 'p.config.toml')}:4:`);
    expect(findings[0]?.message).toContain('provider gw');
    expect(findings[0]?.fix).toContain('responses');
    // In config.toml, for a provider not even selected: codex still refuses to start.
    const inConfig = mistakes({ config: 'model = "m"\n[model_providers.other]\nbase_url = "https://x/v1"\nwire_api = "chat"\n' });
    expect(inConfig.findings.map((f) => f.code)).toEqual(['wire-api-chat']);
    expect(inConfig.findings[0]?.message).toContain(`${join(inConfig.home, 'config.toml')}:4:`);
    expect(CONFIG_ERROR_CODES.has('wire-api-chat')).toBe(true);
  });

  it('wire-api-chat: the line of the provider that says chat, not the first wire_api in the file', () => {
    const config = 'model = "m"\n[model_providers.good]\nbase_url = "https://x/v1"\nwire_api = "responses"\n\n[model_providers.bad]\nbase_url = "https://y/v1"\nwire_api = "chat"\n';
    const { findings, home } = mistakes({ config });
    expect(findings.map((f) => f.code)).toEqual(['wire-api-chat']);
    expect(findings[0]?.message).toContain(`${join(home, 'config.toml')}:8:`);
    // Dotted keys name the line too.
    const dotted = mistakes({ config: 'model = "m"\nmodel_providers.bad.wire_api = "chat"\n' });
    expect(dotted.findings[0]?.message).toContain(`${join(dotted.home, 'config.toml')}:2:`);
  });

  it('openai-base-url-env: a warning on the openai provider, naming where requests go instead', () => {
    const plain = mistakes({ env: { OPENAI_BASE_URL: 'https://proxy.example/v1' } }).findings;
    expect(plain.map((f) => `${f.level} ${f.code}`)).toEqual(['warning openai-base-url-env']);
    expect(plain[0]?.message).toContain('the default OpenAI endpoint');
    expect(plain[0]?.fix).toContain('openai_base_url');
    const configured = mistakes({ config: 'openai_base_url = "https://eu.api.openai.com/v1"\n', env: { OPENAI_BASE_URL: 'https://proxy.example/v1' } }).findings;
    expect(configured[0]?.message).toContain('https://eu.api.openai.com/v1');
    expect(codes({ config: 'model_provider = "amazon-bedrock"\n', env: { OPENAI_BASE_URL: 'https://proxy.example/v1' } })).toEqual([]);
    expect(codes({ env: { OPENAI_BASE_URL: '' } })).toEqual([]);
  });

  it('openai-api-key-only: an info note when OPENAI_API_KEY is the only key on openai', () => {
    const only = mistakes({ env: { OPENAI_API_KEY: 'sk-x' } }).findings;
    expect(only.map((f) => `${f.level} ${f.code}`)).toEqual(['info openai-api-key-only']);
    expect(only[0]?.message).toContain('CODEX_API_KEY');
    expect(only.map((f) => f.message).join('')).not.toContain('sk-x');
    expect(codes({ env: { OPENAI_API_KEY: 'sk-x', CODEX_API_KEY: 'sk-y' } })).toEqual([]);
    expect(codes({ env: { OPENAI_API_KEY: 'sk-x' }, chatgptLogin: true })).toEqual([]);
    expect(codes({ config: 'model_provider = "gw"\n[model_providers.gw]\nbase_url = "https://x/v1"\n', env: { OPENAI_API_KEY: 'sk-x' } })).toEqual([]);
  });

  it('codex-profile-env: an info note when CODEX_PROFILE is set', () => {
    expect(codes({ env: { CODEX_PROFILE: 'work' } })).toEqual(['info codex-profile-env']);
    expect(codes({ env: { CODEX_PROFILE: '' } })).toEqual([]);
  });

  it('only the mistakes codex itself refuses are configuration errors (exit 78)', () => {
    expect([...CONFIG_ERROR_CODES].sort()).toEqual(['bedrock-provider-field', 'config-top-level-profile', 'config-value-invalid', 'provider-unknown', 'reserved-provider-redefined', 'wire-api-chat']);
  });

  it('provider-unknown: a model_provider neither built in nor defined, at its file and line, with the nearest id', () => {
    const { findings, home } = mistakes({ config: 'model = "x"\n', profile: '# bedrock\nmodel_provider = "amazon-bedrok"\n' });
    expect(findings.map((f) => `${f.level} ${f.code}`)).toEqual(['error provider-unknown']);
    expect(findings[0]?.message).toBe(`${join(home, 'p.config.toml')}:2: model_provider = "amazon-bedrok" is neither built into codex nor defined in [model_providers]; codex would refuse to start (did you mean "amazon-bedrock"?)`);
    expect(findings[0]?.fix).toBe('write model_provider = "amazon-bedrock", or define [model_providers.amazon-bedrok]');
  });

  it('provider-unknown: a defined provider is the nearest name too; nothing near: the built-in ids listed', () => {
    const near = mistakes({ config: 'model_provider = "corp-gatewy"\n[model_providers.corp-gateway]\nbase_url = "https://x/v1"\n' }).findings;
    expect(near[0]?.message).toContain('(did you mean "corp-gateway"?)');
    expect(near[0]?.message).toMatch(/config\.toml:1: /);
    const far = mistakes({ config: 'model_provider = "zzz"\n' }).findings;
    expect(far[0]?.message).not.toContain('did you mean');
    expect(far[0]?.fix).toBe('use one codex builds in (openai, ollama, lmstudio, amazon-bedrock, amazon-bedrock-runtime, gcp) or define [model_providers.zzz]');
  });

  it('provider-unknown: never for the providers codex builds in, a defined one, or none set', () => {
    for (const id of ['openai', 'ollama', 'lmstudio', 'amazon-bedrock', 'amazon-bedrock-runtime', 'gcp']) {
      expect(codes({ config: `model_provider = "${id}"\n` }).filter((c) => c.endsWith('provider-unknown'))).toEqual([]);
    }
    expect(codes({ config: 'model_provider = "gw"\n', profile: '[model_providers.gw]\nbase_url = "https://x/v1"\n' })).toEqual([]);
    expect(codes({ config: 'model = "x"\n' })).toEqual([]);
  });
});
