import type { Restrictions } from '../config/cxrc.ts';
import type { EffectiveSettings } from '../config/effective-settings.ts';
import { isTable } from '../config/toml-file.ts';
import { wildcardMatch } from '../select/wildcard.ts';
import { type KnownWords, wordList } from './known-words.ts';

export interface Violation {
  /** `file:line` of the restriction. */
  at: string;
  message: string;
}

function feature(settings: EffectiveSettings, name: string): unknown {
  const features = settings.merged['features'];
  return isTable(features) ? features[name] : undefined;
}

// Whether a feature named in `features_off` is on for this run. Web search and service tiers are
// settings rather than feature flags; image generation is a flag that is on unless turned off.
const FEATURE_ON: Readonly<Record<string, (settings: EffectiveSettings) => boolean>> = {
  web_search: (s) => s.webSearch !== 'disabled',
  service_tier: (s) => s.serviceTier !== null,
  image_generation: (s) => feature(s, 'image_generation') !== false,
};

export function featureIsOn(settings: EffectiveSettings, name: string): boolean {
  const known = FEATURE_ON[name];
  return known ? known(settings) : feature(settings, name) === true;
}

/**
 * What a .cxrc's `[require]` forbids about this run. Restrictions only narrow, so they apply
 * whether or not the file is trusted; a region that cannot be told does not satisfy a region rule.
 * The allowed values are quoted only where `known` knows them (known-words.ts).
 */
export function checkRestrictions(settings: EffectiveSettings, require: Restrictions, known: KnownWords): Violation[] {
  const violations: Violation[] = [];
  if (require.providers !== null && !require.providers.includes(settings.provider)) {
    violations.push({ at: require.at.providers, message: `provider ${settings.provider} is not allowed here (allowed: ${wordList(known, 'providers', require.providers)})` });
  }
  if (require.regions !== null) {
    const region = settings.region;
    if (region === null) {
      violations.push({ at: require.at.regions, message: `the region of provider ${settings.provider} cannot be told, and only ${wordList(known, 'regions', require.regions)} are allowed here` });
    } else if (!require.regions.some((glob) => wildcardMatch(glob, region))) {
      violations.push({ at: require.at.regions, message: `region ${region} is not allowed here (allowed: ${wordList(known, 'regions', require.regions)})` });
    }
  }
  for (const name of require.featuresOff ?? []) {
    if (featureIsOn(settings, name)) {
      // A feature cx does not know is on only when the user's own config turned it on by that name.
      const fix = name === 'web_search' ? ' (set web_search = "disabled" in the profile, or pass -c web_search=disabled)' : '';
      violations.push({ at: require.at.features_off, message: `${name} must be off here but is on${fix}` });
    }
  }
  return violations;
}

/**
 * The settings a run's restrictions judge, or null when the command runs no model: codex's model
 * runs as they are, and `codex cloud`, which runs on OpenAI's side whatever the profile says.
 */
export function judgedSettings(settings: EffectiveSettings, runsModel: boolean, subcommand: string | null, informational: boolean): EffectiveSettings | null {
  if (runsModel) return settings;
  if (subcommand === 'cloud' && !informational) return { ...settings, provider: 'openai', region: null, regionFrom: null, regionFromAwsProfile: false };
  return null;
}
