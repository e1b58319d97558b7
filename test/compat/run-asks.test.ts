// What a run asks for (src/compat/run-asks.ts), read from codex's arguments and the config layers,
// telling an explicit request apart from codex's default.
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { type RunAsks, runAsks } from '../../src/compat/run-asks.ts';
import { effectiveSettings, overridesTable } from '../../src/config/effective-settings.ts';
import { readCodexArgs } from '../../src/plan/codex-args.ts';

/** What the run asks for with this config.toml, profile file and argv (and environment). */
function asks(config: string, profile: string, argv: readonly string[], env: Record<string, string> = {}): RunAsks {
  const shape = readCodexArgs(argv);
  const layers = [parse(config), parse(profile)];
  const args = overridesTable(shape.overrides);
  return runAsks(effectiveSettings([...layers, args], env), shape, layers, args);
}

describe('runAsks', () => {
  it('with nothing set: codex\'s default web search (cached), nothing else', () => {
    expect(asks('', '', ['exec', 'hi'])).toEqual({
      webSearch: { mode: 'cached', by: 'default' },
      searchFlag: false,
      deprecatedSearchFeatures: [],
      serviceTier: null,
      imageGeneration: false,
      voice: false,
      cloud: false,
      model: null,
      region: null,
      reasoningEffort: null,
    });
  });

  describe('web search', () => {
    it('from config.toml or the profile: by config', () => {
      expect(asks('web_search = "live"', '', ['exec']).webSearch).toEqual({ mode: 'live', by: 'config' });
      expect(asks('', 'web_search = "indexed"', ['exec']).webSearch).toEqual({ mode: 'indexed', by: 'config' });
      // The profile wins over config.toml.
      expect(asks('web_search = "live"', 'web_search = "disabled"', ['exec']).webSearch).toEqual({ mode: 'disabled', by: 'config' });
      // Even a config that writes codex's default asks for it explicitly.
      expect(asks('', 'web_search = "cached"', ['exec']).webSearch).toEqual({ mode: 'cached', by: 'config' });
    });

    it('from the arguments: -c (before or after the subcommand), and --search (TUI flag)', () => {
      expect(asks('web_search = "disabled"', '', ['-c', 'web_search=live', 'exec']).webSearch).toEqual({ mode: 'live', by: 'args' });
      expect(asks('', '', ['exec', '-c', 'web_search="cached"', 'hi']).webSearch).toEqual({ mode: 'cached', by: 'args' });
      const search = asks('', '', ['--search']);
      expect(search.webSearch).toEqual({ mode: 'live', by: 'args' });
      expect(search.searchFlag).toBe(true);
      // -c web_search=live is not the flag.
      expect(asks('', '', ['-c', 'web_search=live']).searchFlag).toBe(false);
      expect(asks('', '', ['exec', '--search', 'hi']).searchFlag).toBe(true);
    });

    it('the deprecated [features] spellings are listed, and map onto web_search when it is not set', () => {
      const request = asks('', '[features]\nweb_search_request = true', ['exec']);
      expect(request.deprecatedSearchFeatures).toEqual(['web_search_request']);
      expect(request.webSearch).toEqual({ mode: 'live', by: 'config' });
      const cached = asks('[features]\nweb_search_cached = true', '', ['exec']);
      expect(cached.deprecatedSearchFeatures).toEqual(['web_search_cached']);
      expect(cached.webSearch).toEqual({ mode: 'cached', by: 'config' });
      // Turned off: still deprecated, and the default stands.
      const off = asks('', '[features]\nweb_search_request = false\nweb_search_cached = false', ['exec']);
      expect(off.deprecatedSearchFeatures).toEqual(['web_search_request', 'web_search_cached']);
      expect(off.webSearch).toEqual({ mode: 'cached', by: 'default' });
      // web_search itself wins over them.
      expect(asks('web_search = "disabled"', '[features]\nweb_search_request = true', ['exec']).webSearch).toEqual({ mode: 'disabled', by: 'config' });
    });

    it('a deprecated spelling given in the arguments (--enable web_search_request) is asked for by the arguments', () => {
      const enabled = asks('', '', ['exec', '--enable', 'web_search_request', 'hi']);
      expect(enabled.deprecatedSearchFeatures).toEqual(['web_search_request']);
      expect(enabled.webSearch).toEqual({ mode: 'live', by: 'args' });
      expect(asks('', '', ['-c', 'features.web_search_cached=true', 'exec']).webSearch).toEqual({ mode: 'cached', by: 'args' });
    });
  });

  it('service tier, reasoning effort and model, from any layer; -m wins', () => {
    const a = asks('service_tier = "flex"\nmodel = "m1"', 'service_tier = "fast"\nmodel_reasoning_effort = "high"', ['-m', 'm2', 'exec']);
    expect(a).toMatchObject({ serviceTier: 'fast', reasoningEffort: 'high', model: 'm2' });
    expect(asks('', '', ['-c', 'model_reasoning_effort=bogus', 'exec']).reasoningEffort).toBe('bogus');
  });

  it('image generation and voice only when turned on explicitly (config or --enable)', () => {
    expect(asks('', '[features]\nimage_generation = true', ['exec']).imageGeneration).toBe(true);
    expect(asks('', '', ['--enable', 'image_generation', 'exec']).imageGeneration).toBe(true);
    expect(asks('[features]\nimage_generation = true', '', ['--disable', 'image_generation', 'exec']).imageGeneration).toBe(false);
    expect(asks('[features]\nin_app_voice = true', '', []).voice).toBe(true);
    expect(asks('', '[features]\nvoice = true', []).voice).toBe(true);
    expect(asks('[features]\nin_app_voice = false', '', []).voice).toBe(false);
  });

  it('codex cloud', () => {
    expect(asks('', '', ['cloud']).cloud).toBe(true);
    expect(asks('', '', ['exec', 'cloud']).cloud).toBe(false);
  });

  it('the region, for Bedrock: the provider\'s aws.region, else AWS_REGION, else AWS_DEFAULT_REGION', () => {
    const bedrock = 'model_provider = "amazon-bedrock"';
    expect(asks(bedrock, '[model_providers.amazon-bedrock.aws]\nregion = "eu-west-1"', ['exec'], { AWS_REGION: 'us-east-2' }).region).toBe('eu-west-1');
    expect(asks(bedrock, '', ['exec'], { AWS_REGION: 'us-east-2', AWS_DEFAULT_REGION: 'us-west-2' }).region).toBe('us-east-2');
    expect(asks(bedrock, '', ['exec'], { AWS_DEFAULT_REGION: 'us-west-2' }).region).toBe('us-west-2');
    expect(asks(bedrock, '', ['exec']).region).toBeNull();
    expect(asks('', '', ['exec'], { AWS_REGION: 'us-east-2' }).region).toBeNull();
  });
});
