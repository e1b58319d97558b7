// What a .cxrc's [require] forbids, beyond test/check/cxrc-restrictions.test.ts: service tiers,
// several region globs, the web-search fix, and which runs are judged at all.
import { describe, expect, it } from 'vitest';
import { checkRestrictions, featureIsOn, judgedSettings } from '../../src/check/cxrc-restrictions.ts';
import { knownWords } from '../../src/check/known-words.ts';
import { builtinTable } from '../../src/compat/table.ts';
import type { Restrictions } from '../../src/config/cxrc.ts';
import { effectiveSettings } from '../../src/config/effective-settings.ts';

const known = knownWords({ profiles: [], tables: [], region: null, table: builtinTable() });
const at = { providers: '/r/.cxrc:3', regions: '/r/.cxrc:4', features_off: '/r/.cxrc:5' };
const require = (over: Partial<Restrictions>): Restrictions => ({ providers: null, regions: null, featuresOff: null, at, ...over });
const bedrock = (region: string) => effectiveSettings([{ model_provider: 'amazon-bedrock', model_providers: { 'amazon-bedrock': { aws: { region } } } }], {});

describe('[require] features_off', () => {
  it('service_tier is on when the run sets one, off otherwise', () => {
    expect(featureIsOn(effectiveSettings([{ service_tier: 'flex' }], {}), 'service_tier')).toBe(true);
    expect(featureIsOn(effectiveSettings([{}], {}), 'service_tier')).toBe(false);
    const off = require({ featuresOff: ['service_tier'] });
    expect(checkRestrictions(effectiveSettings([{ service_tier: 'flex' }], {}), off, known)).toEqual([{ at: '/r/.cxrc:5', message: 'service_tier must be off here but is on' }]);
    expect(checkRestrictions(effectiveSettings([{}], {}), off, known)).toEqual([]);
  });

  it('web search on: the violation says how to turn it off', () => {
    expect(checkRestrictions(effectiveSettings([{}], {}), require({ featuresOff: ['web_search'] }), known)).toEqual([
      { at: '/r/.cxrc:5', message: 'web_search must be off here but is on (set web_search = "disabled" in the profile, or pass -c web_search=disabled)' },
    ]);
  });

  it('a flag cx does not know is on only when set to true', () => {
    expect(featureIsOn(effectiveSettings([{ features: { other: 'yes' } }], {}), 'other')).toBe(false);
    expect(featureIsOn(effectiveSettings([{ features: { other: true } }], {}), 'other')).toBe(true);
    expect(featureIsOn(effectiveSettings([{ features: 'not a table' }], {}), 'other')).toBe(false);
  });
});

describe('[require] regions', () => {
  it('a region matching any one of several globs is allowed', () => {
    const regions = require({ regions: ['eu-*', 'us-east-1'] });
    expect(checkRestrictions(bedrock('us-east-1'), regions, known)).toEqual([]);
    expect(checkRestrictions(bedrock('eu-west-3'), regions, known)).toEqual([]);
    expect(checkRestrictions(bedrock('us-west-2'), regions, known).map((v) => v.at)).toEqual(['/r/.cxrc:4']);
  });

  it('every restriction broken is one violation, in the order providers, regions, features', () => {
    const all = require({ providers: ['azure'], regions: ['eu-*'], featuresOff: ['web_search'] });
    expect(checkRestrictions(bedrock('us-east-1'), all, known).map((v) => v.at)).toEqual(['/r/.cxrc:3', '/r/.cxrc:4', '/r/.cxrc:5']);
  });
});

describe('judgedSettings: which runs the restrictions judge', () => {
  const settings = bedrock('us-east-1');
  it('a model run as it is; `codex cloud` as an OpenAI run with no region; anything else not at all', () => {
    expect(judgedSettings(settings, true, 'exec', false)).toBe(settings);
    expect(judgedSettings(settings, false, 'cloud', false)).toEqual({ ...settings, provider: 'openai', region: null, regionFrom: null, regionFromAwsProfile: false });
    expect(judgedSettings(settings, false, 'cloud', true)).toBeNull();
    expect(judgedSettings(settings, false, 'login', false)).toBeNull();
    expect(judgedSettings(settings, false, null, false)).toBeNull();
  });
});
